package io.murmuration.protocol;

import java.time.Instant;

/**
 * One change made through the admin API, as the audit trail keeps it.
 *
 * @param id          the change's number, increasing in the order the changes were asked for
 * @param who         the name of the admin token that asked for it
 * @param action      what was asked: "train", "activate", "rollback", …
 * @param target      what it applied to (e.g. the model version to activate), null when the action names it all
 * @param reason      why, as the caller gave it; null when the request was refused before it was read
 * @param requestedAt when it was asked for
 * @param outcome     "pending" while it runs (or if its node stopped during it), then "accepted", "refused" (the
 *                    node said no, see {@code error}) or "failed" (it did not complete, so it may or may not have
 *                    taken effect; see {@code error})
 * @param result      what an accepted change did, e.g. "active: v20261122T101500Z-3f2a"; null otherwise
 * @param error       why it was refused or failed; null otherwise
 * @param concludedAt when the outcome was known, null while pending
 */
public record AuditEntry(
        long id,
        String who,
        String action,
        String target,
        String reason,
        Instant requestedAt,
        String outcome,
        String result,
        String error,
        Instant concludedAt) {}
