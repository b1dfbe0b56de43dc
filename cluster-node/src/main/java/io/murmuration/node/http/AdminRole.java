package io.murmuration.node.http;

import java.util.Arrays;
import java.util.Optional;

/** What an admin token may do: a viewer reads, an operator reads and changes (trains, activates, rolls back). */
public enum AdminRole {
    VIEWER("viewer"),
    OPERATOR("operator");

    private final String wireName;

    AdminRole(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in configuration and replies. */
    public String wireName() {
        return wireName;
    }

    public boolean mayChange() {
        return this == OPERATOR;
    }

    public static Optional<AdminRole> fromWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }
}
