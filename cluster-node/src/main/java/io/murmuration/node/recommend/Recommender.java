package io.murmuration.node.recommend;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import io.murmuration.node.item.AnnIndex;
import io.murmuration.node.item.ItemActivity;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.item.LocalIndexes;
import io.murmuration.node.item.MaximalMarginalRelevance;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.recommend.CandidateBlend.Blended;
import io.murmuration.node.recommend.CandidateBlend.Neighbourhood;
import io.murmuration.node.user.RecoveredUsers;
import io.murmuration.node.user.StoredTastes;
import io.murmuration.node.user.UserEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Puts a user's recommendations together: the user's taste from its entity, then in parallel the inner-product
 * search of every item shard (scatter-gather, on the version the embedding was built on), the co-occurrence
 * neighbours of the user's recent items and the popular items, then the new items like the recent ones (a second round:
 * the recent items' shards name their catalog attributes with their neighbours, every shard answers with its cold
 * items sharing them, {@code ColdItems}); once every source has answered, one ask of each shard holding candidates
 * for their popularity (the neighbours' discount) and activity (the learned ranking); ranked by {@link LearnedRanking}
 * or blended by {@link CandidateBlend}, and optionally diversified by {@link MaximalMarginalRelevance}. The blend's
 * weights are those of the set that leads on this node's
 * recent hits ({@link BlendLeader}); the reply carries every competing set's top k, against which the user's next item
 * is credited. The personalised path has a deadline: a user whose taste is not known by then, or who has no history,
 * gets the popular list, marked as a fallback. A source that fails or has not
 * answered by the deadline (a shard or the popularity board restarting or busy, say) contributes nothing rather than
 * holding up or failing the request: the list degrades, the reply names the parts it lacks ({@link MissingParts}), and
 * the endpoint keeps answering. Similar items work the same way for an item's vector and co-occurrences, without a
 * deadline.
 */
public final class Recommender {

    /** The model named in a reply that no trained version scored. */
    public static final String POPULARITY_MODEL = "popularity";

    /**
     * A user's list: {@code fallback} is true when it is the popular list rather than a personal one; {@code missing}
     * names the parts it was put together without, empty when it is whole. {@code setsByItem}: for each item in the
     * top k of a competing weight set, the bits of those sets (null for a fallback, a fixed blend or a list the leader
     * does not compare), what the user's next item is credited against ({@link BlendLeader}), in the leader's
     * {@code context} the list was served in ({@link TrendContexts}). {@code rankedFrom}: the candidates a learned
     * ranking ranked the list from, which the user's next item teaches it (null when the blend ranked it).
     */
    public record Recommendation(String userId, String modelVersion, boolean fallback, List<Blended> items,
            List<String> missing, Map<String, Long> setsByItem, int context, UserEntity.RankedCandidates rankedFrom) {

        public boolean partial() {
            return !missing.isEmpty();
        }
    }

    /** An item's similar items; {@code modelVersion} and {@code missing} as for a user's list. */
    public record SimilarItems(String itemId, String modelVersion, List<Blended> items, List<String> missing) {}

    private final ActorSystem<?> system;
    private final RecommendationSettings settings;
    private final BlendLeader blendLeader;
    /** Null when the blend's weights rank the lists. */
    private final LearnedRanking learnedRanking;
    private final ActorRef<PopularityBoard.Command> popularity;
    private final ActiveModel model;
    private final ClusterSharding sharding;
    private final LocalIndexes localIndexes;
    private final int shards;
    private final Duration askTimeout;
    private final StoredTastes storedTastes;
    private final RecoveredUsers recoveredUsers;

    /**
     * @param blendLeader the node's chooser of blend weights, which the user entities credit; its sets are
     *                    {@code settings}' blend sets
     */
    public Recommender(ActorSystem<?> system, RecommendationSettings settings, BlendLeader blendLeader,
            ActorRef<PopularityBoard.Command> popularity, ActiveModel model, int shards, Duration askTimeout) {
        this(system, settings, blendLeader, popularity, model, shards, askTimeout, StoredTastes.none());
    }

    /**
     * As above; the taste of a user placed on this node but not in memory is read from the kept copy of the user's
     * profile when {@code storedTastes} has a current one, without starting the user's entity (decision 024).
     */
    public Recommender(ActorSystem<?> system, RecommendationSettings settings, BlendLeader blendLeader,
            ActorRef<PopularityBoard.Command> popularity, ActiveModel model, int shards, Duration askTimeout,
            StoredTastes storedTastes) {
        this(system, settings, blendLeader, settings.newLearnedRanking(), popularity, model, shards, askTimeout,
                storedTastes);
    }

    /**
     * As above, ranking with {@code learnedRanking} (the node's, which the user entities teach) when the settings
     * say the lists are learned.
     */
    public Recommender(ActorSystem<?> system, RecommendationSettings settings, BlendLeader blendLeader,
            LearnedRanking learnedRanking, ActorRef<PopularityBoard.Command> popularity, ActiveModel model, int shards,
            Duration askTimeout, StoredTastes storedTastes) {
        if (!blendLeader.sets().equals(settings.blendSets())) {
            throw new IllegalArgumentException("the blend leader chooses between other sets than the settings name");
        }
        if ((settings.learned() == null) != (learnedRanking == null)) {
            throw new IllegalArgumentException("a learned ranking is used exactly when the settings say the lists are learned");
        }
        this.system = system;
        this.settings = settings;
        this.blendLeader = blendLeader;
        this.learnedRanking = learnedRanking;
        this.popularity = popularity;
        this.model = model;
        this.sharding = ClusterSharding.get(system);
        this.localIndexes = LocalIndexes.get(system);
        this.shards = shards;
        this.askTimeout = askTimeout;
        this.storedTastes = storedTastes;
        this.recoveredUsers = RecoveredUsers.get(system);
    }

    /** The user's top {@code k}, re-ranked for {@code diversity} in 0..1 (0: by score alone). */
    public CompletionStage<Recommendation> forUser(String userId, int k, double diversity) {
        MissingParts parts = MissingParts.within(settings.deadline());
        CompletableFuture<SourcedTaste> taste = parts.orWithout(tasteOf(userId), null, "user");
        return taste
                .thenCompose(t -> t == null || t.taste().isNew()
                        ? CompletableFuture.completedFuture((Recommendation) null)
                        : personalised(t, k, diversity, parts).thenApply(r -> {
                            if (r != null) served(t, r);
                            return r;
                        }))
                .exceptionally(failure -> null)
                .thenCompose(r -> r != null ? CompletableFuture.completedFuture(r) : popularFallback(userId, k));
    }

    /** A user's taste, and whether it came from the kept copy with the user's entity left stopped. */
    private record SourcedTaste(UserEntity.Taste taste, boolean fromCopy) {}

    /**
     * The user's taste: for a user placed on this node but not in memory, from the kept copy of the profile if it is
     * current (one read of the copy and one of the journal's last sequence number, side by side); else, and for a
     * user in memory here or placed elsewhere, the entity's answer (which recovers the entity first if it is stopped).
     */
    private CompletionStage<SourcedTaste> tasteOf(String userId) {
        if (recoveredUsers.contains(userId) || !storedTastes.readsFor(userId)) {
            // In memory here, the entity answers at once; placed on another node, it may be in memory there.
            return entityTaste(userId);
        }
        return storedTastes.tasteOf(userId, settings.recentItems(), settings.excludeTypes())
                .handle((kept, failure) -> failure == null && kept.isPresent()
                        ? CompletableFuture.completedFuture(new SourcedTaste(kept.get(), true))
                        // No copy, one behind the journal or unreadable, or Cassandra failed: the entity answers.
                        : entityTaste(userId))
                .thenCompose(t -> t);
    }

    private CompletionStage<SourcedTaste> entityTaste(String userId) {
        return sharding.entityRefFor(UserEntity.TYPE_KEY, userId)
                .ask((ActorRef<UserEntity.Taste> replyTo) -> new UserEntity.GetTaste(settings.recentItems(),
                        settings.excludeTypes(), replyTo), askTimeout)
                .thenApply(t -> new SourcedTaste(t, false));
    }

    /**
     * The user's next interaction is a hit if it is in this list (the drift monitor's hit rate, the blend's credit):
     * the entity is told, or, when it was left stopped, the list waits on this node for the entity to recover.
     */
    private void served(SourcedTaste taste, Recommendation r) {
        UserEntity.ServedList list = new UserEntity.ServedList(r.items().stream().map(Blended::itemId).toList(),
                r.modelVersion(), Instant.now(), r.setsByItem(), r.context(), r.rankedFrom());
        if (taste.fromCopy()) {
            recoveredUsers.servedWhileStopped(r.userId(), list);
        } else {
            sharding.entityRefFor(UserEntity.TYPE_KEY, r.userId()).tell(new UserEntity.ListServed(list));
        }
    }

    /** The user's personal list, or null when no source brought anything by the deadline (the popular list follows). */
    private CompletionStage<Recommendation> personalised(SourcedTaste sourced, int k, double diversity,
            MissingParts parts) {
        UserEntity.Taste taste = sourced.taste();
        int wanted = Math.max(k, settings.candidatesPerSource());
        Set<String> exclude = taste.exclude();
        CompletableFuture<List<ScoredItem>> annCandidates = taste.embedding() == null
                ? CompletableFuture.completedFuture(List.of())
                : personalCandidates(taste, !sourced.fromCopy(), wanted, parts);
        CompletableFuture<RecentItems> recent = recentItems(taste.recentItems(), wanted, parts);
        CompletableFuture<List<Neighbourhood>> neighbourhoods = recent.thenApply(RecentItems::neighbourhoods);
        CompletableFuture<List<Neighbourhood>> alike = settings.weights().newItems() > 0
                ? recent.thenCompose(r -> coldItemsLike(taste.recentItems(), r.valuesByItem(), wanted, exclude, parts))
                : CompletableFuture.completedFuture(List.of());
        CompletableFuture<List<ScoredItem>> popular = popularOrNone(wanted + exclude.size(), parts);
        return CompletableFuture.allOf(annCandidates, neighbourhoods, alike, popular)
                .thenCompose(all -> factsOf(askedFacts(annCandidates.join(), neighbourhoods.join(), popular.join(),
                        alike.join(), exclude, taste.recentItems()), parts))
                .thenApply(facts -> {
                    int pool = diversity > 0 ? wanted : k;
                    CandidateBlend.Candidates candidates = CandidateBlend.candidates(annCandidates.join(),
                            discounted(neighbourhoods.join(), facts), popular.join(), alike.join(),
                            settings.recencyExponent());
                    int context = settings.trendContexts().of(taste.popularShare());
                    String version = taste.versionId() != null
                            ? taste.versionId()
                            : model.current().map(ServingModel::versionId).orElse(POPULARITY_MODEL);
                    return learnedRanking != null
                            ? servedByLearning(candidates, facts.activity(), taste, context, version, diversity, k, pool, parts)
                            : servedByBlend(candidates, context, version, exclude, diversity, k, pool, taste.userId(), parts);
                });
    }

    /**
     * The items whose facts the ranking reads: every neighbour (the discount scales a neighbourhood by its best
     * neighbour, excluded or not), every other candidate left after {@code exclude}, and the user's recent items (the
     * learned ranking reads whether they were new when taken). None when neither the discount nor a learned ranking
     * reads them.
     */
    private Set<String> askedFacts(List<ScoredItem> personal, List<Neighbourhood> neighbourhoods,
            List<ScoredItem> popular, List<Neighbourhood> alike, Set<String> exclude, List<String> recentItems) {
        if (learnedRanking == null && settings.popularityDiscount() == 0) {
            return Set.of();
        }
        Set<String> asked = neighbourIds(neighbourhoods);
        if (learnedRanking != null) {
            personal.forEach(c -> asked.add(c.itemId()));
            alike.forEach(n -> n.neighbours().forEach(c -> asked.add(c.itemId())));
            popular.forEach(c -> {
                // The popular list is asked longer by the user's exclusions, which need no facts.
                if (!exclude.contains(c.itemId())) asked.add(c.itemId());
            });
            asked.addAll(recentItems);
        }
        return asked;
    }

    /** The list ranked by the learned ranking; null when no candidate is left. */
    private Recommendation servedByLearning(CandidateBlend.Candidates candidates, LearnedRanking.Activity activity,
            UserEntity.Taste taste, int context, String version, double diversity, int k, int pool, MissingParts parts) {
        // The user's time away as of the latest interaction the shards have seen: event time, as the items' activity is.
        Instant now = activity.now();
        Duration away = now == null || taste.lastSeen() == null ? null : Duration.between(taste.lastSeen(), now);
        double newShare = LearnedRanking.newShare(taste.recentItems(), taste.recentTakenAt(), activity.of());
        LearnedRanking.Ranking ranking = learnedRanking.rank(candidates,
                learnedRanking.userFeatures(context, taste.eventCount(), away, taste.popularShare(), newShare),
                activity, taste.exclude()::contains, pool);
        if (ranking.items().isEmpty()) {
            return null;
        }
        return new Recommendation(taste.userId(), version, false, diversify(ranking.items(), diversity, k),
                parts.names(), null, context, ranking.rankedFrom());
    }

    /** The list ranked by the blend leader's weights in {@code context}; null when no candidate is left. */
    private Recommendation servedByBlend(CandidateBlend.Candidates candidates, int context, String version,
            Set<String> exclude, double diversity, int k, int pool, String userId, MissingParts parts) {
        BlendLeader.Turn turn = blendLeader.serve(context);
        List<Blended> blended = candidates.rank(blendLeader.sets().get(turn.set()), exclude::contains, pool);
        if (blended.isEmpty()) {
            return null;
        }
        return new Recommendation(userId, version, false, diversify(blended, diversity, k), parts.names(),
                turn.compared() ? setsByItem(candidates, exclude, k) : null, turn.context(), null);
    }

    /** Each item in the top {@code k} of some competing weight set, with the bits of those sets. */
    private Map<String, Long> setsByItem(CandidateBlend.Candidates candidates, Set<String> exclude, int k) {
        Map<String, Long> sets = new HashMap<>();
        List<CandidateBlend.Weights> all = blendLeader.sets();
        for (int i = 0; i < all.size(); i++) {
            long bit = 1L << i;
            for (Blended b : candidates.rank(all.get(i), exclude::contains, k)) {
                sets.merge(b.itemId(), bit, (a, c) -> a | c);
            }
        }
        return sets;
    }

    /**
     * The embedding search's best {@code wanted}: remembered by the user's entity if it searched this very embedding
     * before, else searched on every shard and handed back to the entity to remember if it is {@code running} (a
     * stopped one would be started by it).
     */
    private CompletableFuture<List<ScoredItem>> personalCandidates(UserEntity.Taste taste, boolean running, int wanted,
            MissingParts parts) {
        UserEntity.SearchedCandidates before = taste.searched();
        if (settings.rememberCandidates() && before != null && before.wanted() >= wanted) {
            List<ScoredItem> items = before.items();
            return CompletableFuture.completedFuture(items.size() <= wanted ? items : items.subList(0, wanted));
        }
        return searchAllShards(taste.embedding(), taste.versionId(), wanted, taste.exclude(), parts).thenApply(found -> {
            // A shard still building this version's index, or late, answered nothing: search again next time.
            if (settings.rememberCandidates() && found.complete() && running) {
                sharding.entityRefFor(UserEntity.TYPE_KEY, taste.userId()).tell(new UserEntity.RememberCandidates(
                        new UserEntity.SearchedCandidates(taste.versionId(), taste.eventCount(), wanted, found.items())));
            }
            return found.items();
        });
    }

    /** The popular list, waiting for the board's own timeout: past the deadline, it is the one answer left. */
    private CompletionStage<Recommendation> popularFallback(String userId, int k) {
        MissingParts parts = MissingParts.withoutDeadline();
        return popularOrNone(k, parts).thenApply(items -> new Recommendation(userId,
                model.current().map(ServingModel::versionId).orElse(POPULARITY_MODEL), true,
                items.stream().map(i -> new Blended(i.itemId(), i.score(), CandidateBlend.POPULAR)).toList(),
                parts.names(), null, 0, null));
    }

    /**
     * The item's top {@code k} similar items; empty when neither its vector nor any co-occurrence is known (and its
     * shard answered).
     */
    public CompletionStage<Optional<SimilarItems>> similarTo(String itemId, int k) {
        int wanted = Math.max(k, settings.candidatesPerSource());
        MissingParts parts = MissingParts.withoutDeadline();
        Optional<ServingModel> serving = model.current();
        Optional<float[]> vector = serving.flatMap(m -> m.vectorOf(itemId));
        Set<String> itself = Set.of(itemId);
        CompletableFuture<List<ScoredItem>> byVector = vector.isEmpty()
                ? CompletableFuture.completedFuture(List.of())
                : searchAllShards(vector.get(), serving.get().versionId(), wanted, itself, parts).thenApply(ShardAnswers::items);
        CompletableFuture<List<Neighbourhood>> followers = recentItems(List.of(itemId), wanted, parts)
                .thenApply(RecentItems::neighbourhoods)
                .thenCompose(found -> {
                    if (settings.popularityDiscount() == 0) {
                        return CompletableFuture.completedFuture(found);
                    }
                    return factsOf(neighbourIds(found), parts).thenApply(facts -> discounted(found, facts));
                });
        return byVector.thenCombine(followers, (ann, next) -> {
            // Unknown only when the item's shard answered: a shard that did not is a partial reply, not a 404.
            if (vector.isEmpty() && next.get(0).neighbours().isEmpty() && parts.names().isEmpty()) {
                return Optional.<SimilarItems>empty();
            }
            List<Blended> blended = CandidateBlend.blend(ann, next, List.of(), settings.similarWeights(), itself::contains, k)
                    .stream()
                    .map(b -> new Blended(b.itemId(), b.score(), b.reason().startsWith(CandidateBlend.SIMILAR_TO)
                            ? "often with " + itemId
                            : CandidateBlend.SIMILAR_TO + itemId))
                    .toList();
            return Optional.of(new SimilarItems(itemId,
                    serving.map(ServingModel::versionId).orElse(POPULARITY_MODEL), blended, parts.names()));
        });
    }

    /** A missing shard's answer: from no version, so the merge leaves it out and marks the search incomplete. */
    private static final ItemShard.Candidates NO_CANDIDATES = new ItemShard.Candidates(-1, null, List.of());

    /** The merged best {@code k} of the shards; {@code complete} when every shard answered from the version asked. */
    private record ShardAnswers(List<ScoredItem> items, boolean complete) {}

    private CompletableFuture<ShardAnswers> searchAllShards(float[] query, String versionId, int k, Set<String> exclude,
            MissingParts parts) {
        // Each shard holds 1/S of the items, so twice its even share of the k wanted is plenty unless the best items
        // bunch in one shard; the blend needs many candidates, not exactly the top k.
        int perShard = Math.min(k, (2 * k + shards - 1) / shards);
        List<String> shardIds = ItemShard.entityIds(shards);
        List<CompletableFuture<ItemShard.Candidates>> asks = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            String shard = shardIds.get(s);
            // A shard on this node is searched here: its index is immutable, and an ask would cost more than the
            // search (decision 022). Another node's shard is asked.
            AnnIndex local = localIndexes.find(s, versionId);
            asks.add(local != null
                    ? CompletableFuture.completedFuture(searchHere(local, s, query, versionId, perShard, exclude, parts))
                    : parts.orWithout(sharding.entityRefFor(ItemShard.TYPE_KEY, shard)
                            .<ItemShard.Candidates>ask(replyTo -> new ItemShard.Search(query, versionId, perShard, exclude, replyTo), askTimeout),
                            NO_CANDIDATES, partName(shard, "search")));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ScoredItem> merged = new ArrayList<>();
            boolean complete = true;
            for (int i = 0; i < asks.size(); i++) {
                ItemShard.Candidates c = asks.get(i).join();
                // A shard without this version's index (still building, or restarted) contributes nothing rather than
                // scores from another version's space.
                if (versionId.equals(c.versionId())) {
                    merged.addAll(c.items());
                } else {
                    complete = false;
                    if (c != NO_CANDIDATES) {
                        parts.add(partName(shardIds.get(i), "search (version " + versionId + " not ready)"));
                    }
                }
            }
            merged.sort((a, b) -> Double.compare(b.score(), a.score()));
            return new ShardAnswers(merged.size() <= k ? merged : List.copyOf(merged.subList(0, k)), complete);
        });
    }

    /** A local shard's search; one that fails leaves the shard's part out, named, as a shard that did not answer. */
    private static ItemShard.Candidates searchHere(AnnIndex index, int shard, float[] query, String versionId, int k,
            Set<String> exclude, MissingParts parts) {
        try {
            return new ItemShard.Candidates(shard, versionId, index.searchExcluding(query, k, exclude));
        } catch (RuntimeException e) {
            parts.add(partName(Integer.toString(shard), "search (" + e.getMessage() + ")"));
            return NO_CANDIDATES;
        }
    }

    /** What the shards of some items say of them: their neighbourhoods, in order, and their catalog attribute values. */
    private record RecentItems(List<Neighbourhood> neighbourhoods, Map<String, List<String>> valuesByItem) {}

    private static final ItemShard.NeighbourLists NO_NEIGHBOURS = new ItemShard.NeighbourLists(Map.of(), Map.of());

    /** The co-visitation neighbours of each of {@code items}: one ask per shard holding some of them. */
    private CompletableFuture<RecentItems> recentItems(List<String> items, int k, MissingParts parts) {
        Map<Integer, List<String>> byShard = byShard(items);
        List<CompletableFuture<ItemShard.NeighbourLists>> asks = new ArrayList<>(byShard.size());
        // A shard that does not answer lends no neighbours.
        byShard.forEach((shard, own) -> asks.add(parts.orWithout(sharding.entityRefFor(ItemShard.TYPE_KEY, Integer.toString(shard))
                .<ItemShard.NeighbourLists>ask(replyTo -> new ItemShard.Neighbours(own, k, replyTo), askTimeout),
                NO_NEIGHBOURS, partName(Integer.toString(shard), "neighbours"))));
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, List<ScoredItem>> all = new HashMap<>();
            Map<String, List<String>> values = new HashMap<>();
            asks.forEach(ask -> {
                all.putAll(ask.join().byItem());
                values.putAll(ask.join().valuesByItem());
            });
            return new RecentItems(items.stream().map(item -> new Neighbourhood(item, all.getOrDefault(item, List.of()))).toList(),
                    values);
        });
    }

    /**
     * For each of {@code items} (in order) the {@code k} best cold items sharing one of its attribute values: one ask
     * of every shard, none when no recent item has attributes.
     */
    private CompletableFuture<List<Neighbourhood>> coldItemsLike(List<String> items, Map<String, List<String>> valuesByItem,
            int k, Set<String> exclude, MissingParts parts) {
        if (valuesByItem.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<Map<String, List<ScoredItem>>>> asks = new ArrayList<>(shards);
        for (String shard : ItemShard.entityIds(shards)) {
            // That shard's new items are left out.
            asks.add(parts.orWithout(sharding.entityRefFor(ItemShard.TYPE_KEY, shard)
                    .<ItemShard.ColdAnswers>ask(replyTo -> new ItemShard.ColdLike(valuesByItem, k, exclude, replyTo), askTimeout)
                    .thenApply(ItemShard.ColdAnswers::bySource), Map.of(), partName(shard, "new items")));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Neighbourhood> alike = new ArrayList<>(items.size());
            for (String item : items) {
                List<ScoredItem> merged = new ArrayList<>();
                asks.forEach(ask -> merged.addAll(ask.join().getOrDefault(item, List.of())));
                merged.sort((a, b) -> Double.compare(b.score(), a.score()));
                alike.add(new Neighbourhood(item, merged.size() <= k ? merged : List.copyOf(merged.subList(0, k))));
            }
            return alike;
        });
    }

    /** Every neighbour of {@code neighbourhoods}, once: the items the discount needs the popularity of. */
    private static Set<String> neighbourIds(List<Neighbourhood> neighbourhoods) {
        Set<String> ids = new HashSet<>();
        neighbourhoods.forEach(n -> n.neighbours().forEach(c -> ids.add(c.itemId())));
        return ids;
    }

    /**
     * The neighbourhoods with each neighbour's score discounted by its popularity ({@link PopularityDiscount});
     * unchanged when the discount is off.
     */
    private List<Neighbourhood> discounted(List<Neighbourhood> neighbourhoods, CandidateFacts facts) {
        return PopularityDiscount.apply(neighbourhoods, item -> facts.popularity().getOrDefault(item, 0.0),
                settings.popularityDiscount());
    }

    /**
     * What the shards say of some candidates: each one's popularity (for the discount) and activity (for the learned
     * ranking), the activity read as of the latest interaction any of the shards has seen.
     */
    private record CandidateFacts(Map<String, Double> popularity, LearnedRanking.Activity activity) {}

    private static final CandidateFacts NO_FACTS = new CandidateFacts(Map.of(), LearnedRanking.Activity.NONE);

    /**
     * The facts of {@code items} asked of their shards, one ask per shard (decision 029: one round after the sources,
     * not one per use). A shard that does not answer leaves its items' popularity unknown (their raw scores stand) and
     * their activity unknown, as for items never taken.
     */
    private CompletableFuture<CandidateFacts> factsOf(Collection<String> items, MissingParts parts) {
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(NO_FACTS);
        }
        Map<Integer, List<String>> byShard = byShard(items);
        List<CompletableFuture<ItemShard.ActivityFacts>> asks = new ArrayList<>(byShard.size());
        byShard.forEach((shard, own) -> asks.add(parts.orWithout(sharding.entityRefFor(ItemShard.TYPE_KEY, Integer.toString(shard))
                .<ItemShard.ActivityFacts>ask(replyTo -> new ItemShard.Activities(own, replyTo), askTimeout),
                NO_ACTIVITY, partName(Integer.toString(shard), "popularity and activity"), FACTS_GRACE)));
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, ItemActivity.Facts> byItem = new HashMap<>();
            Map<String, Double> popularity = new HashMap<>();
            Instant latest = null;
            for (CompletableFuture<ItemShard.ActivityFacts> ask : asks) {
                ItemShard.ActivityFacts facts = ask.join();
                byItem.putAll(facts.byItem());
                if (facts.popularity() != null) {
                    popularity.putAll(facts.popularity());
                }
                if (facts.latest() != null && (latest == null || facts.latest().isAfter(latest))) {
                    latest = facts.latest();
                }
            }
            return new CandidateFacts(popularity, new LearnedRanking.Activity(byItem::get, latest));
        });
    }

    private static final ItemShard.ActivityFacts NO_ACTIVITY = new ItemShard.ActivityFacts(Map.of(), null, Map.of());

    /**
     * How long the facts round waits for a shard once the request's deadline has passed (a silent source held the
     * sources to it): the shards that answered the sources answer in milliseconds.
     */
    private static final Duration FACTS_GRACE = Duration.ofMillis(200);

    private Map<Integer, List<String>> byShard(Collection<String> items) {
        Map<Integer, List<String>> byShard = new TreeMap<>();
        for (String item : items) {
            byShard.computeIfAbsent(ItemShard.shardOf(item, shards), s -> new ArrayList<>()).add(item);
        }
        return byShard;
    }

    /** The popular list, or none while the board does not answer: a user's list then goes without popularity. */
    private CompletableFuture<List<ScoredItem>> popularOrNone(int k, MissingParts parts) {
        return parts.orWithout(AskPattern.<PopularityBoard.Command, PopularityBoard.Popular>ask(
                        popularity, replyTo -> new PopularityBoard.GetPopular(k, replyTo), askTimeout, system.scheduler())
                .thenApply(PopularityBoard.Popular::items), List.of(), "popular items");
    }

    /** How a reply names a shard's missing part: {@code item-shard 3: search}. */
    private static String partName(String shard, String part) {
        return "item-shard " + shard + ": " + part;
    }

    private List<Blended> diversify(List<Blended> blended, double diversity, int k) {
        if (diversity == 0 || blended.size() <= 1) {
            return blended.size() <= k ? blended : List.copyOf(blended.subList(0, k));
        }
        Optional<ServingModel> serving = model.current();
        Map<String, Blended> byId = new HashMap<>();
        List<ScoredItem> relevance = new ArrayList<>(blended.size());
        for (Blended b : blended) {
            byId.put(b.itemId(), b);
            relevance.add(new ScoredItem(b.itemId(), b.score()));
        }
        return MaximalMarginalRelevance
                .rerank(relevance, id -> serving.flatMap(m -> m.vectorOf(id)).orElse(null), diversity, k)
                .stream()
                .map(s -> byId.get(s.itemId()))
                .toList();
    }
}
