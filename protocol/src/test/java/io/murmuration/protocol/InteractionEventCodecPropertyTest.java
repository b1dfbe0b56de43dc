package io.murmuration.protocol;

import static io.murmuration.protocol.WireFixtures.CLOCK;
import static io.murmuration.protocol.JsonArbitraries.anyJson;
import static io.murmuration.protocol.JsonArbitraries.fieldValue;
import static io.murmuration.protocol.JsonArbitraries.ids;
import static io.murmuration.protocol.WireFixtures.JSON;
import static io.murmuration.protocol.WireFixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the wire rules over generated input: whatever a producer sends, the codec answers without throwing,
 * and every event it accepts is one every consumer downstream can process — a timestamp inside the window, a value
 * that is finite and within range, well-formed ids. Generated values lean on the edges: the extreme longs and
 * doubles, non-finite numbers written as strings, instants a millisecond either side of the window.
 */
class InteractionEventCodecPropertyTest {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final EventTimeWindow WINDOW = EventTimeWindow.DEFAULT;

    private final InteractionEventCodec codec = new InteractionEventCodec(CLOCK);

    @Property(tries = 2000)
    void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 400) byte[] given) {
        assertNotNull(codec.parse(given));
        assertNotNull(codec.parseBatch(given));
    }

    @Property(tries = 2000)
    void acceptsOnlyEventsEveryConsumerCanProcess(@ForAll("eventLikeObjects") ObjectNode given) {
        ParseResult result = codec.parse(bytes(given));

        if (result instanceof ParseResult.Valid valid) {
            assertProcessable(valid.event());
        } else {
            FieldError error = ((ParseResult.Invalid) result).error();
            assertTrue(given.has(topLevelField(error.field())) || error.reason().startsWith("is required"),
                    () -> "the error names a field that was sent: " + error);
        }
    }

    @Property(tries = 500)
    void acceptsABatchOnlyWhenEveryElementIsProcessable(@ForAll("batches") ArrayNode given) {
        BatchResult result = codec.parseBatch(bytes(given));

        if (result.isValid()) {
            assertEquals(given.size(), result.events().size());
            result.events().forEach(InteractionEventCodecPropertyTest::assertProcessable);
        } else {
            FieldError error = result.error();
            assertTrue(error.field().startsWith("[") || error.field().equals("body"), error::toString);
        }
    }

    @Property(tries = 1000)
    void readsBackEveryValidEventItWrites(@ForAll("validEvents") InteractionEvent event) {
        ParseResult again = codec.parse(codec.encode(event));

        assertEquals(new ParseResult.Valid(event), again);
    }

    @Property(tries = 1000)
    void refusesEveryTimestampOutsideTheWindow(@ForAll("instantsOutsideTheWindow") Instant outside) {
        ObjectNode given = WireFixtures.validEvent();
        given.put("timestamp", outside.toEpochMilli());

        ParseResult result = codec.parse(bytes(given));

        assertEquals("timestamp", ((ParseResult.Invalid) result).error().field());
    }

    private static void assertProcessable(InteractionEvent e) {
        assertTrue(ID.matcher(e.userId()).matches(), e::toString);
        assertTrue(ID.matcher(e.itemId()).matches(), e::toString);
        assertFalse(e.eventId().isEmpty(), e::toString);
        assertFalse(e.timestamp().isBefore(WINDOW.earliest()), e::toString);
        assertFalse(e.timestamp().isAfter(WINDOW.latest(NOW)), e::toString);
        if (e.value() != null) {
            assertTrue(Double.isFinite(e.value()), e::toString);
            assertTrue(e.value() >= InteractionEventCodec.MIN_VALUE && e.value() <= InteractionEventCodec.MAX_VALUE,
                    e::toString);
        }
        if (e.type() == InteractionType.RATING) {
            assertNotNull(e.value(), e::toString);
        }
        assertTrue(e.context().size() <= InteractionEventCodec.MAX_CONTEXT_ENTRIES, e::toString);
        e.context().forEach((key, value) -> {
            assertTrue(key.length() <= InteractionEventCodec.MAX_CONTEXT_KEY_LENGTH, key);
            assertTrue(value.length() <= InteractionEventCodec.MAX_CONTEXT_VALUE_LENGTH, key);
        });
    }

    private static String topLevelField(String field) {
        int dot = field.indexOf('.');
        return dot < 0 ? field : field.substring(0, dot);
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- generators ----

    @Provide
    Arbitrary<ObjectNode> eventLikeObjects() {
        return Combinators.combine(
                        fieldValue(ids()), fieldValue(ids()), fieldValue(ids()), fieldValue(types()),
                        fieldValue(values()), fieldValue(timestamps()), fieldValue(contexts()))
                .as((eventId, userId, itemId, type, value, timestamp, context) -> {
                    ObjectNode event = JSON.createObjectNode();
                    putUnlessMissing(event, "eventId", eventId);
                    putUnlessMissing(event, "userId", userId);
                    putUnlessMissing(event, "itemId", itemId);
                    putUnlessMissing(event, "type", type);
                    putUnlessMissing(event, "value", value);
                    putUnlessMissing(event, "timestamp", timestamp);
                    putUnlessMissing(event, "context", context);
                    return event;
                });
    }

    @Provide
    Arbitrary<ArrayNode> batches() {
        return eventLikeObjects().list().ofMinSize(1).ofMaxSize(20).map(events -> {
            ArrayNode array = JSON.createArrayNode();
            events.forEach(array::add);
            return array;
        });
    }

    @Provide
    Arbitrary<InteractionEvent> validEvents() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("._:@-")
                .ofMinLength(1).ofMaxLength(128);
        Arbitrary<InteractionType> type = Arbitraries.of(InteractionType.class);
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(InteractionEventCodec.MIN_VALUE, InteractionEventCodec.MAX_VALUE),
                Arbitraries.of(0.0, 10.0, Double.MIN_VALUE));
        Arbitrary<Instant> at = Arbitraries.longs()
                .between(WINDOW.earliest().toEpochMilli(), WINDOW.latest(NOW).toEpochMilli())
                .edgeCases(edges -> edges.includeOnly(WINDOW.earliest().toEpochMilli(), WINDOW.latest(NOW).toEpochMilli()))
                .map(Instant::ofEpochMilli);
        Arbitrary<Map<String, String>> context = Arbitraries.maps(Arbitraries.strings().ofMaxLength(10),
                Arbitraries.strings().ofMaxLength(20)).ofMaxSize(InteractionEventCodec.MAX_CONTEXT_ENTRIES);
        return Combinators.combine(id, id, id, type, value, value.injectNull(0.3), at, context)
                .as((eventId, userId, itemId, t, rating, optional, timestamp, ctx) -> new InteractionEvent(
                        eventId, userId, itemId, t, t == InteractionType.RATING ? rating : optional, timestamp, ctx));
    }

    @Provide
    Arbitrary<Instant> instantsOutsideTheWindow() {
        long first = WINDOW.earliest().toEpochMilli();
        long last = WINDOW.latest(NOW).toEpochMilli();
        return Arbitraries.oneOf(
                Arbitraries.longs().between(Long.MIN_VALUE, first - 1),
                Arbitraries.longs().between(last + 1, Long.MAX_VALUE),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, first - 1, last + 1, 0L, -1L)).map(Instant::ofEpochMilli);
    }

    private static Arbitrary<JsonNode> types() {
        return Arbitraries.oneOf(
                Arbitraries.of(InteractionType.wireNames()),
                Arbitraries.of("VIEW", "Click", "", "purchase ", "rate")).map(JsonNodeFactory.instance::textNode);
    }

    private static Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> doubles = Arbitraries.oneOf(
                Arbitraries.doubles().between(-20, 20),
                Arbitraries.of(-1.0, -0.0, 0.0, 10.0, Math.nextUp(10.0), 1e308, -1e308, Double.MAX_VALUE,
                        Double.MIN_VALUE, -Double.MIN_VALUE, (double) Long.MAX_VALUE))
                .map(JsonNodeFactory.instance::numberNode);
        Arbitrary<JsonNode> written = Arbitraries.of("NaN", "Infinity", "-Infinity", "1e400", "4.5", "1e308")
                .map(JsonNodeFactory.instance::textNode);
        Arbitrary<JsonNode> huge = Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("1e-400"))
                .map(JsonNodeFactory.instance::numberNode);
        return Arbitraries.frequencyOf(Tuple.of(6, doubles), Tuple.of(2, written), Tuple.of(1, huge));
    }

    private static Arbitrary<JsonNode> timestamps() {
        long first = WINDOW.earliest().toEpochMilli();
        long last = WINDOW.latest(NOW).toEpochMilli();
        Arbitrary<Long> millis = Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(first - 1000, first + 1000),
                Arbitraries.longs().between(last - 1000, last + 1000),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
        return Arbitraries.oneOf(
                millis.map(JsonNodeFactory.instance::numberNode),
                millis.map(m -> JsonNodeFactory.instance.textNode(Long.toString(m))),
                millis.filter(m -> m > -31_000_000_000_000_000L && m < 31_000_000_000_000_000L)
                        .map(m -> JsonNodeFactory.instance.textNode(Instant.ofEpochMilli(m).toString())),
                Arbitraries.of("99999999999999999999", "-99999999999999999999", "+999999999-12-31T23:59:59Z",
                        "-999999999-01-01T00:00:00Z", "1994-12-31T23:59:59.999Z").map(JsonNodeFactory.instance::textNode),
                Arbitraries.of(new BigInteger("99999999999999999999"), new BigInteger("-99999999999999999999"))
                        .map(JsonNodeFactory.instance::numberNode),
                Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode));
    }

    private static Arbitrary<JsonNode> contexts() {
        int keyBound = InteractionEventCodec.MAX_CONTEXT_KEY_LENGTH;
        int valueBound = InteractionEventCodec.MAX_CONTEXT_VALUE_LENGTH;
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.strings().ofMaxLength(8)),
                Tuple.of(2, Arbitraries.strings().ofMinLength(keyBound - 1).ofMaxLength(keyBound + 1)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1000).ofMaxLength(3000)));
        Arbitrary<String> values = Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(2, Arbitraries.strings().ofMinLength(valueBound - 1).ofMaxLength(valueBound + 1)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(5_000).ofMaxLength(20_000)));
        return Arbitraries.maps(keys, values)
                .ofMaxSize(20)
                .map(entries -> {
                    ObjectNode context = JSON.createObjectNode();
                    entries.forEach(context::put);
                    return context;
                });
    }

    private static void putUnlessMissing(ObjectNode event, String field, JsonNode value) {
        if (value != null) {
            event.set(field, value);
        }
    }
}
