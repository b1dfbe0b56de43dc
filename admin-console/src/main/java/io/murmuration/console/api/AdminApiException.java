package io.murmuration.console.api;

/**
 * A request to the admin API that did not succeed, as an operator should read it: what happened (the node's own
 * words when it gave a reason) and what to do about it. Never carries the token.
 */
public final class AdminApiException extends RuntimeException {

    /** Why the request failed, which decides what the console suggests. */
    public enum Kind {
        /** The node did not answer at all: wrong URL, node down, network. */
        UNREACHABLE,
        /** 401: no token or a token the node does not know. */
        TOKEN_REFUSED,
        /** 403: the token's role may not do this. */
        FORBIDDEN,
        /** The node answers but not with this console's admin API (unknown path, unreadable reply). */
        OTHER_VERSION,
        /** Any other refusal (400, 404, 409, 503 …): the node's reason is the message. */
        REFUSED
    }

    private final Kind kind;
    private final int status;
    private final String advice;

    public AdminApiException(Kind kind, int status, String message, String advice) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.advice = advice;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when the node did not answer. */
    public int status() {
        return status;
    }

    /** What the operator can do about it, one sentence. */
    public String advice() {
        return advice;
    }
}
