package io.murmuration.node.user;

import akka.Done;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a user's profile is kept outside the journal, for a returning user's first request: one read instead of the
 * journal's recovery (decision 024). The journal stays the truth; a stored profile may lag it (see
 * {@link UserEntity}), and the entity's own answer replaces it as soon as the entity has recovered.
 */
public interface ProfileStore {

    /** Keeps {@code profile} as {@code userId}'s latest, replacing what was kept. */
    CompletionStage<Done> save(String userId, UserProfile profile);

    /** The profile kept for {@code userId}, empty if none was kept or it cannot be read back. */
    CompletionStage<Optional<UserProfile>> load(String userId);

    /** Keeps nothing: every returning user waits for its entity's recovery. */
    ProfileStore NONE = new ProfileStore() {
        @Override
        public CompletionStage<Done> save(String userId, UserProfile profile) {
            return CompletableFuture.completedFuture(Done.getInstance());
        }

        @Override
        public CompletionStage<Optional<UserProfile>> load(String userId) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    };
}
