package io.murmuration.bench;

import io.murmuration.protocol.CatalogItemCodec;
import io.murmuration.protocol.InteractionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A share of new items: released part-way through the log, never visited before, and described by the catalog. */
class NewItemsTest {

    private static final GeneratorSettings WITH_NEW = SyntheticInteractionsTest.SMALL.withNewItemShare(0.1);

    @TempDir
    Path dir;

    @Test
    void exactlyTheShareOfItemsIsNewAndReleasedBetweenAThirdAndFiveSixthsOfTheLog() {
        SyntheticInteractions log = new SyntheticInteractions(WITH_NEW);
        int fresh = 0;
        for (int item = 0; item < WITH_NEW.items(); item++) {
            if (log.tastes().isNew(item)) {
                fresh++;
                Instant release = log.tastes().releaseOf(item, WITH_NEW.start());
                assertFalse(release.isBefore(WITH_NEW.firstRelease()), release.toString());
                assertTrue(release.isBefore(WITH_NEW.lastRelease()), release.toString());
            }
        }
        assertEquals(100, fresh);
    }

    @Test
    void nobodyTouchesANewItemBeforeItsReleaseAndMostAreTouchedAfter() {
        SyntheticInteractions log = new SyntheticInteractions(WITH_NEW);
        Map<Integer, Instant> firstVisit = new HashMap<>();
        for (InteractionEvent e : log) {
            int item = SyntheticInteractions.itemIndex(e.itemId());
            firstVisit.putIfAbsent(item, e.timestamp());
            if (log.tastes().isNew(item)) {
                assertFalse(e.timestamp().isBefore(log.tastes().releaseOf(item, WITH_NEW.start())), e.toString());
            }
        }
        long visitedNew = firstVisit.keySet().stream().filter(log.tastes()::isNew).count();
        assertTrue(visitedNew >= 80, "new items visited after their release: " + visitedNew);
    }

    @Test
    void withoutNewItemsTheLogIsTheSameAsBeforeTheOption() throws IOException {
        GeneratorSettings none = SyntheticInteractionsTest.SMALL.withNewItemShare(0);
        assertArrayEquals(SyntheticInteractionsTest.written(SyntheticInteractionsTest.SMALL),
                SyntheticInteractionsTest.written(none));
        assertFalse(Arrays.equals(SyntheticInteractionsTest.written(none), SyntheticInteractionsTest.written(WITH_NEW)));
    }

    @Test
    void theCatalogNamesEveryItemWithItsGenreAndTheNewOnesWithTheirRelease() throws IOException {
        SyntheticInteractions log = new SyntheticInteractions(WITH_NEW);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.writeCatalog(out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();

        assertEquals(WITH_NEW.items(), lines.size());
        CatalogItemCodec codec = new CatalogItemCodec();
        for (int item = 0; item < lines.size(); item++) {
            CatalogItemCodec.Result parsed = codec.parse(lines.get(item).getBytes(StandardCharsets.UTF_8));
            assertTrue(parsed.isValid(), lines.get(item));
            assertEquals(SyntheticInteractions.itemId(item), parsed.item().itemId());
            assertEquals("genre-" + log.tastes().primaryGenreOfItem(item), parsed.item().attributes().get("category"));
            assertEquals(log.tastes().isNew(item), parsed.item().attributes().containsKey("released"), lines.get(item));
        }
    }

    @Test
    void theCommandLineWritesTheCatalogBesideTheLogAndRefusesABadShare() throws IOException {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Path out = dir.resolve("events.jsonl");

        int status = GeneratorCommandLine.run(new String[] {"--users", "50", "--items", "40", "--events", "500",
                "--new-item-share", "0.25", "--out", out.toString()}, err);

        assertEquals(0, status, errBytes.toString(StandardCharsets.UTF_8));
        List<String> catalog = Files.readAllLines(dir.resolve("events.catalog.jsonl"));
        assertEquals(40, catalog.size());
        assertEquals(10, catalog.stream().filter(l -> l.contains("\"released\"")).count());

        int refused = GeneratorCommandLine.run(new String[] {"--new-item-share", "1.5", "--out", "x"}, err);
        assertEquals(2, refused);
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("generate: --new-item-share must be in [0, 1]"));
    }
}
