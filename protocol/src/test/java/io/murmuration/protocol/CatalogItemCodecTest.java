package io.murmuration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogItemCodecTest {

    private final CatalogItemCodec codec = new CatalogItemCodec();

    private CatalogItemCodec.Result parse(String json) {
        return codec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAnItemWithItsAttributes() {
        CatalogItemCodec.Result result = parse("{\"itemId\":\"sku-1\",\"attributes\":{\"title\":\"Kettle\",\"category\":\"kitchen\"}}");

        assertTrue(result.isValid());
        assertEquals(new CatalogItem("sku-1", Map.of("title", "Kettle", "category", "kitchen")), result.item());
    }

    @Test
    void attributesAreOptional() {
        assertEquals(Map.of(), parse("{\"itemId\":\"sku-1\"}").item().attributes());
    }

    @Test
    void namesTheFieldOfEachBrokenRule() {
        assertEquals("body", parse("not json").error().field());
        assertEquals("body", parse("[1]").error().field());
        assertEquals("itemId", parse("{\"attributes\":{}}").error().field());
        assertEquals("itemId", parse("{\"itemId\":\"has space\"}").error().field());
        assertEquals("itemId", parse("{\"itemId\":42}").error().field());
        assertEquals("attributes", parse("{\"itemId\":\"a\",\"attributes\":[]}").error().field());
        assertEquals("attributes.size", parse("{\"itemId\":\"a\",\"attributes\":{\"size\":3}}").error().field());
    }

    @Test
    void refusesMoreAttributesThanTheLimit() {
        StringBuilder many = new StringBuilder("{\"itemId\":\"a\",\"attributes\":{");
        for (int i = 0; i <= CatalogItemCodec.MAX_ATTRIBUTES; i++) many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        CatalogItemCodec.Result result = parse(many.append("}}").toString());

        assertFalse(result.isValid());
        assertEquals("attributes: must have at most 32 entries", result.error().message());
    }
}
