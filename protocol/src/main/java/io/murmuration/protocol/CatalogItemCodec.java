package io.murmuration.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.murmuration.protocol.InteractionEventCodec.Field;
import java.util.Map;
import java.util.Optional;

/**
 * Reads catalog records: {@code {"itemId": "sku-1", "attributes": {"title": "…"}}}. The item id follows the
 * same rule as in events; attributes are optional strings, at most {@value #MAX_ATTRIBUTES}, with names of at most
 * {@value #MAX_ATTRIBUTE_NAME_LENGTH} and values of at most {@value #MAX_ATTRIBUTE_VALUE_LENGTH} characters. Never
 * throws.
 */
public final class CatalogItemCodec {

    /** Most attributes one item may carry. */
    public static final int MAX_ATTRIBUTES = 32;

    /**
     * Longest attribute name and value, in characters. An item's attributes are told to its shard in one cluster
     * message, which Akka refuses over 256 KiB, and every shard keeps its new items' attributes in memory.
     */
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

    /** The outcome of decoding one catalog record: the item, or the first rule it broke. */
    public record Result(CatalogItem item, FieldError error) {
        public boolean isValid() {
            return error == null;
        }
    }

    public Result parse(byte[] json) {
        Field<JsonNode> body = JsonBody.read(json);
        if (body.error() != null) {
            return new Result(null, body.error());
        }
        JsonNode root = body.value();
        if (!root.isObject()) {
            return new Result(null, new FieldError("body", "must be a JSON object"));
        }
        JsonNode id = root.get("itemId");
        String itemId = id != null && id.isTextual() ? id.textValue() : null;
        Optional<FieldError> badId = id != null && !id.isNull() && !id.isTextual()
                ? Optional.of(new FieldError("itemId", "must be a string"))
                : InteractionEventCodec.checkId("itemId", itemId);
        if (badId.isPresent()) {
            return new Result(null, badId.get());
        }
        Field<Map<String, String>> attributes = InteractionEventCodec.stringMap(root, "attributes", MAX_ATTRIBUTES,
                MAX_ATTRIBUTE_NAME_LENGTH, MAX_ATTRIBUTE_VALUE_LENGTH);
        if (attributes.error() != null) {
            return new Result(null, attributes.error());
        }
        return new Result(new CatalogItem(itemId, attributes.value()), null);
    }
}
