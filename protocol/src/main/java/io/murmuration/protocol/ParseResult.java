package io.murmuration.protocol;

import java.util.Objects;

/** The outcome of decoding one event: either a valid event or the first rule it broke, never an exception. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    /** The bytes held an event that passed every rule. */
    record Valid(InteractionEvent event) implements ParseResult {
        public Valid {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The bytes broke a rule; {@code error} names the field and why. */
    record Invalid(FieldError error) implements ParseResult {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }
}
