package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The replay's scheduling, with a fake send that ends each item after a given delay on another thread. */
class UserOrderedWindowTest {

    private record Item(int position, String user, long delayMillis) {
        @Override
        public String toString() {
            return user + "#" + position;
        }
    }

    /** What happened, in order: "start u#3", "end u#3", ... and the most items ever in flight at once. */
    private static final class Journal {
        final List<String> entries = new ArrayList<>();
        int inFlight;
        int mostInFlight;

        synchronized CompletionStage<?> send(Item item) {
            entries.add("start " + item);
            inFlight++;
            mostInFlight = Math.max(mostInFlight, inFlight);
            Executor later = CompletableFuture.delayedExecutor(item.delayMillis(), TimeUnit.MILLISECONDS);
            return CompletableFuture.runAsync(() -> ended(item), later);
        }

        synchronized void ended(Item item) {
            entries.add("end " + item);
            inFlight--;
        }

        synchronized List<String> starts() {
            return entries.stream().filter(e -> e.startsWith("start ")).toList();
        }
    }

    @Test
    void aWindowOfOneStartsEachItemOnlyAfterThePreviousEnded() throws Exception {
        List<Item> items = List.of(new Item(0, "a", 3), new Item(1, "b", 1), new Item(2, "c", 2), new Item(3, "a", 1));
        Journal journal = new Journal();

        new UserOrderedWindow(1).run(items, Item::user, journal::send);

        assertEquals(List.of("start a#0", "end a#0", "start b#1", "end b#1", "start c#2", "end c#2",
                "start a#3", "end a#3"), journal.entries);
    }

    @Test
    void startsEveryItemOnceWithinTheLookAheadWithNeverTwoOfOneUserInFlight() throws Exception {
        Random random = new Random(42);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(new Item(i, "u" + random.nextInt(12), random.nextInt(4)));
        }
        Journal journal = new Journal();

        new UserOrderedWindow(4).run(items, Item::user, journal::send);

        assertEquals(items.stream().map(i -> "start " + i).sorted().toList(), journal.starts().stream().sorted().toList());
        Set<Integer> started = new HashSet<>();
        int earliestUnstarted = 0;
        for (String start : journal.starts()) {
            int position = Integer.parseInt(start.substring(start.indexOf('#') + 1));
            assertTrue(position < earliestUnstarted + 4, start + " started more than the window ahead of #" + earliestUnstarted);
            started.add(position);
            while (started.contains(earliestUnstarted)) {
                earliestUnstarted++;
            }
        }
        Set<String> busy = new HashSet<>();
        for (String entry : journal.entries) {
            String user = entry.substring(entry.indexOf(' ') + 1, entry.indexOf('#'));
            if (entry.startsWith("start ")) {
                assertTrue(busy.add(user), "two items of " + user + " in flight at " + entry);
            } else {
                busy.remove(user);
            }
        }
        assertEquals(400, journal.entries.size());
        assertEquals(4, journal.mostInFlight);
    }

    @Test
    void anItemOfAFreeUserPassesOneWhoseUserIsBusyButNotBeyondTheLookAhead() throws Exception {
        // u1's first item is slow: u2 may start ahead of u1's second item; u3 is beyond a look-ahead of 2
        List<Item> items = List.of(new Item(0, "u1", 100), new Item(1, "u1", 50), new Item(2, "u2", 0),
                new Item(3, "u3", 0));
        Journal journal = new Journal();

        new UserOrderedWindow(2).run(items, Item::user, journal::send);

        assertEquals(List.of("start u1#0", "start u2#2", "end u2#2"), journal.entries.subList(0, 3));
        assertTrue(journal.entries.indexOf("start u3#3") > journal.entries.indexOf("start u1#1"),
                "u3 waits until u1's second item has started: " + journal.entries);
    }

    @Test
    void keepsPerUserOrderOfEachUsersItems() throws Exception {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(new Item(i, "u" + i % 3, (7L * i) % 5));
        }
        Journal journal = new Journal();

        new UserOrderedWindow(8).run(items, Item::user, journal::send);

        Map<String, Integer> lastEnded = new HashMap<>();
        for (String entry : journal.entries) {
            if (entry.startsWith("end ")) {
                String user = entry.substring(4, entry.indexOf('#'));
                int position = Integer.parseInt(entry.substring(entry.indexOf('#') + 1));
                assertTrue(lastEnded.getOrDefault(user, -1) < position, "out of order: " + entry);
                lastEnded.put(user, position);
            }
        }
        assertEquals(Map.of("u0", 57, "u1", 58, "u2", 59), lastEnded);
    }

    @Test
    void aFailureStopsFurtherStartsAndIsThrownOnceTheItemsInFlightEnded() {
        RuntimeException refused = new IllegalStateException("answered 503");
        List<String> started = new ArrayList<>();
        List<Item> items = List.of(new Item(0, "a", 0), new Item(1, "b", 0), new Item(2, "c", 0));

        ExecutionException thrown = assertThrows(ExecutionException.class, () -> new UserOrderedWindow(1).run(
                items, Item::user, item -> {
                    started.add(item.toString());
                    return item.position() == 1
                            ? CompletableFuture.failedFuture(refused)
                            : CompletableFuture.completedFuture(null);
                }));

        assertSame(refused, thrown.getCause());
        assertEquals(List.of("a#0", "b#1"), started);
    }
}
