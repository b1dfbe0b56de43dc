package io.murmuration.console.api;

/**
 * Who the console acts as: the token's name (as the audit trail records it, when the node tells it) and its role.
 *
 * @param name the token's name, or {@code null} when the node does not say it (an operator's token)
 * @param role {@code operator} or {@code viewer}
 */
public record Identity(String name, String role) {

    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";

    public boolean mayChange() {
        return OPERATOR.equals(role);
    }

    /** The name as shown in the window; the role's when the node does not tell the name. */
    public String displayName() {
        return name == null ? role + " token" : name;
    }
}
