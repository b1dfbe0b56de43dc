package io.murmuration.node.model.versions;

import akka.Done;
import java.util.concurrent.CompletionStage;

/**
 * Gets the serving side ready for a newly stored model version before the registry learns of it, so that
 * an automatic promotion finds every item shard's index of the version already built.
 */
@FunctionalInterface
public interface VersionPreparation {

    /** Completes when every item shard has built its index of {@code versionId}, or fails saying which did not. */
    CompletionStage<Done> prepare(String versionId);
}
