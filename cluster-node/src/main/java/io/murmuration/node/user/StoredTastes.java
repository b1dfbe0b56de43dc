package io.murmuration.node.user;

import io.murmuration.node.model.serving.ActiveModel;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Users' tastes read from the copies of their profiles ({@link ProfileStore}) rather than from their entities: what
 * the recommender reads for a user whose entity is placed on this node but is not in memory, instead of starting the
 * entity and waiting for its recovery from the journal (decision 024). The taste is built by the entity's own function
 * ({@link UserEntity#tasteOf}).
 *
 * @param placedHere whether a user's entity is placed on this node: for a user placed elsewhere, whose entity may be
 *                   in memory there with a remembered search, the entity is asked as before
 */
public record StoredTastes(ProfileStore store, ActiveModel model, Duration tasteHalfLife, double weightBeforeShift,
        Predicate<String> placedHere) {

    /** No copies: the recommender asks the entity alone. */
    public static StoredTastes none() {
        return new StoredTastes(ProfileStore.NONE, new ActiveModel(), Duration.ofDays(1), 1, userId -> false);
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

    /** Whether the taste of {@code userId} is to be read from its copy: copies are kept, and its entity is placed here. */
    public boolean readsFor(String userId) {
        return store != ProfileStore.NONE && placedHere.test(userId);
    }
}
