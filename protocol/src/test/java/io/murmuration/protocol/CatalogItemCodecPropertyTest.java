package io.murmuration.protocol;

import static io.murmuration.protocol.JsonArbitraries.anyJson;
import static io.murmuration.protocol.JsonArbitraries.fieldValue;
import static io.murmuration.protocol.JsonArbitraries.ids;
import static io.murmuration.protocol.WireFixtures.JSON;
import static io.murmuration.protocol.WireFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the catalog topic's rules over generated records: whatever a producer sends, the codec answers
 * without throwing, an accepted item is the record as sent and one every consumer can hold (the items table, the
 * shard's message, its memory of new items), and a refusal names a field that broke a rule. Generated records lean on
 * the edges: too many attributes, names and values a character either side of their bounds, values that are not
 * strings, deep nesting, and bytes that only look like UTF-8.
 */
class CatalogItemCodecPropertyTest {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final int LIMIT = CatalogItemCodec.MAX_ATTRIBUTES;
    private static final int NAME_BOUND = CatalogItemCodec.MAX_ATTRIBUTE_NAME_LENGTH;
    private static final int VALUE_BOUND = CatalogItemCodec.MAX_ATTRIBUTE_VALUE_LENGTH;
    // Akka's largest cluster message: an accepted item's attributes must fit in one with room to spare.
    private static final int FRAME_BYTES = 256 * 1024;

    private final CatalogItemCodec codec = new CatalogItemCodec();

    @Property(tries = 2000)
    void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 400) byte[] given) {
        CatalogItemCodec.Result result = codec.parse(given);

        assertItemOrError(result);
    }

    @Property(tries = 1000)
    void answersArbitraryJsonWithAnItemOrAFieldError(@ForAll("anyJsonDocuments") JsonNode given) {
        CatalogItemCodec.Result result = codec.parse(bytes(given));

        assertItemOrError(result);
        if (!given.isObject()) {
            assertFalse(result.isValid(), result::toString);
            assertEquals("body", result.error().field(), result.error()::toString);
        }
    }

    @Property(tries = 2000)
    void acceptsOnlyItemsEveryConsumerCanHoldAndNamesTheFieldItRefuses(@ForAll("catalogLikeRecords") ObjectNode given) {
        CatalogItemCodec.Result result = codec.parse(bytes(given));

        assertItemOrError(result);
        if (result.isValid()) {
            assertIsTheItemSent(given, result.item());
        } else {
            assertNamesAnOffendingField(given, result.error());
        }
    }

    @Property(tries = 500)
    void refusesEveryValueOverItsBoundAndNamesIt(@ForAll("overLongValues") String value) {
        ObjectNode given = JSON.createObjectNode().put("itemId", "sku-1");
        given.putObject("attributes").put("title", "Kettle").put("description", value);

        CatalogItemCodec.Result result = codec.parse(bytes(given));

        assertNull(result.item());
        assertEquals("attributes.description", result.error().field());
    }

    @Property(tries = 500)
    void acceptsAtMostTheLimitOfAttributes(@ForAll("attributeCounts") int count) {
        ObjectNode given = JSON.createObjectNode().put("itemId", "sku-1");
        ObjectNode attributes = given.putObject("attributes");
        for (int i = 0; i < count; i++) {
            attributes.put("name-" + i, "value-" + i);
        }

        CatalogItemCodec.Result result = codec.parse(bytes(given));

        assertEquals(count <= LIMIT, result.isValid(), result::toString);
        if (result.isValid()) {
            assertEquals(count, result.item().attributes().size());
        } else {
            assertEquals("attributes", result.error().field(), result.error()::toString);
        }
    }

    @Property(tries = 1000)
    void readsBackEveryValidItemWrittenInTheRecordShape(@ForAll("validItems") CatalogItem item) {
        CatalogItemCodec.Result again = codec.parse(ProtocolJson.write(item));

        assertEquals(new CatalogItemCodec.Result(item, null), again);
    }

    @Property(tries = 1000)
    void acceptsTextOnlyWhenTheRecordIsWellFormedUtf8(@ForAll TextSite site, @ForAll("textBytes") byte[] text) {
        byte[] given = site.recordWith(text);

        CatalogItemCodec.Result result = codec.parse(given);

        assertItemOrError(result);
        if (!isWellFormedUtf8(given)) {
            assertFalse(result.isValid(), result::toString);
            assertEquals("body", result.error().field(), result.error()::toString);
        }
        if (result.isValid()) {
            assertEquals(new String(text, StandardCharsets.UTF_8), site.textIn(result.item()));
        }
    }

    @Property(tries = 200)
    void refusesDeeplyNestedJsonNamingTheFieldThatHoldsIt(
            @ForAll JsonSite site, @ForAll("nestingDepths") int depth, @ForAll boolean arrays, @ForAll boolean closed) {
        String nested = arrays
                ? "[".repeat(depth) + (closed ? "]".repeat(depth) : "")
                : "{\"a\":".repeat(depth) + "1" + (closed ? "}".repeat(depth) : "");

        CatalogItemCodec.Result result = codec.parse(site.recordWith(nested));

        // Nested objects as the attributes object put the offending value under its first name.
        String expected = !closed ? "body" : site == JsonSite.ATTRIBUTES && !arrays ? "attributes.a" : site.field;
        assertFalse(result.isValid(), result::toString);
        assertEquals(expected, result.error().field(), result.error()::toString);
    }

    // ---- what every answer must satisfy ----

    private static void assertItemOrError(CatalogItemCodec.Result result) {
        assertNotNull(result);
        assertTrue(result.isValid() == (result.item() != null), result::toString);
        if (!result.isValid()) {
            String field = result.error().field();
            assertTrue(field.equals("body") || field.equals("itemId") || field.equals("attributes")
                    || field.startsWith("attributes."), result::toString);
            assertFalse(result.error().reason().isEmpty(), result::toString);
        }
    }

    /** An accepted item is the record as sent, within every bound, and small enough for the shard's message. */
    private static void assertIsTheItemSent(ObjectNode given, CatalogItem item) {
        assertTrue(ID.matcher(item.itemId()).matches(), item::toString);
        assertEquals(given.get("itemId").textValue(), item.itemId());
        assertTrue(item.attributes().size() <= LIMIT, item::toString);
        int utf8 = 0;
        for (Map.Entry<String, String> attribute : item.attributes().entrySet()) {
            assertTrue(attribute.getKey().length() <= NAME_BOUND, attribute::getKey);
            assertTrue(attribute.getValue().length() <= VALUE_BOUND, attribute::getKey);
            utf8 += attribute.getKey().getBytes(StandardCharsets.UTF_8).length
                    + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        int bytes = utf8;
        assertTrue(bytes < FRAME_BYTES / 2, () -> "the attributes of " + item.itemId() + " take " + bytes + " bytes");
        JsonNode sent = given.get("attributes");
        Map<String, String> expected = new LinkedHashMap<>();
        if (sent != null && !sent.isNull()) {
            assertTrue(sent.isObject(), item::toString);
            sent.fields().forEachRemaining(entry -> {
                assertTrue(entry.getValue().isTextual(), () -> "accepted a non-string attribute: " + entry.getKey());
                expected.put(entry.getKey(), entry.getValue().textValue());
            });
        }
        assertEquals(expected, item.attributes(), "accepted as sent");
    }

    /** A refusal names the item id, the attributes or one attribute, and what it names did break a rule. */
    private static void assertNamesAnOffendingField(ObjectNode given, FieldError error) {
        String field = error.field();
        JsonNode attributes = given.get("attributes");
        if (field.equals("itemId")) {
            JsonNode id = given.get("itemId");
            assertFalse(id != null && id.isTextual() && ID.matcher(id.textValue()).matches(),
                    () -> "refused a valid item id: " + error);
            return;
        }
        if (field.equals("attributes")) {
            assertTrue(attributes != null && !attributes.isNull() && (!attributes.isObject() || attributes.size() > LIMIT),
                    () -> "refused attributes that keep the rules: " + error);
            return;
        }
        assertTrue(field.startsWith("attributes."), error::toString);
        assertTrue(attributes != null && attributes.isObject() && attributes.size() <= LIMIT, error::toString);
        String name = field.substring("attributes.".length());
        if (attributes.has(name) && name.length() <= NAME_BOUND) {
            JsonNode value = attributes.get(name);
            assertTrue(!value.isTextual() || value.textValue().length() > VALUE_BOUND,
                    () -> "refused a string attribute within its bound: " + error);
            return;
        }
        // An over-long name is named by its start, so the error stays short.
        assertTrue(name.endsWith("…"), () -> "names an attribute that was not sent: " + error);
        String start = name.substring(0, name.length() - 1);
        assertEquals(NAME_BOUND, start.length(), error::toString);
        boolean sent = false;
        for (var names = attributes.fieldNames(); names.hasNext(); ) {
            String sentName = names.next();
            sent |= sentName.length() > NAME_BOUND && sentName.startsWith(start);
        }
        assertTrue(sent, () -> "names the start of no over-long attribute name: " + error);
    }

    private static boolean isWellFormedUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Where a generated piece of JSON goes in a record, and the field a refusal of that piece names. */
    enum JsonSite {
        ITEM_ID("itemId", "{\"itemId\":", ",\"attributes\":{\"title\":\"Kettle\"}}"),
        ATTRIBUTES("attributes", "{\"itemId\":\"sku-1\",\"attributes\":", "}"),
        ATTRIBUTE_VALUE("attributes.title", "{\"itemId\":\"sku-1\",\"attributes\":{\"title\":", ",\"colour\":\"red\"}}"),
        INSIDE_AN_ARRAY_BODY("body", "[", "]");

        final String field;
        private final String before;
        private final String after;

        JsonSite(String field, String before, String after) {
            this.field = field;
            this.before = before;
            this.after = after;
        }

        byte[] recordWith(String json) {
            return (before + json + after).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Where generated bytes go as the contents of a JSON string, and where an accepted item holds them. */
    enum TextSite {
        ITEM_ID("{\"itemId\":\"", "\",\"attributes\":{\"title\":\"Kettle\"}}"),
        ATTRIBUTE_NAME("{\"itemId\":\"sku-1\",\"attributes\":{\"", "\":\"v\"}}"),
        ATTRIBUTE_VALUE("{\"itemId\":\"sku-1\",\"attributes\":{\"title\":\"", "\",\"colour\":\"red\"}}"),
        AFTER_THE_RECORD("{\"itemId\":\"sku-1\"} \"", "\"");

        private final String before;
        private final String after;

        TextSite(String before, String after) {
            this.before = before;
            this.after = after;
        }

        byte[] recordWith(byte[] text) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.writeBytes(before.getBytes(StandardCharsets.UTF_8));
            record.writeBytes(text);
            record.writeBytes(after.getBytes(StandardCharsets.UTF_8));
            return record.toByteArray();
        }

        String textIn(CatalogItem item) {
            return switch (this) {
                case ITEM_ID -> item.itemId();
                case ATTRIBUTE_NAME -> item.attributes().keySet().iterator().next();
                case ATTRIBUTE_VALUE -> item.attributes().get("title");
                case AFTER_THE_RECORD -> throw new AssertionError("accepted a record followed by more JSON: " + item);
            };
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<ObjectNode> catalogLikeRecords() {
        return Combinators.combine(fieldValue(ids()), fieldValue(attributes()), fieldValue(anyJson()))
                .as((itemId, attributes, unknown) -> {
                    ObjectNode record = JSON.createObjectNode();
                    if (itemId != null) record.set("itemId", itemId);
                    if (attributes != null) record.set("attributes", attributes);
                    // A field the codec does not know is ignored, whatever it holds.
                    if (unknown != null) record.set("addedBy", unknown);
                    return record;
                });
    }

    @Provide
    Arbitrary<String> overLongValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofLength(VALUE_BOUND + 1),
                Arbitraries.strings().ofMinLength(VALUE_BOUND + 1).ofMaxLength(20_000),
                // Astral characters count two each: a value of 513 of them is 1,026 characters long.
                Arbitraries.just("\uD83D\uDE00".repeat(VALUE_BOUND / 2 + 1)));
    }

    @Provide
    Arbitrary<Integer> attributeCounts() {
        return Arbitraries.integers().between(0, LIMIT + 200).edgeCases(edges -> edges.add(LIMIT - 1, LIMIT, LIMIT + 1));
    }

    @Provide
    Arbitrary<CatalogItem> validItems() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars("._:@-").ofMinLength(1).ofMaxLength(128);
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().ofLength(NAME_BOUND)),
                Tuple.of(1, Arbitraries.of("", "a.b", "title…", "\u0000", "\uD83D\uDE00".repeat(NAME_BOUND / 2))));
        Arbitrary<String> values = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(VALUE_BOUND - 1).ofMaxLength(VALUE_BOUND)),
                Tuple.of(1, Arbitraries.of("", "\"\\\n", "\uD800", "\uDFFF", "\uD83D\uDE00".repeat(VALUE_BOUND / 2))));
        return Combinators.combine(id, Arbitraries.maps(names, values).ofMaxSize(LIMIT)).as(CatalogItem::new);
    }

    @Provide
    Arbitrary<Integer> nestingDepths() {
        return Arbitraries.integers().between(1, 50_000).withDistribution(RandomDistribution.uniform())
                .edgeCases(edges -> edges.add(999, 1000, 1001));
    }

    @Provide
    Arbitrary<JsonNode> anyJsonDocuments() {
        return Arbitraries.recursive(JsonArbitraries::anyJson, CatalogItemCodecPropertyTest::containing, 0, 4);
    }

    /** The bytes of a JSON string's contents: well-formed text, sequences that only look like UTF-8, or any bytes. */
    @Provide
    Arbitrary<byte[]> textBytes() {
        Arbitrary<String> plain = Arbitraries.strings().excludeChars('"', '\\').ofMaxLength(20)
                .filter(s -> s.chars().allMatch(c -> c >= 0x20));
        Arbitrary<byte[]> wellFormed = plain.map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> malformedInside = Combinators.combine(plain, malformedUtf8(), plain).as((head, bad, tail) -> {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            text.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            text.writeBytes(bad);
            text.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
            return text.toByteArray();
        });
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
        return Arbitraries.frequencyOf(Tuple.of(3, wellFormed), Tuple.of(5, malformedInside), Tuple.of(2, anyBytes));
    }

    /**
     * Byte sequences that are not UTF-8 though some decoders take them: stray continuation bytes, sequences cut short,
     * overlong forms (a hidden NUL or slash), encoded surrogates, code points past U+10FFFF, bytes never used.
     */
    private static Arbitrary<byte[]> malformedUtf8() {
        Arbitrary<Integer> continuation = Arbitraries.integers().between(0x80, 0xBF);
        return Arbitraries.oneOf(
                continuation.map(c -> bytesOf(c)),
                Arbitraries.integers().between(0xC2, 0xF4).map(lead -> bytesOf(lead)),
                Combinators.combine(Arbitraries.integers().between(0xE1, 0xEF), continuation).as((a, b) -> bytesOf(a, b)),
                Combinators.combine(Arbitraries.of(0xC0, 0xC1), continuation).as((a, b) -> bytesOf(a, b)),
                Combinators.combine(Arbitraries.integers().between(0x80, 0x9F), continuation)
                        .as((b, c) -> bytesOf(0xE0, b, c)),
                Combinators.combine(Arbitraries.integers().between(0x80, 0x8F), continuation, continuation)
                        .as((b, c, d) -> bytesOf(0xF0, b, c, d)),
                Combinators.combine(Arbitraries.integers().between(0xA0, 0xBF), continuation)
                        .as((b, c) -> bytesOf(0xED, b, c)),
                Combinators.combine(Arbitraries.integers().between(0x90, 0xBF), continuation, continuation)
                        .as((b, c, d) -> bytesOf(0xF4, b, c, d)),
                Combinators.combine(Arbitraries.integers().between(0xF5, 0xF7), continuation, continuation, continuation)
                        .as((a, b, c, d) -> bytesOf(a, b, c, d)),
                Arbitraries.integers().between(0xF8, 0xFF).map(b -> bytesOf(b)),
                Arbitraries.just(bytesOf(0xC0, 0x80)),
                Arbitraries.just(bytesOf(0xED, 0xA0, 0x80)),
                Arbitraries.just(bytesOf(0xF4, 0x90, 0x80, 0x80)));
    }

    private static Arbitrary<JsonNode> attributes() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().ofMinLength(NAME_BOUND - 1).ofMaxLength(NAME_BOUND + 1),
                Arbitraries.strings().ofMinLength(1000).ofMaxLength(5000),
                Arbitraries.of("", "a.b", "title…", "\u0000", "\uD83D\uDE00".repeat(NAME_BOUND / 2 + 1)));
        Arbitrary<JsonNode> values = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.strings().ofMaxLength(40).map(v -> (JsonNode) JsonNodeFactory.instance.textNode(v))),
                Tuple.of(2, Arbitraries.strings().ofMinLength(VALUE_BOUND - 1).ofMaxLength(VALUE_BOUND + 1)
                        .map(v -> (JsonNode) JsonNodeFactory.instance.textNode(v))),
                Tuple.of(1, Arbitraries.strings().ofMinLength(5_000).ofMaxLength(20_000)
                        .map(v -> (JsonNode) JsonNodeFactory.instance.textNode(v))),
                Tuple.of(1, Arbitraries.of("", "\"\\\n", "\uD800", "\uDFFF", "\uD83D\uDE00".repeat(VALUE_BOUND / 2 + 1))
                        .map(v -> (JsonNode) JsonNodeFactory.instance.textNode(v))),
                Tuple.of(2, anyJson()),
                Tuple.of(1, nested()));
        Arbitrary<Integer> count = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 6)),
                Tuple.of(3, Arbitraries.integers().between(LIMIT - 1, LIMIT + 2)),
                Tuple.of(1, Arbitraries.integers().between(LIMIT + 3, LIMIT + 60)));
        return count.flatMap(n -> Combinators.combine(names.list().ofSize(n), values.list().ofSize(n)).as((ns, vs) -> {
            ObjectNode object = JSON.createObjectNode();
            for (int i = 0; i < n; i++) object.set(ns.get(i), vs.get(i));
            return (JsonNode) object;
        }));
    }

    /** Any JSON value wrapped in up to 200 arrays or single-field objects. */
    private static Arbitrary<JsonNode> nested() {
        return Combinators.combine(anyJson(), Arbitraries.integers().between(1, 200), Arbitraries.of(true, false))
                .as((innermost, depth, arrays) -> {
                    JsonNode node = innermost;
                    for (int i = 0; i < depth; i++) {
                        node = arrays ? JSON.createArrayNode().add(node) : JSON.createObjectNode().set("a", node);
                    }
                    return node;
                });
    }

    /** Arrays and objects of {@code element}, including objects that look like catalog records. */
    private static Arbitrary<JsonNode> containing(Arbitrary<JsonNode> element) {
        Arbitrary<JsonNode> array = element.list().ofMaxSize(4).map(elements -> {
            ArrayNode node = JSON.createArrayNode();
            elements.forEach(node::add);
            return node;
        });
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("itemId", "attributes", "title"), Arbitraries.strings().ofMaxLength(6));
        Arbitrary<JsonNode> object = Arbitraries.maps(names, element).ofMaxSize(4).map(fields -> {
            ObjectNode node = JSON.createObjectNode();
            fields.forEach(node::set);
            return node;
        });
        return Arbitraries.oneOf(array, object, element);
    }

    private static byte[] bytesOf(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
