package io.murmuration.protocol;

import java.util.Objects;

/**
 * Why a message was refused: the offending field (a JSON path such as {@code timestamp},
 * {@code context.page} or {@code [3].userId}) and a reason a producer can act on.
 */
public record FieldError(String field, String reason) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    /** The field and reason as one line, e.g. {@code timestamp: must be an ISO-8601 instant or epoch milliseconds}. */
    public String message() {
        return field.isEmpty() ? reason : field + ": " + reason;
    }

    /** The same error seen from inside a batch: its field prefixed with the element's index. */
    public FieldError atIndex(int index) {
        String prefix = "[" + index + "]";
        return new FieldError(field.isEmpty() ? prefix : prefix + "." + field, reason);
    }
}
