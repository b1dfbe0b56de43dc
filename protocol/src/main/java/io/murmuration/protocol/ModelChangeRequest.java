package io.murmuration.protocol;

/**
 * The body of a model operation (train, activate, roll back): why it is done, kept in the registry's history.
 *
 * @param reason required, 1–500 characters
 */
public record ModelChangeRequest(String reason) {

    public static final int MAX_REASON = 500;
}
