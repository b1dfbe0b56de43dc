package io.murmuration.protocol;

/**
 * The body of an operator's change (train, activate, roll back a model version; acknowledge a drift alarm): why
 * it is done, kept with the change.
 *
 * @param reason required, 1–500 characters
 */
public record ModelChangeRequest(String reason) {

    public static final int MAX_REASON = 500;
}
