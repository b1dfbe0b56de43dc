package io.murmuration.protocol;

/**
 * The body of every 4xx reply: what went wrong and, when one field is to blame, which.
 *
 * @param error a one-line reason a client can act on
 * @param field the offending request field, e.g. {@code [3].timestamp}; omitted when the whole request is at fault
 */
public record ErrorResponse(String error, String field) {

    /** The reply for a request refused because of {@code error}. */
    public static ErrorResponse of(FieldError error) {
        return new ErrorResponse(error.message(), error.field());
    }
}
