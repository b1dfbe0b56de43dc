package io.murmuration.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The kinds of user interaction the recommender learns from, each with its lower-case name on the wire. */
public enum InteractionType {
    VIEW("view"),
    CLICK("click"),
    ADD_TO_CART("add_to_cart"),
    PURCHASE("purchase"),
    RATING("rating"),
    SKIP("skip");

    /** The wire names in declaration order, comma separated, for error messages. */
    static final String WIRE_NAMES = String.join(", ", wireNames());

    private final String wireName;

    InteractionType(String wireName) {
        this.wireName = wireName;
    }

    /** Every type's wire name, in declaration order. */
    public static java.util.List<String> wireNames() {
        return Arrays.stream(values()).map(InteractionType::wireName).toList();
    }

    /** The name used in JSON, e.g. {@code add_to_cart}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The type with this exact wire name; empty for anything else, including {@code null}. */
    public static Optional<InteractionType> fromWire(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (InteractionType type : values()) {
            if (type.wireName.equals(s)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    // Delegating, so mappers with parameter-names support (Akka's) read the wire name instead of expecting an object.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InteractionType ofWire(String s) {
        return fromWire(s).orElseThrow(
                () -> new IllegalArgumentException("unknown interaction type '" + s + "', expected one of " + WIRE_NAMES));
    }
}
