package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.InteractionType;
import io.murmuration.protocol.ParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The synthetic log: deterministic, time-ordered, and carrying the structure that was planted in it. */
class SyntheticInteractionsTest {

    /** Small enough to run in a second, large enough for the statistics below to be stable. */
    static final GeneratorSettings SMALL = GeneratorSettings.defaults()
            .withUsers(2_000)
            .withItems(1_000)
            .withEvents(60_000)
            .withStart(Instant.parse("2026-06-01T00:00:00Z"))
            .withSpan(Duration.ofDays(20))
            .withShiftAt(Instant.parse("2026-06-11T00:00:00Z"));

    static SyntheticInteractions log;
    static List<InteractionEvent> events;

    @BeforeAll
    static void generateOnce() {
        log = new SyntheticInteractions(SMALL);
        events = new ArrayList<>();
        log.forEach(events::add);
    }

    static byte[] written(GeneratorSettings settings) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SyntheticInteractions(settings).write(out);
        return out.toByteArray();
    }

    static byte[] truth(GeneratorSettings settings) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SyntheticInteractions(settings).writeTruth(out);
        return out.toByteArray();
    }

    static int itemGenre(InteractionEvent e) {
        return log.tastes().primaryGenreOfItem(SyntheticInteractions.itemIndex(e.itemId()));
    }

    static int userGenre(InteractionEvent e, Instant at) {
        return log.tastes().primaryGenreOfUser(SyntheticInteractions.userIndex(e.userId()), at);
    }

    /** Same seed, same bytes; another seed, other bytes. */
    @Nested
    class Determinism {

        @Test
        void sameSeedWritesIdenticalBytesInEveryFormat() throws IOException {
            GeneratorSettings settings = SMALL.withEvents(5_000);

            assertArrayEquals(written(settings), written(settings));
            assertArrayEquals(written(settings.withFormat(GeneratorSettings.Format.CSV)),
                    written(settings.withFormat(GeneratorSettings.Format.CSV)));
            assertArrayEquals(truth(settings), truth(settings));
        }

        @Test
        void differentSeedWritesDifferentEventsAndTruth() throws IOException {
            GeneratorSettings settings = SMALL.withEvents(5_000);

            assertFalse(Arrays.equals(written(settings), written(settings.withSeed(43))));
            assertFalse(Arrays.equals(truth(settings), truth(settings.withSeed(43))));
        }

        @Test
        void iteratingTwiceGivesTheSameEvents() {
            List<InteractionEvent> again = new ArrayList<>();
            log.forEach(again::add);

            assertEquals(events, again);
        }
    }

    /** Count, order and spacing of events in time. */
    @Nested
    class Timing {

        @Test
        void writesExactlyTheRequestedNumberOfEventsWithUniqueIds() {
            Set<String> ids = new HashSet<>();
            events.forEach(e -> ids.add(e.eventId()));

            assertEquals(SMALL.events(), events.size());
            assertEquals(events.size(), ids.size());
        }

        @Test
        void eventsAreInTimeOrderWithinTheSpan() {
            Instant previous = SMALL.start();
            for (InteractionEvent e : events) {
                assertFalse(e.timestamp().isBefore(previous), () -> e + " comes after a later event");
                assertTrue(e.timestamp().isBefore(SMALL.end()), () -> e + " is after the span");
                previous = e.timestamp();
            }
        }

        @Test
        void eventsSpreadOverTheWholeSpan() {
            long[] perDay = new long[20];
            events.forEach(e -> perDay[(int) Duration.between(SMALL.start(), e.timestamp()).toDays()]++);

            long expected = SMALL.events() / 20;
            for (long day : perDay) {
                assertTrue(day > expected / 2 && day < expected * 2, () -> "events per day " + Arrays.toString(perDay));
            }
        }

        @Test
        void sessionsAreShortRunsCloseInTimeAroundOneGenre() {
            Map<String, List<InteractionEvent>> bySession = new HashMap<>();
            events.forEach(e -> bySession.computeIfAbsent(e.context().get("session"), k -> new ArrayList<>()).add(e));

            double meanLength = (double) events.size() / bySession.size();
            long gaps = 0;
            long gapMillis = 0;
            long pairs = 0;
            long sameGenre = 0;
            for (List<InteractionEvent> session : bySession.values()) {
                assertEquals(1, session.stream().map(InteractionEvent::userId).distinct().count());
                for (int i = 1; i < session.size(); i++) {
                    InteractionEvent previous = session.get(i - 1);
                    InteractionEvent current = session.get(i);
                    gaps++;
                    gapMillis += Duration.between(previous.timestamp(), current.timestamp()).toMillis();
                    if (current.type() != InteractionType.SKIP && previous.type() != InteractionType.SKIP) {
                        pairs++;
                        sameGenre += itemGenre(current) == itemGenre(previous) ? 1 : 0;
                    }
                }
            }

            assertTrue(meanLength > 4 && meanLength < 8, "mean session length " + meanLength);
            double meanGapSeconds = gapMillis / 1000.0 / gaps;
            assertTrue(meanGapSeconds > 30 && meanGapSeconds < 50, "mean gap " + meanGapSeconds + " s");
            double sameGenreShare = (double) sameGenre / pairs;
            assertTrue(sameGenreShare > 0.6, "consecutive items of one genre: " + sameGenreShare);
        }
    }

    /** What a recommender should be able to find: popularity, tastes, the shift. */
    @Nested
    class PlantedStructure {

        @Test
        void topPercentOfItemsGetsTheShareTheZipfExponentPredicts() {
            double flatter = topPercentShare(0.6);
            double steeper = topPercentShare(1.2);

            double flatterExpected = zipfTopShare(SMALL.items(), 0.6);
            double steeperExpected = zipfTopShare(SMALL.items(), 1.2);
            assertTrue(flatter > 0.7 * flatterExpected && flatter < 1.4 * flatterExpected,
                    "s=0.6: top 1% share " + flatter + ", Zipf predicts " + flatterExpected);
            assertTrue(steeper > 0.7 * steeperExpected && steeper < 1.4 * steeperExpected,
                    "s=1.2: top 1% share " + steeper + ", Zipf predicts " + steeperExpected);
            assertTrue(steeper > flatter + 0.1);
        }

        @Test
        void withoutSkewEveryItemIsAboutEquallyLikely() {
            double share = topPercentShare(0.0);

            assertTrue(share < 0.03, "top 1% share with exponent 0: " + share);
        }

        @Test
        void usersPickItemsOfTheirPlantedGenreFarMoreOftenThanChance() {
            long chosen = 0;
            long ofOwnGenre = 0;
            for (InteractionEvent e : events) {
                if (e.type() != InteractionType.SKIP) {
                    chosen++;
                    ofOwnGenre += itemGenre(e) == userGenre(e, e.timestamp()) ? 1 : 0;
                }
            }

            double share = (double) ofOwnGenre / chosen;
            double uniform = 1.0 / SMALL.genres();
            assertTrue(share > 3 * uniform, "own-genre share " + share + " against uniform " + uniform);
        }

        @Test
        void skipsFollowPopularityRatherThanTaste() {
            long skips = 0;
            long ofOwnGenre = 0;
            for (InteractionEvent e : events) {
                if (e.type() == InteractionType.SKIP) {
                    skips++;
                    ofOwnGenre += itemGenre(e) == userGenre(e, e.timestamp()) ? 1 : 0;
                }
            }

            double share = (double) ofOwnGenre / skips;
            assertTrue(share < 2.0 / SMALL.genres(), "own-genre share among skips " + share);
        }

        @Test
        void shiftedUsersMoveToAnotherGenreAfterTheShiftAndOthersStay() {
            Instant shift = SMALL.shiftAt();
            Instant justBefore = shift.minusMillis(1);
            // [before, after] × [events, of the user's original genre], for shifted and for unshifted users
            long[][] shifted = new long[2][2];
            long[][] unshifted = new long[2][2];
            long shiftedAfterOfNewGenre = 0;
            for (InteractionEvent e : events) {
                if (e.type() == InteractionType.SKIP) {
                    continue;
                }
                int user = SyntheticInteractions.userIndex(e.userId());
                // A session that straddles the shift keeps the taste it started with, so leave an hour's margin.
                if (Duration.between(shift, e.timestamp()).abs().toMinutes() < 60) {
                    continue;
                }
                int period = e.timestamp().isBefore(shift) ? 0 : 1;
                boolean original = itemGenre(e) == userGenre(e, justBefore);
                long[][] counts = log.tastes().isShifted(user) ? shifted : unshifted;
                counts[period][0]++;
                counts[period][1] += original ? 1 : 0;
                if (period == 1 && log.tastes().isShifted(user) && itemGenre(e) == userGenre(e, shift)) {
                    shiftedAfterOfNewGenre++;
                }
            }

            double shiftedBefore = share(shifted[0]);
            double shiftedAfter = share(shifted[1]);
            double unshiftedBefore = share(unshifted[0]);
            double unshiftedAfter = share(unshifted[1]);
            double shiftedNew = (double) shiftedAfterOfNewGenre / shifted[1][0];
            assertTrue(shiftedBefore > 0.4, "shifted users' original genre before: " + shiftedBefore);
            assertTrue(shiftedAfter < 0.15, "shifted users' original genre after: " + shiftedAfter);
            assertTrue(shiftedNew > 0.4, "shifted users' new genre after: " + shiftedNew);
            assertTrue(Math.abs(unshiftedBefore - unshiftedAfter) < 0.05,
                    "unshifted users' own genre before " + unshiftedBefore + ", after " + unshiftedAfter);
        }

        @Test
        void exactlyTheChosenShareOfUsersShifts() {
            long count = 0;
            for (int user = 0; user < SMALL.users(); user++) {
                count += log.tastes().isShifted(user) ? 1 : 0;
            }

            assertEquals(Math.round(SMALL.shiftShare() * SMALL.users()), count);
            assertEquals(count, log.tastes().shiftedUsers().length);
        }

        @Test
        void interactionTypesFollowAFunnelAndRatingsAreStars() {
            Map<InteractionType, Long> counts = new EnumMap<>(InteractionType.class);
            events.forEach(e -> counts.merge(e.type(), 1L, Long::sum));

            assertEquals(6, counts.size(), "every type occurs: " + counts);
            assertTrue(counts.get(InteractionType.VIEW) > counts.get(InteractionType.CLICK));
            assertTrue(counts.get(InteractionType.CLICK) > counts.get(InteractionType.ADD_TO_CART));
            assertTrue(counts.get(InteractionType.ADD_TO_CART) > counts.get(InteractionType.PURCHASE));
            double viewShare = (double) counts.get(InteractionType.VIEW) / events.size();
            assertTrue(viewShare > 0.5 && viewShare < 0.6, "view share " + viewShare);
            for (InteractionEvent e : events) {
                if (e.type() == InteractionType.RATING) {
                    assertTrue(e.value() >= 1 && e.value() <= 5 && e.value() == Math.rint(e.value()), e::toString);
                } else {
                    assertEquals(null, e.value(), e::toString);
                }
            }
        }

        @Test
        void ownGenreItemsAreRatedHigherThanOthers() {
            double[] sum = new double[2];
            long[] count = new long[2];
            for (InteractionEvent e : events) {
                if (e.type() == InteractionType.RATING) {
                    int own = itemGenre(e) == userGenre(e, e.timestamp()) ? 1 : 0;
                    sum[own] += e.value();
                    count[own]++;
                }
            }

            assertTrue(sum[1] / count[1] > sum[0] / count[0] + 1,
                    "mean rating own genre " + sum[1] / count[1] + ", other genres " + sum[0] / count[0]);
        }

        private double topPercentShare(double exponent) {
            GeneratorSettings settings = SMALL.withPopularityExponent(exponent).withEvents(40_000);
            int[] perItem = new int[settings.items()];
            for (InteractionEvent e : new SyntheticInteractions(settings)) {
                perItem[SyntheticInteractions.itemIndex(e.itemId())]++;
            }
            Arrays.sort(perItem);
            long top = 0;
            for (int i = perItem.length - perItem.length / 100; i < perItem.length; i++) {
                top += perItem[i];
            }
            return (double) top / settings.events();
        }

        private double zipfTopShare(int items, double exponent) {
            double top = 0;
            double all = 0;
            for (int rank = 1; rank <= items; rank++) {
                double weight = Math.pow(rank, -exponent);
                all += weight;
                top += rank <= items / 100 ? weight : 0;
            }
            return top / all;
        }

        private double share(long[] counts) {
            return (double) counts[1] / counts[0];
        }
    }

    /** The bytes on disk: JSONL the node accepts, CSV rows, the truth sidecar. */
    @Nested
    class Formats {

        private static final Pattern CSV_ROW = Pattern.compile(
                "(user-\\d+),(item-\\d+),(\\d+),(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z)");

        @Test
        void everyJsonLineParsesAsTheValidEventItCameFrom() throws IOException {
            GeneratorSettings settings = SMALL.withEvents(5_000);
            InteractionEventCodec codec = new InteractionEventCodec(Clock.fixed(settings.end(), ZoneOffset.UTC));

            String[] lines = new String(written(settings), StandardCharsets.UTF_8).split("\n", -1);

            assertEquals(settings.events() + 1, lines.length, "one line per event and a final newline");
            assertEquals("", lines[lines.length - 1]);
            int i = 0;
            for (InteractionEvent expected : new SyntheticInteractions(settings)) {
                ParseResult result = codec.parse(lines[i].getBytes(StandardCharsets.UTF_8));
                assertInstanceOf(ParseResult.Valid.class, result, lines[i]);
                assertEquals(expected, ((ParseResult.Valid) result).event());
                i++;
            }
        }

        @Test
        void csvHasAHeaderAndOneRowPerEventWithWeightOrRating() throws IOException {
            GeneratorSettings settings = SMALL.withEvents(5_000).withFormat(GeneratorSettings.Format.CSV);

            String[] lines = new String(written(settings), StandardCharsets.US_ASCII).split("\n", -1);

            assertEquals("userId,itemId,value,timestamp", lines[0]);
            assertEquals(settings.events() + 2, lines.length, "header, one row per event, a final newline");
            int row = 1;
            for (InteractionEvent e : new SyntheticInteractions(settings)) {
                Matcher m = CSV_ROW.matcher(lines[row]);
                if (!m.matches()) {
                    fail("row " + row + " is malformed: " + lines[row]);
                }
                assertEquals(e.userId(), m.group(1));
                assertEquals(e.itemId(), m.group(2));
                assertEquals(SyntheticInteractions.csvValue(e), Double.parseDouble(m.group(3)));
                assertEquals(e.timestamp(), Instant.parse(m.group(4)));
                row++;
            }
        }

        @Test
        void csvWeightsRankPurchaseAboveCartAboveClickAboveViewAndSkipAtZero() {
            Map<InteractionType, Double> weight = new EnumMap<>(InteractionType.class);
            for (InteractionType type : InteractionType.values()) {
                Double value = type == InteractionType.RATING ? 4.0 : null;
                weight.put(type, SyntheticInteractions.csvValue(
                        new InteractionEvent("e", "user-1", "item-1", type, value, Instant.EPOCH, Map.of())));
            }

            assertEquals(0.0, weight.get(InteractionType.SKIP));
            assertEquals(4.0, weight.get(InteractionType.RATING));
            assertTrue(weight.get(InteractionType.VIEW) < weight.get(InteractionType.CLICK));
            assertTrue(weight.get(InteractionType.CLICK) < weight.get(InteractionType.ADD_TO_CART));
            assertTrue(weight.get(InteractionType.ADD_TO_CART) < weight.get(InteractionType.PURCHASE));
        }

        @Test
        void truthNamesEveryShiftedUserWithTheGenresAndTheInstant() throws IOException {
            String json = new String(truth(SMALL), StandardCharsets.UTF_8);

            Matcher entry = Pattern.compile(
                    "\\{\"userId\": \"(user-\\d+)\", \"fromGenre\": (\\d+), \"toGenre\": (\\d+), \"at\": \"([^\"]+)\"}")
                    .matcher(json);
            List<Integer> named = new ArrayList<>();
            while (entry.find()) {
                int user = SyntheticInteractions.userIndex(entry.group(1));
                named.add(user);
                assertEquals(log.tastes().primaryGenreOfUser(user, SMALL.shiftAt().minusSeconds(1)),
                        Integer.parseInt(entry.group(2)));
                assertEquals(log.tastes().primaryGenreOfUser(user, SMALL.shiftAt()), Integer.parseInt(entry.group(3)));
                assertTrue(!entry.group(2).equals(entry.group(3)));
                assertEquals(SMALL.shiftAt(), Instant.parse(entry.group(4)));
            }
            assertEquals(Arrays.stream(log.tastes().shiftedUsers()).boxed().toList(), named);
            assertTrue(json.contains("\"shiftAt\": \"2026-06-11T00:00:00Z\""), json);
        }

        @Test
        void progressIsReportedAtEveryTenth() throws IOException {
            List<Long> reported = new ArrayList<>();

            new SyntheticInteractions(SMALL.withEvents(1_003)).write(new ByteArrayOutputStream(), reported::add);

            assertEquals(List.of(101L, 201L, 301L, 402L, 502L, 602L, 703L, 803L, 903L, 1_003L), reported);
        }
    }
}
