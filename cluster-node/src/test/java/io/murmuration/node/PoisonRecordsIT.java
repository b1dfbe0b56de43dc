package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.murmuration.node.HostileRequests.Breakage;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.TestTraffic.Record;
import io.murmuration.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Poison straight onto the interactions topic, past the HTTP validation: a few hundred seeded bad records (not JSON,
 * null values, broken fields, the relatives of issue 9's event) among valid ones, some of those keyed by something
 * other than their user. Every bad record must reach the dead-letter topic with its reason and field, and every valid
 * one must be persisted exactly once: a bad record may neither stall its partition nor be stored.
 */
class PoisonRecordsIT {

    private static final int VALID = 200;
    private static final int BAD = 300;
    private static final List<String> USERS = IntStream.range(0, 20).mapToObj(i -> "k-user-" + i).toList();

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndEveryValidOneIsPersistedOnce() throws Exception {
        long seed = HostileInputIT.SEED;
        Random random = new Random(seed);
        RealInfrastructure.ensureRunning();
        Run run = Run.create("poison");
        run.prepare();
        try (MurmurationNode node = MurmurationNode.start(run.nodeConfig())) {
            // given valid records, a tenth keyed by something other than their user and some with no key at all,
            // shuffled among bad ones that each break one rule
            Map<String, List<String>> validIdsByUser = new TreeMap<>();
            List<Record> records = new ArrayList<>();
            for (int i = 0; i < VALID; i++) {
                String user = USERS.get(i % USERS.size());
                String id = "k-ev-" + i;
                validIdsByUser.computeIfAbsent(user, u -> new ArrayList<>()).add(id);
                String key = i % 10 == 3 ? "other-key-" + i : i % 25 == 7 ? null : user;
                String type = List.of("view", "click", "add_to_cart", "purchase", "skip", "rating").get(i % 6);
                Map<String, String> fields = fields(id, user, "k-item-" + random.nextInt(40), type, TestTraffic.START.plusSeconds(i));
                if (type.equals("rating") || i % 7 == 0) fields.put("value", Integer.toString(random.nextInt(11)));
                records.add(new Record(key, json(fields).getBytes(StandardCharsets.UTF_8)));
            }
            Map<String, String> expectedFieldByKey = new HashMap<>();
            List<Breakage> breakages = new ArrayList<>(HostileRequests.poisonRelatives(Instant.now()));
            breakages.addAll(HostileRequests.FIELD_BREAKAGES);
            for (int i = 0; i < BAD; i++) {
                String key = "bad-" + i;
                if (i % 3 == 0) {
                    records.add(new Record(key, notAnEvent(i, random)));
                } else {
                    Breakage b = breakages.get(random.nextInt(breakages.size()));
                    records.add(new Record(key, broken("k-bad-" + i, USERS.get(random.nextInt(USERS.size())), b).getBytes(StandardCharsets.UTF_8)));
                    expectedFieldByKey.put(key, b.field());
                }
            }
            Collections.shuffle(records, random);

            // when they are produced onto the run's interactions topic
            TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.topic(), records);

            // then every valid event is persisted, exactly once, and no bad one
            long persisted = TestTraffic.awaitValue(() -> interactions(node).size(), VALID, Duration.ofMinutes(3));
            Thread.sleep(3000);
            List<String> stored = interactions(node);
            List<String> lost = new ArrayList<>();
            validIdsByUser.values().forEach(ids -> ids.stream().filter(id -> !stored.contains(id)).forEach(lost::add));
            Map<String, Long> copies = new TreeMap<>();
            stored.forEach(id -> copies.merge(id, 1L, Long::sum));
            List<String> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            List<String> badStored = stored.stream().filter(id -> id.startsWith("k-bad-")).toList();

            // and every bad record is on the dead-letter topic with a reason and the field at fault
            List<ConsumerRecord<String, byte[]>> letters =
                    TestTraffic.consumeAll(RealInfrastructure.kafkaBootstrap(), run.deadLetterTopic(), BAD, Duration.ofSeconds(45));
            Map<String, ConsumerRecord<String, byte[]>> letterByKey = new HashMap<>();
            letters.forEach(l -> letterByKey.put(l.key(), l));
            List<String> notDeadLettered = new ArrayList<>();
            List<String> wrongLetters = new ArrayList<>();
            for (int i = 0; i < BAD; i++) {
                String key = "bad-" + i;
                ConsumerRecord<String, byte[]> letter = letterByKey.get(key);
                if (letter == null) {
                    notDeadLettered.add(key + " " + records.stream().filter(r -> key.equals(r.key())).findFirst()
                            .map(r -> r.value() == null ? "null" : abbreviate(new String(r.value(), StandardCharsets.UTF_8))).orElse(""));
                    continue;
                }
                String reason = header(letter, Topics.DLQ_REASON_HEADER);
                String field = header(letter, Topics.DLQ_FIELD_HEADER);
                String expected = expectedFieldByKey.get(key);
                if (reason.isBlank() || field.isBlank() || (expected != null && !(field.equals(expected) || field.startsWith(expected + ".")))) {
                    wrongLetters.add(key + ": reason '" + reason + "', field '" + field + "'" + (expected == null ? "" : ", expected " + expected));
                }
            }
            long validLettered = letters.stream().filter(l -> l.key() == null || !l.key().startsWith("bad-")).count();

            System.out.printf(
                    "Poison records: seed %d, %d produced (%d valid, %d bad), %d dead-lettered, %d persisted, %d lost, %d duplicated, "
                            + "%d bad persisted, %d bad not dead-lettered, %d valid dead-lettered%n",
                    seed, records.size(), VALID, BAD, letters.size(), stored.size(), lost.size(), duplicated.size(), badStored.size(),
                    notDeadLettered.size(), validLettered);
            assertTrue(notDeadLettered.isEmpty(), notDeadLettered.size() + " bad records not dead-lettered, e.g. " + first(notDeadLettered));
            assertTrue(wrongLetters.isEmpty(), "dead letters without reason or with the wrong field: " + first(wrongLetters));
            assertEquals(List.of(), badStored, "bad records persisted");
            assertEquals(List.of(), lost, "valid events lost (persisted " + persisted + ")");
            assertEquals(List.of(), duplicated, "valid events persisted more than once");
            assertEquals(0, validLettered, "valid records dead-lettered");
        }
    }

    private static List<String> interactions(MurmurationNode node) {
        List<String> all = new ArrayList<>();
        try {
            for (String user : USERS) all.addAll(NodeHttp.interactionIds(node, user));
        } catch (Exception e) {
            return List.of(); // not answering yet: the wait polls again
        }
        return all;
    }

    private static Map<String, String> fields(String eventId, String userId, String itemId, String type, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("eventId", "\"" + eventId + "\"");
        f.put("userId", "\"" + userId + "\"");
        f.put("itemId", "\"" + itemId + "\"");
        f.put("type", "\"" + type + "\"");
        f.put("timestamp", "\"" + at + "\"");
        return f;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return s.append('}').toString();
    }

    private static String broken(String eventId, String user, Breakage b) {
        Map<String, String> f = fields(eventId, user, "k-item-1", b.asRating() ? "rating" : "click", TestTraffic.START);
        if (b.asRating() || b.field().equals("value")) f.put("value", "5");
        if (b.json() == null) f.remove(b.field());
        else f.put(b.field(), b.json());
        return json(f);
    }

    /** Records that are no event at all; null stands for a record without a value. */
    private static byte[] notAnEvent(int i, Random random) {
        String valid = json(fields("k-bad-" + i, USERS.get(i % USERS.size()), "k-item-2", "view", TestTraffic.START));
        return switch (i / 3 % 12) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> "{not json".getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[" + valid + "]").getBytes(StandardCharsets.UTF_8);
            case 4 -> "null".getBytes(StandardCharsets.UTF_8);
            case 5 -> (valid + "garbage").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"eventId\":\"k-bad-dup-" + i + "\"," + valid.substring(1)).getBytes(StandardCharsets.UTF_8);
            case 7 -> {
                byte[] b = valid.getBytes(StandardCharsets.UTF_8);
                b[b.length / 2] = (byte) 0xff;
                yield b;
            }
            case 8 -> ("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8);
            case 9 -> {
                byte[] b = new byte[1 + random.nextInt(500)];
                random.nextBytes(b);
                b[0] = '{';
                yield b;
            }
            case 10 -> valid.replace("\"view\"", "\"view\",\"type\":\"click\"").getBytes(StandardCharsets.UTF_8);
            default -> ("\"" + "z".repeat(200_000) + "\"").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String header(ConsumerRecord<String, byte[]> letter, String name) {
        Header h = letter.headers().lastHeader(name);
        return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String first(List<String> items) {
        return String.join("\n  ", items.subList(0, Math.min(10, items.size())));
    }
}
