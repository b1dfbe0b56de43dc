package io.murmuration.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.murmuration.protocol.WireFixtures.JSON;
import static io.murmuration.protocol.WireFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolJsonTest {

    private static final Instant FIRST = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant LAST = Instant.parse("2026-11-22T09:30:00.5Z");

    private static String text(Object value) {
        return new String(ProtocolJson.write(value), StandardCharsets.UTF_8);
    }

    @Test
    void thereIsOneSharedMapper() {
        assertSame(ProtocolJson.mapper(), ProtocolJson.mapper());
    }

    @Test
    void errorResponseUsesItsFieldNamesAndOmitsAnAbsentField() {
        assertEquals("{\"error\":\"[3].timestamp: bad\",\"field\":\"[3].timestamp\"}",
                text(new ErrorResponse("[3].timestamp: bad", "[3].timestamp")));
        assertEquals("{\"error\":\"too many requests\"}", text(new ErrorResponse("too many requests", null)));
    }

    @Test
    void acceptedResponseIsACount() {
        assertEquals("{\"accepted\":3}", text(new AcceptedResponse(3)));
    }

    @Test
    void recommendationsResponseWritesItsFieldsAndItems() {
        RecommendationsResponse given = new RecommendationsResponse("user-42", "v7", false,
                List.of(new RecommendedItem("sku-1", 0.91, "because you viewed sku-9")), List.of());

        assertEquals("{\"userId\":\"user-42\",\"modelVersion\":\"v7\",\"fallback\":false,\"partial\":false,"
                + "\"missing\":[],\"items\":"
                + "[{\"itemId\":\"sku-1\",\"score\":0.91,\"reason\":\"because you viewed sku-9\"}]}", text(given));
    }

    @Test
    void aListWithoutSomePartSaysItIsPartialAndNamesThePart() {
        RecommendationsResponse given = new RecommendationsResponse("u", "v7", false, List.of(),
                List.of("item-shard 3: search"));

        assertEquals("{\"userId\":\"u\",\"modelVersion\":\"v7\",\"fallback\":false,\"partial\":true,"
                + "\"missing\":[\"item-shard 3: search\"],\"items\":[]}", text(given));
        assertEquals(given, ProtocolJson.read(text(given).getBytes(StandardCharsets.UTF_8),
                RecommendationsResponse.class));
    }

    @Test
    void popularResponseWritesItsItems() {
        assertEquals("{\"items\":[{\"itemId\":\"a\",\"score\":2.0,\"reason\":\"popular\"}]}",
                text(new PopularResponse(List.of(new RecommendedItem("a", 2.0, "popular")))));
    }

    @Test
    void instantsAreWrittenAsIsoStrings() throws Exception {
        HistoryEntry given = new HistoryEntry("e1", "sku-1", "rating", 4.0, LAST);

        JsonNode json = JSON.readTree(ProtocolJson.write(given));

        assertEquals("2026-11-22T09:30:00.500Z", json.get("timestamp").textValue());
    }

    @Test
    void historyEntryOmitsAnAbsentValue() {
        assertEquals("{\"eventId\":\"e1\",\"itemId\":\"sku-1\",\"type\":\"view\",\"timestamp\":\"2026-11-01T08:00:00Z\"}",
                text(new HistoryEntry("e1", "sku-1", "view", null, FIRST)));
    }

    @Test
    void historyEntryShowsAnEventsTypeByWireName() {
        InteractionEvent event = new InteractionEvent("e1", "u", "sku-1", InteractionType.ADD_TO_CART, null, FIRST, Map.of());

        assertEquals(new HistoryEntry("e1", "sku-1", "add_to_cart", null, FIRST), HistoryEntry.of(event));
    }

    @Test
    void userProfileRoundTrips() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("view", 10L);
        counts.put("purchase", 1L);
        UserProfileResponse given = new UserProfileResponse("user-42", 11, counts, FIRST, LAST,
                List.of(new HistoryEntry("e11", "sku-1", "purchase", null, LAST)),
                new UserDrift(7, 0.41, 1.25, "v1", FIRST, 1, List.of("user-user-42-4"), List.of("user-user-42-4")),
                new ServedList("v1", List.of("sku-2", "sku-3"), LAST), null, new CrowdFollowing(10, 4, 0.4));

        UserProfileResponse read = ProtocolJson.read(ProtocolJson.write(given), UserProfileResponse.class);

        assertEquals(given, read);
    }

    @Test
    void aProfilesEmbeddingKeepsItsVersionAndEveryValue() {
        UserProfileResponse given = new UserProfileResponse("user-42", 1, Map.of(), FIRST, FIRST, List.of(),
                new UserDrift(0, 0, 0, null, null, 0, List.of(), null), null,
                new UserEmbeddingView("v1", new float[] {0.25f, -1.5f, 3.0e-7f}), null);

        UserEmbeddingView read = ProtocolJson.read(ProtocolJson.write(given), UserProfileResponse.class).embedding();

        assertEquals("v1", read.modelVersion());
        assertArrayEquals(new float[] {0.25f, -1.5f, 3.0e-7f}, read.values());
    }

    @Test
    void userProfileOfAnUnseenUserOmitsFirstAndLastSeen() throws Exception {
        UserProfileResponse given = new UserProfileResponse("nobody", 0, Map.of(), null, null, List.of(),
                new UserDrift(0, 0, 0, null, null, 0, List.of(), null), null, null, null);

        JsonNode json = JSON.readTree(ProtocolJson.write(given));

        assertFalse(json.has("firstSeen"));
        assertFalse(json.has("lastSeen"));
        assertEquals(0, json.get("recentHistory").size());
        assertFalse(json.has("lastServed"));
        assertFalse(json.get("drift").has("lastShiftAt"));
        assertFalse(json.get("drift").has("openAlarmIds"), "the monitor's answer is left out, not faked as empty");
    }

    @Test
    void everyHttpRecordReadsBackEqual() {
        List<Object> records = List.of(
                new ErrorResponse("e", "f"),
                new AcceptedResponse(1000),
                new RecommendedItem("i", 0.5, "r"),
                new RecommendationsResponse("u", "v1", true, List.of(new RecommendedItem("i", 0.5, "popular")), List.of()),
                new RecommendationsResponse("u", "v1", false, List.of(), List.of("popular items")),
                new SimilarItemsResponse("i", "v1", List.of(new RecommendedItem("j", 0.5, "often with i")),
                        List.of("item-shard 0: neighbours")),
                new PopularResponse(List.of()),
                new HistoryEntry("e", "i", "rating", 2.5, FIRST),
                new DriftAlarmsResponse("open", List.of(
                        new DriftAlarm("user-u-9", "user", "u", "surprise", Map.of("statistic", 5.2), "v1", LAST, FIRST,
                                "open", null, null, null),
                        new DriftAlarm("global-surprise-1", "global", null, "surprise", Map.of("meanBefore", 0.3), null,
                                LAST, null, "acknowledged", "ops", "seen", LAST))));

        for (Object given : records) {
            assertEquals(given, ProtocolJson.read(ProtocolJson.write(given), given.getClass()));
        }
    }

    @Test
    void anInteractionEventAlsoRoundTripsThroughTheSharedMapper() throws Exception {
        InteractionEvent given = new InteractionEvent("e1", "u", "i", InteractionType.ADD_TO_CART, null, LAST,
                Map.of("page", "cart"));

        byte[] json = ProtocolJson.write(given);

        assertEquals("add_to_cart", JSON.readTree(json).get("type").textValue());
        assertEquals(given, ProtocolJson.read(json, InteractionEvent.class));
    }

    @Test
    void readingIgnoresUnknownFields() {
        AcceptedResponse read = ProtocolJson.read(utf8("{\"accepted\":2,\"addedLater\":{\"x\":1}}"), AcceptedResponse.class);

        assertEquals(new AcceptedResponse(2), read);
    }

    @Test
    void absentListsReadAsEmpty() {
        assertEquals(List.of(), ProtocolJson.read(utf8("{}"), PopularResponse.class).items());
    }

    @Test
    void readingMalformedJsonThrowsUnchecked() {
        UncheckedIOException thrown = assertThrows(UncheckedIOException.class,
                () -> ProtocolJson.read(utf8("{\"accepted\":"), AcceptedResponse.class));

        assertTrue(thrown.getMessage().startsWith("cannot read AcceptedResponse"), thrown.getMessage());
    }

    @Test
    void writingSomethingUnwritableThrowsUnchecked() {
        Object unwritable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                throw new IllegalStateException("no");
            }
        };

        assertThrows(UncheckedIOException.class, () -> ProtocolJson.write(unwritable));
    }
}
