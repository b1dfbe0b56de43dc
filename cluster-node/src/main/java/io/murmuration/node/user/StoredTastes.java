package io.murmuration.node.user;

import io.murmuration.node.model.serving.ActiveModel;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Users' tastes read from the copies of their profiles ({@link ProfileStore}) rather than from their entities: what
 * the recommender reads for a user not in memory on this node, instead of starting the entity and waiting for its
 * recovery from the journal (decision 024). The taste is built by the entity's own function
 * ({@link UserEntity#tasteOf}).
 */
public record StoredTastes(ProfileStore store, ActiveModel model, Duration tasteHalfLife, double weightBeforeShift) {

    /** No copies: the recommender asks the entity alone. */
    public static StoredTastes none() {
        return new StoredTastes(ProfileStore.NONE, new ActiveModel(), Duration.ofDays(1), 1);
    }

    /**
     * The user's taste from the kept copy of the profile; empty without a copy, with one the journal has moved past,
     * or for a copy of a user with no events.
     */
    public CompletionStage<Optional<UserEntity.Taste>> tasteOf(String userId, int recentItems, Set<String> excludeTypes) {
        return store.loadCurrent(userId).thenApply(kept -> kept.filter(profile -> !profile.isNew()).map(profile ->
                UserEntity.tasteOf(userId, profile, model.current(), tasteHalfLife, weightBeforeShift, recentItems,
                        excludeTypes)));
    }

    /** Whether there is anywhere to read from. */
    public boolean enabled() {
        return store != ProfileStore.NONE;
    }
}
