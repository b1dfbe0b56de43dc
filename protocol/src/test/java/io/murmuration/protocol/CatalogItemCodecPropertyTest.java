package io.murmuration.protocol;

import static io.murmuration.protocol.JsonArbitraries.anyJson;
import static io.murmuration.protocol.JsonArbitraries.fieldValue;
import static io.murmuration.protocol.JsonArbitraries.ids;
import static io.murmuration.protocol.WireFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the catalog topic's rules over generated records: whatever a producer sends, the codec answers
 * without throwing, an accepted item is one every consumer can hold (the items table, the shard's message, its
 * memory of new items), and a refusal names a field the record carried. Generated records lean on the edges: too
 * many attributes, names and values a character either side of their bounds, values that are not strings.
 */
class CatalogItemCodecPropertyTest {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    // Akka's largest cluster message: an accepted item's attributes must fit in one with room to spare.
    private static final int FRAME_BYTES = 256 * 1024;

    private final CatalogItemCodec codec = new CatalogItemCodec();

    @Property(tries = 2000)
    void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 400) byte[] given) {
        CatalogItemCodec.Result result = codec.parse(given);

        assertNotNull(result);
        assertTrue(result.isValid() == (result.error() == null) && (result.item() == null) == (result.error() != null));
    }

    @Property(tries = 2000)
    void acceptsOnlyItemsEveryConsumerCanHoldAndNamesTheFieldItRefuses(@ForAll("catalogLikeRecords") ObjectNode given) {
        CatalogItemCodec.Result result = codec.parse(bytes(given));

        if (result.isValid()) {
            CatalogItem item = result.item();
            assertTrue(ID.matcher(item.itemId()).matches(), item::toString);
            assertTrue(item.attributes().size() <= CatalogItemCodec.MAX_ATTRIBUTES, item::toString);
            int utf8 = 0;
            for (Map.Entry<String, String> attribute : item.attributes().entrySet()) {
                assertTrue(attribute.getKey().length() <= CatalogItemCodec.MAX_ATTRIBUTE_NAME_LENGTH, attribute::getKey);
                assertTrue(attribute.getValue().length() <= CatalogItemCodec.MAX_ATTRIBUTE_VALUE_LENGTH, attribute::getKey);
                utf8 += attribute.getKey().getBytes(StandardCharsets.UTF_8).length
                        + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
            int bytes = utf8;
            assertTrue(bytes < FRAME_BYTES / 2, () -> "the attributes of " + item.itemId() + " take " + bytes + " bytes");
            assertEquals(given.get("attributes") == null || given.get("attributes").isNull()
                    ? Map.of() : attributesOf(given.get("attributes")), item.attributes(), "accepted as sent");
        } else {
            FieldError error = result.error();
            String topLevel = error.field().contains(".") ? error.field().substring(0, error.field().indexOf('.')) : error.field();
            assertTrue(given.has(topLevel) || topLevel.equals("itemId"), () -> "names a field that was sent: " + error);
            assertTrue(error.field().length() <= "attributes.".length() + CatalogItemCodec.MAX_ATTRIBUTE_NAME_LENGTH + 1,
                    () -> "an over-long name is not repeated whole: " + error.field().length() + " characters");
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

    private static Map<String, String> attributesOf(JsonNode attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().textValue()));
        return values;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- generators ----

    @Provide
    Arbitrary<ObjectNode> catalogLikeRecords() {
        return Combinators.combine(fieldValue(ids()), fieldValue(attributes())).as((itemId, attributes) -> {
            ObjectNode record = JSON.createObjectNode();
            if (itemId != null) record.set("itemId", itemId);
            if (attributes != null) record.set("attributes", attributes);
            return record;
        });
    }

    @Provide
    Arbitrary<String> overLongValues() {
        int bound = CatalogItemCodec.MAX_ATTRIBUTE_VALUE_LENGTH;
        return Arbitraries.oneOf(
                Arbitraries.strings().ofLength(bound + 1),
                Arbitraries.strings().ofMinLength(bound + 1).ofMaxLength(20_000),
                // Astral characters count two each: a value of 513 of them is 1,026 characters long.
                Arbitraries.just("\uD83D\uDE00".repeat(bound / 2 + 1)));
    }

    private static Arbitrary<JsonNode> attributes() {
        int nameBound = CatalogItemCodec.MAX_ATTRIBUTE_NAME_LENGTH;
        int valueBound = CatalogItemCodec.MAX_ATTRIBUTE_VALUE_LENGTH;
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().ofMinLength(nameBound - 1).ofMaxLength(nameBound + 1),
                Arbitraries.strings().ofMinLength(1000).ofMaxLength(5000));
        Arbitrary<JsonNode> values = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.strings().ofMaxLength(40).map(v -> (JsonNode) JsonNodeFactory.instance.textNode(v))),
                Tuple.of(2, Arbitraries.strings().ofMinLength(valueBound - 1).ofMaxLength(valueBound + 1)
                        .map(v -> (JsonNode) JsonNodeFactory.instance.textNode(v))),
                Tuple.of(1, Arbitraries.strings().ofMinLength(5_000).ofMaxLength(20_000)
                        .map(v -> (JsonNode) JsonNodeFactory.instance.textNode(v))),
                Tuple.of(2, anyJson()));
        Arbitrary<Integer> count = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(CatalogItemCodec.MAX_ATTRIBUTES - 1, CatalogItemCodec.MAX_ATTRIBUTES + 2));
        return count.flatMap(n -> Combinators.combine(names.list().ofSize(n), values.list().ofSize(n)).as((ns, vs) -> {
            ObjectNode object = JSON.createObjectNode();
            for (int i = 0; i < n; i++) object.set(ns.get(i), vs.get(i));
            return (JsonNode) object;
        }));
    }
}
