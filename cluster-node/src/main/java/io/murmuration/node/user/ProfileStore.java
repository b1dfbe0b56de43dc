package io.murmuration.node.user;

import akka.Done;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a user's profile is kept outside the journal, so that a returning user's request reads it instead of waiting
 * for the journal's recovery (decision 024). The journal stays the truth: a copy is served only while nothing was
 * journalled for the user after it.
 */
public interface ProfileStore {

    /**
     * Keeps {@code profile} as {@code userId}'s latest, replacing what was kept; {@code sequenceNr} is the number of the
     * user's last journalled event that it reflects.
     */
    CompletionStage<Done> save(String userId, UserProfile profile, long sequenceNr);

    /**
     * The profile kept for {@code userId} if the journal holds nothing for the user after it; empty if none was kept,
     * it cannot be read back, or the journal has moved on (the entity must answer).
     */
    CompletionStage<Optional<UserProfile>> loadCurrent(String userId);

    /** Keeps nothing: every returning user waits for its entity's recovery. */
    ProfileStore NONE = new ProfileStore() {
        @Override
        public CompletionStage<Done> save(String userId, UserProfile profile, long sequenceNr) {
            return CompletableFuture.completedFuture(Done.getInstance());
        }

        @Override
        public CompletionStage<Optional<UserProfile>> loadCurrent(String userId) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    };
}
