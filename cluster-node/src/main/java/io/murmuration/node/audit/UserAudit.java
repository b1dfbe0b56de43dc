package io.murmuration.node.audit;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.persistence.typed.PersistenceId;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.core.type.TypeReference;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.drift.DriftSettings;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.interaction.UserEvent;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.model.serving.UserEmbedding;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.user.UserEntity;
import io.murmuration.node.user.UserProfile;
import io.murmuration.protocol.HistoryEntry;
import io.murmuration.protocol.JournalEntry;
import io.murmuration.protocol.ProtocolJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an auditor asks of a user's history, answered from the journal itself: the users there are, a user's
 * events between two instants, and the user as it was at an instant. A replay folds the events recorded at or
 * before that instant with {@link UserEntity}'s own event handler, finds the model version the registry had
 * active then, and rebuilds the embedding and the personal list under that version with the entity's own
 * functions, so the answer is what the live entity held then, not an approximation of it.
 */
public final class UserAudit {

    /** A user rebuilt as of an instant; {@code version}, {@code embedding} and {@code personal} may be absent. */
    public record Replayed(
            String userId,
            Instant asOf,
            long eventsApplied,
            UserProfile profile,
            Optional<String> version,
            Optional<float[]> embedding,
            List<ScoredItem> personal) {}

    /** A user's journal between two instants; {@code truncated} when there was more than the limit. */
    public record Events(List<JournalEntry> entries, boolean truncated) {}

    /** One page of user ids, and the id to continue after when there is more. */
    public record UserPage(List<String> users, Optional<String> nextAfter) {}

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private final ActorSystem<?> system;
    private final CurrentEventsByPersistenceIdQuery journal;
    private final Supplier<Source<String, NotUsed>> persistenceIds;
    private final Supplier<CompletionStage<ModelRegistry.State>> registry;
    private final Function<String, CompletionStage<Optional<StoredFactors>>> storedFactors;
    private final ActiveModel active;
    private final UserLimits limits;
    private final Duration tasteHalfLife;
    private final DriftSettings.PerUser drift;
    private final Set<String> excludeTypes;

    public UserAudit(
            ActorSystem<?> system,
            CurrentEventsByPersistenceIdQuery journal,
            Supplier<Source<String, NotUsed>> persistenceIds,
            Supplier<CompletionStage<ModelRegistry.State>> registry,
            Function<String, CompletionStage<Optional<StoredFactors>>> storedFactors,
            ActiveModel active,
            UserLimits limits,
            Duration tasteHalfLife,
            DriftSettings.PerUser drift,
            Set<String> excludeTypes) {
        this.system = system;
        this.journal = journal;
        this.persistenceIds = persistenceIds;
        this.registry = registry;
        this.storedFactors = storedFactors;
        this.active = active;
        this.limits = limits;
        this.tasteHalfLife = tasteHalfLife;
        this.drift = drift;
        this.excludeTypes = Set.copyOf(excludeTypes);
    }

    /**
     * Users whose id starts with {@code prefix}, in id order, after {@code after} (exclusive, may be null), at most
     * {@code limit}. The journal's id list is not sorted, so every page reads it whole: O(users) per page.
     */
    public CompletionStage<UserPage> users(String prefix, String after, int limit) {
        String userPrefix = UserEntity.TYPE_KEY.name() + PersistenceId.DefaultSeparator();
        return persistenceIds.get()
                .filter(id -> id.startsWith(userPrefix))
                .map(id -> id.substring(userPrefix.length()))
                .runWith(Sink.seq(), system)
                .thenApply(ids -> page(ids, prefix, after, limit));
    }

    /** The page of {@code ids} that {@link #users} answers; pure, so it is tested without a journal. */
    static UserPage page(List<String> ids, String prefix, String after, int limit) {
        List<String> matching = ids.stream()
                .filter(id -> prefix == null || id.startsWith(prefix))
                .filter(id -> after == null || id.compareTo(after) > 0)
                .sorted()
                .distinct()
                .limit(limit + 1L)
                .toList();
        if (matching.size() <= limit) {
            return new UserPage(matching, Optional.empty());
        }
        List<String> users = matching.subList(0, limit);
        return new UserPage(users, Optional.of(users.get(limit - 1)));
    }

