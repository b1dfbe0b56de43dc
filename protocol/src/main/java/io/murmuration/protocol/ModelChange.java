package io.murmuration.protocol;

import java.time.Instant;

/**
 * One change of the active model version.
 *
 * @param kind      "activated" or "rolled back"
 * @param versionId the version active after the change
 * @param who       who made it ("automatic promotion" for the trainer's promotions)
 * @param reason    why
 * @param at        when
 */
public record ModelChange(String kind, String versionId, String who, String reason, Instant at) {}
