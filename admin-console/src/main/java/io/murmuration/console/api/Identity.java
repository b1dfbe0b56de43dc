package io.murmuration.console.api;

import io.murmuration.protocol.WhoAmIResponse;

/**
 * Who the console acts as, as the node told it ({@code GET /admin/whoami}): the token's name, under which the audit
 * trail records its changes, and its role.
 *
 * @param name the token's name
 * @param role {@code operator} or {@code viewer}
 */
public record Identity(String name, String role) {

    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";

    public static Identity of(WhoAmIResponse who) {
        return new Identity(who.name(), who.role());
    }

    public boolean mayChange() {
        return OPERATOR.equals(role);
    }
}