    /** The user's events recorded in [{@code from}, {@code to}] (either may be null: open), oldest first, at most {@code limit}. */
    public CompletionStage<Events> events(String userId, Instant from, Instant to, int limit) {
        long fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        return journalOf(userId)
                .filter(e -> e.timestamp() >= fromMillis && e.timestamp() <= toMillis)
                .take(limit + 1L)
                .map(UserAudit::entryOf)
                .runWith(Sink.seq(), system)
                .thenApply(entries -> entries.size() > limit
                        ? new Events(List.copyOf(entries.subList(0, limit)), true)
                        : new Events(List.copyOf(entries), false));
    }

    /** The user as it was at {@code asOf}, with the version active then and the top {@code k} personal items under it. */
    public CompletionStage<Replayed> replay(String userId, Instant asOf, int k) {
        long asOfMillis = asOf.toEpochMilli();
        CompletionStage<List<UserEvent>> events = journalOf(userId)
                .takeWhile(e -> e.timestamp() <= asOfMillis)
                .map(e -> (UserEvent) e.event())
                .runWith(Sink.seq(), system);
        return events.thenCombine(registry.get(), (applied, state) -> new Folded(applied.size(),
                UserEntity.replay(userId, limits, drift, applied), activeAt(state, asOf), state))
                .thenCompose(folded -> {
                    Replayed withoutModel = new Replayed(userId, asOf, folded.events(), folded.profile(), folded.version(),
                            Optional.empty(), List.of());
                    if (folded.version().isEmpty()) {
                        return CompletableFuture.completedFuture(withoutModel);
                    }
                    return servingModel(folded.version().get(), folded.registry()).thenApply(model -> {
                        UserEmbedding embedding = UserEntity.embeddingOf(folded.profile(), model, tasteHalfLife,
                                drift.weightBeforeShift());
                        if (embedding.isEmpty()) {
                            return withoutModel;
                        }
                        float[] vector = embedding.vector();
                        Set<String> excluded = folded.profile().excludedItems(excludeTypes);
                        return new Replayed(userId, asOf, folded.events(), folded.profile(), folded.version(),
                                Optional.of(vector), model.exactTop(vector, k, excluded::contains));
                    });
                });
    }

    /** The journal folded up to the instant, and the registry's view of which version was active then. */
    private record Folded(long events, UserProfile profile, Optional<String> version, ModelRegistry.State registry) {}

    /** The version the registry had active at {@code at}: the target of the last activation or rollback by then. */
    static Optional<String> activeAt(ModelRegistry.State state, Instant at) {
        String version = null;
        for (ModelRegistry.Change change : state.changes()) {
            if (change.at().isAfter(at)) break;
            version = change.versionId();
        }
        return Optional.ofNullable(version);
    }

    private CompletionStage<ServingModel> servingModel(String versionId, ModelRegistry.State state) {
        Optional<ServingModel> current = active.current().filter(m -> m.versionId().equals(versionId));
        if (current.isPresent()) {
            return CompletableFuture.completedFuture(current.get());
        }
        ModelVersion meta = state.versions().get(versionId);
        double lambda = meta == null ? 1.0 : meta.parameters().getOrDefault("lambda", 1.0);
        double alpha = meta == null ? 1.0 : meta.parameters().getOrDefault("alpha", 1.0);
        return storedFactors.apply(versionId).thenApply(stored -> ServingModel.of(stored.orElseThrow(
                () -> new IllegalStateException("model version " + versionId + " is not in the model store")), lambda, alpha));
    }

    private Source<EventEnvelope, NotUsed> journalOf(String userId) {
        return journal.currentEventsByPersistenceId(UserEntity.persistenceIdOf(userId), 0L, Long.MAX_VALUE);
    }

    private static JournalEntry entryOf(EventEnvelope envelope) {
        Instant recordedAt = Instant.ofEpochMilli(envelope.timestamp());
        Map<String, Object> fields = new LinkedHashMap<>(ProtocolJson.mapper().convertValue(envelope.event(), FIELDS));
        if (envelope.event() instanceof InteractionRecorded r) {
            for (String shown : List.of("userId", "eventId", "itemId", "type", "value", "timestamp")) {
                fields.remove(shown);
            }
            fields.values().removeIf(v -> v == null || (v instanceof Map<?, ?> m && m.isEmpty()));
            return new JournalEntry(envelope.sequenceNr(), recordedAt, JournalEntry.INTERACTION,
                    new HistoryEntry(r.eventId(), r.itemId(), r.type(), r.value(), r.timestamp()), fields);
        }
        String kind = envelope.event().getClass().getSimpleName();
        return new JournalEntry(envelope.sequenceNr(), recordedAt, kind, null, fields);
    }
}
