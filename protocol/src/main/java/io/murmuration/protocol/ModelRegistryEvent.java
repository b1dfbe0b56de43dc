package io.murmuration.protocol;

import java.time.Instant;

/**
 * A change in the model registry, as the {@code model} event of the admin event stream.
 *
 * @param kind      "registered" (a new version), "activated" or "rolled back"
 * @param versionId the version registered, or the version active after the change
 * @param who       who made an activation or rollback ("automatic promotion" for the trainer's promotions); absent
 *                  for a registration
 * @param reason    why, for an activation or rollback; absent for a registration
 * @param at        when
 */
public record ModelRegistryEvent(String kind, String versionId, String who, String reason, Instant at) {}
