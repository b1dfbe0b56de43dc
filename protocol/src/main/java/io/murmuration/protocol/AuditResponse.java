package io.murmuration.protocol;

import java.util.List;

/**
 * One page of the audit trail, newest change first.
 *
 * @param changes    at most {@code limit} changes, newest first
 * @param nextBefore the {@code before} that asks for the next (older) page; null when this page reaches the
 *                   oldest change the node keeps
 */
public record AuditResponse(List<AuditEntry> changes, Long nextBefore) {

    /** Default and largest number of changes in one page. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public AuditResponse {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
