package io.murmuration.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.murmuration.protocol.InteractionEventCodec.Field;
import java.util.Map;
import java.util.Optional;

/**
 * Reads catalog records: {@code {"itemId": "sku-1", "attributes": {"title": "…"}}}. The item id follows the
 * same rule as in events; attributes are optional strings, at most {@value #MAX_ATTRIBUTES}. Never throws.
 */
public final class CatalogItemCodec {

    /** Most attributes one item may carry. */
    public static final int MAX_ATTRIBUTES = 32;

    /** The outcome of decoding one catalog record: the item, or the first rule it broke. */
    public record Result(CatalogItem item, FieldError error) {
        public boolean isValid() {
            return error == null;
        }
    }

    public Result parse(byte[] json) {
        Field<JsonNode> body = InteractionEventCodec.readBody(json);
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
        Field<Map<String, String>> attributes = InteractionEventCodec.stringMap(root, "attributes", MAX_ATTRIBUTES);
        if (attributes.error() != null) {
            return new Result(null, attributes.error());
        }
        return new Result(new CatalogItem(itemId, attributes.value()), null);
    }
}
