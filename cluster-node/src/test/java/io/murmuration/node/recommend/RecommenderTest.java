package io.murmuration.node.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.OneNodeCluster;
import io.murmuration.node.Settings;
import io.murmuration.node.item.AnnIndex;
import io.murmuration.node.item.AnnParameters;
import io.murmuration.node.item.ItemActivity;
import io.murmuration.node.item.ItemShard;
import io.murmuration.node.item.LocalIndexes;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.serving.ActiveModel;
import io.murmuration.node.recommend.CandidateBlend.Blended;
import io.murmuration.node.user.ProfileStore;
import io.murmuration.node.user.RecoveredUsers;
import io.murmuration.node.user.StoredTastes;
import io.murmuration.node.user.UserEntity;
import io.murmuration.node.user.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user's list is made of when some of its sources do not answer: the recommender on a one-node cluster whose
 * user entities and item shards are stand-ins that answer at once, answer from another model version, or never answer.
 * A list is served by the deadline without the missing parts, and says which parts it lacks.
 */
class RecommenderTest {

    private static final int SHARDS = 4;
    private static final String VERSION = "v1";
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final List<String> RECENT = List.of("a", "b", "c", "d");

    /** The latest interaction every stand-in shard has seen; each user's own was 30 hours before it. */
    private static final Instant SHARDS_LATEST = Instant.parse("2026-11-30T12:00:00Z");
    /**
     * When the stand-in users took each of {@link #RECENT}; every item was first taken 30 days before
     * {@link #SHARDS_LATEST}: b and c were new when taken (10 and 2 days after), a not (28.75 days after), and d is not
     * judged (taken before its first taking as its shard tells it).
     */
    private static final List<Instant> RECENT_TAKEN_AT = List.of(SHARDS_LATEST.minus(Duration.ofHours(30)),
            SHARDS_LATEST.minus(Duration.ofDays(20)), SHARDS_LATEST.minus(Duration.ofDays(28)),
            SHARDS_LATEST.minus(Duration.ofDays(33)));

    /** How each stand-in shard answers; absent means at once, from {@link #VERSION}. */
    private enum Behaviour { SILENT, OTHER_VERSION }

    private static final Map<Integer, Behaviour> shardBehaviour = new ConcurrentHashMap<>();
    /** How many searches each stand-in shard was asked for. */
    private static final Map<Integer, AtomicInteger> searchesAsked = new ConcurrentHashMap<>();
    /** How many asks of each kind ({@code Activities}, {@code Popularity}) the stand-in shards had. */
    private static final Map<String, AtomicInteger> factsAsked = new ConcurrentHashMap<>();
    /** What the stand-in shards tell of an item's popularity; 1 for any other item. */
    private static final Map<String, Double> popularityOf = new ConcurrentHashMap<>();
    /** The last list each stand-in user was told it was served. */
    private static final Map<String, UserEntity.ServedList> servedTo = new ConcurrentHashMap<>();
    private static RecommendationSettings settings;
    private static ActorTestKit testKit;
    private static Recommender recommender;
    private static Recommender withSilentBoard;
    private static Recommender withShortAskTimeout;

    @BeforeAll
    static void startTheCluster() throws Exception {
        Config config = ConfigFactory.parseString("""
                        akka.actor.provider = cluster
                        akka.remote.artery.canonical.hostname = "127.0.0.1"
                        akka.remote.artery.canonical.port = 0
                        akka.cluster.jmx.multi-mbeans-in-same-jvm = on
                        murmuration.recommendations.deadline = %dms
                        murmuration.admin.tokens = [{ name = "unused", role = viewer, sha256 = "%s" }]
                        """.formatted(DEADLINE.toMillis(), "0".repeat(64)))
                .withFallback(ConfigFactory.load())
                .resolve();
        testKit = ActorTestKit.create("recommender", config);
        OneNodeCluster.joinItself(testKit.system());
        ClusterSharding sharding = ClusterSharding.get(testKit.system());
        sharding.init(Entity.of(UserEntity.TYPE_KEY, context -> standInUser(context.getEntityId())));
        sharding.init(Entity.of(ItemShard.TYPE_KEY, context -> standInShard(Integer.parseInt(context.getEntityId()))));

        settings = Settings.from(config).recommendations();
        ActiveModel noModel = new ActiveModel();
        recommender = new Recommender(testKit.system(), settings, settings.newBlendLeader(), testKit.spawn(popularBoard(true)), noModel, SHARDS,
                Duration.ofSeconds(5));
        withSilentBoard = new Recommender(testKit.system(), settings, settings.newBlendLeader(), testKit.spawn(popularBoard(false)), noModel,
                SHARDS, Duration.ofSeconds(5));
        // Similar items have no deadline: each shard's ask timeout bounds them.
        withShortAskTimeout = new Recommender(testKit.system(), settings, settings.newBlendLeader(), testKit.spawn(popularBoard(true)), noModel,
                SHARDS, Duration.ofMillis(500));
        // Starting the shards is not what is measured: one whole answer first.
        assertTrue(ask(recommender, "warm-up").missing().isEmpty());
    }

    @AfterEach
    void everyShardAnswersAgain() {
        shardBehaviour.clear();
        popularityOf.clear();
        for (int shard = 0; shard < SHARDS; shard++) LocalIndexes.get(testKit.system()).withdraw(shard);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void aListFromEverySourceIsWhole() {
        Recommender.Recommendation reply = ask(recommender, "alice");

        assertFalse(reply.fallback());
        assertFalse(reply.partial(), reply::toString);
        assertTrue(itemIds(reply).containsAll(List.of("found-0", "found-1", "found-2", "found-3")), reply::toString);
        assertTrue(itemIds(reply).contains("popular-1"), reply::toString);
    }

    @Test
    void aShardOnThisNodeIsSearchedHereWithoutAnAskAndAskedAgainOnceItsIndexIsWithdrawn() {
        // Shard 1's index of the user's version, published as the shard would: "local-1" is what the query points at.
        AnnIndex index = AnnIndex.scanOnly(new String[] {"local-1", "local-2", "a"}, new float[] {1, 0, 0.5f, 0, 2, 0}, 2,
                AnnParameters.defaults());
        LocalIndexes.get(testKit.system()).publish(1, Map.of(VERSION, index));
        int asked = searchesAsked.computeIfAbsent(1, s -> new AtomicInteger()).get();

        Recommender.Recommendation here = ask(recommender, "lara");

        assertEquals(asked, searchesAsked.get(1).get(), "shard 1 was not asked");
        assertTrue(itemIds(here).containsAll(List.of("local-1", "local-2", "found-0", "found-2")), here::toString);
        assertFalse(itemIds(here).contains("found-1"), here::toString);
        assertFalse(itemIds(here).contains("a"), "the user's own items stay out: " + here);
        assertFalse(here.partial(), here::toString);

        LocalIndexes.get(testKit.system()).withdraw(1);
        Recommender.Recommendation asking = ask(recommender, "lara");

        assertEquals(asked + 1, searchesAsked.get(1).get());
        assertTrue(itemIds(asking).contains("found-1"), asking::toString);
        assertFalse(itemIds(asking).contains("local-1"), asking::toString);
    }

    @Test
    void aShardThatNeverAnswersIsLeftOutByTheDeadlineAndNamed() {
        int silent = ItemShard.shardOf("a", SHARDS);
        shardBehaviour.put(silent, Behaviour.SILENT);

        long start = System.nanoTime();
        Recommender.Recommendation reply = ask(recommender, "bob");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(reply.fallback(), "the other sources still make a personal list: " + reply);
        assertTrue(reply.missing().contains("item-shard " + silent + ": search"), reply::toString);
        assertTrue(reply.missing().contains("item-shard " + silent + ": neighbours"), reply::toString);
        assertTrue(reply.missing().stream().allMatch(part -> part.startsWith("item-shard " + silent + ":")),
                reply::toString);
        assertFalse(itemIds(reply).contains("found-" + silent), reply::toString);
        assertFalse(itemIds(reply).contains("a-next"), reply::toString);
        int other = (silent + 1) % SHARDS;
        assertTrue(itemIds(reply).contains("found-" + other), reply::toString);
        // The deadline, not the ask's 5 s timeout, bounds the wait.
        assertTrue(took < DEADLINE.toMillis() + 1000, "answered after " + took + " ms");
    }

    @Test
    void aShardStillBuildingTheVersionIsNamedWithTheVersion() {
        shardBehaviour.put(2, Behaviour.OTHER_VERSION);

        Recommender.Recommendation reply = ask(recommender, "carol");

        assertEquals(List.of("item-shard 2: search (version " + VERSION + " not ready)"), reply.missing());
        assertFalse(itemIds(reply).contains("found-2"), "scores from another version's space are left out: " + reply);
        assertTrue(itemIds(reply).contains("found-3"), reply::toString);
    }

    @Test
    void aSilentPopularityBoardLeavesOutOnlyThePopularItems() {
        Recommender.Recommendation reply = ask(withSilentBoard, "dave");

        assertFalse(reply.fallback());
        assertEquals(List.of("popular items"), reply.missing());
        assertTrue(itemIds(reply).contains("found-0"), reply::toString);
        assertFalse(itemIds(reply).contains("popular-1"), reply::toString);
    }

    @Test
    void aUserWhoseStateIsNotReadInTimeGetsThePopularListMarkedAsFallback() {
        Recommender.Recommendation reply = ask(recommender, "silent-user");

        assertTrue(reply.fallback());
        assertEquals(List.of("popular-1", "popular-2"), itemIds(reply));
        assertFalse(reply.partial(), reply::toString);
    }

    @Test
    void whenNoSourceAnswersTheListIsThePopularOneRatherThanEmpty() {
        for (int shard = 0; shard < SHARDS; shard++) shardBehaviour.put(shard, Behaviour.SILENT);

        Recommender.Recommendation reply = ask(recommender, "erin");

        // Only the board answered: a list of popular items blended as a personal one is still a list.
        assertFalse(reply.fallback());
        assertEquals(SHARDS, reply.missing().stream().filter(part -> part.endsWith(": search")).count(), reply::toString);
        assertEquals(List.of("popular-1", "popular-2"), itemIds(reply));
    }

    @Test
    void withNoSourceAndNoBoardTheReplyIsTheFallback() {
        for (int shard = 0; shard < SHARDS; shard++) shardBehaviour.put(shard, Behaviour.SILENT);

        Recommender.Recommendation reply = ask(withSilentBoard, "frank");

        assertTrue(reply.fallback(), reply::toString);
        assertTrue(reply.items().isEmpty());
    }

    @Test
    void similarItemsNameTheShardThatDidNotAnswerRatherThanCallTheItemUnknown() {
        Recommender.SimilarItems whole = recommender.similarTo("a", 5).toCompletableFuture().join().orElseThrow();
        assertEquals(List.of("a-next"), whole.items().stream().map(Blended::itemId).toList());
        assertTrue(whole.missing().isEmpty(), whole::toString);

        int silent = ItemShard.shardOf("a", SHARDS);
        shardBehaviour.put(silent, Behaviour.SILENT);
        Optional<Recommender.SimilarItems> partial = withShortAskTimeout.similarTo("a", 5).toCompletableFuture().join();

        assertTrue(partial.isPresent(), "a shard that did not answer does not make the item unknown");
        assertTrue(partial.get().items().isEmpty());
        assertEquals(List.of("item-shard " + silent + ": neighbours"), partial.get().missing());
    }

    @Test
    void theSetThatLeadsOnCreditedHitsServesAndTheUserIsToldEverySetsTopKOfTheComparedLists() throws Exception {
        RecommendationSettings leaderSettings = Settings.from(ConfigFactory
                .parseString("murmuration.recommendations.blend.choice = leader")
                .withFallback(testKit.system().settings().config())).recommendations();
        // Every other list compared: the first, the third...
        BlendLeader leader = new BlendLeader(leaderSettings.blendSets(), leaderSettings.blendHalfLife(), 2);
        Recommender choosing = new Recommender(testKit.system(), leaderSettings, leader, testKit.spawn(popularBoard(true)),
                new ActiveModel(), SHARDS, Duration.ofSeconds(5));

        // The defaults lead at first: co-visitation of the newest item first, popularity weighed 0.1 comes last.
        Recommender.Recommendation first = choosing.forUser("gina", 2, 0).toCompletableFuture().join();
        assertEquals(List.of("a-next", "b-next"), itemIds(first));
        // Exactly the sets that weigh popularity 1 have the most popular item in their top 2, unless they weigh the
        // personal source 1 too: then the best found item ties it and comes first by its id.
        long holding = first.setsByItem().get("popular-1");
        List<CandidateBlend.Weights> sets = leader.sets();
        assertEquals(10, sets.size());
        for (int i = 0; i < sets.size(); i++) {
            boolean expected = sets.get(i).popularity() == 1.0 && sets.get(i).personal() < 1.0;
            assertEquals(expected, (holding >> i & 1) == 1, "set " + sets.get(i));
        }
        assertEquals(first.setsByItem(), awaitServed("gina", first).setsByItem(), "the entity credits the user's next item");

        // When the user takes it, those sets are credited and the first of them serves.
        leader.credit(holding);
        Recommender.Recommendation second = choosing.forUser("gina", 2, 0).toCompletableFuture().join();

        assertEquals(List.of("a-next", "popular-1"), itemIds(second));
        assertEquals(null, second.setsByItem(), "a list the leader does not compare");
        assertEquals(null, awaitServed("gina", second).setsByItem(), "so the user's next item is not credited");
        Recommender.Recommendation third = choosing.forUser("gina", 2, 0).toCompletableFuture().join();
        assertEquals(first.setsByItem(), third.setsByItem(), "the same candidates, compared again");
        assertEquals(sets.get(Long.numberOfTrailingZeros(holding)), leader.sets().get(leader.serve().set()));
    }

    @Test
    void aLearnedRankingServesFromTheWeightsAtFirstTellsTheUserItsCandidatesAndFollowsWhatUsersTake() throws Exception {
        LearnedRanking ranking = settings.newLearnedRanking();
        Recommender learning = rankingBy(ranking);

        // Before any step it ranks as the default weights do: co-visitation of the newest item first.
        Recommender.Recommendation first = learning.forUser("ines", 2, 0).toCompletableFuture().join();
        assertEquals(List.of("a-next", "b-next"), itemIds(first));
        assertEquals(null, first.setsByItem(), "no weight sets compete");
        List<String> candidates = first.rankedFrom().itemIds();
        assertEquals(itemIds(first), candidates.subList(0, 2), "the served items are its best candidates");
        assertTrue(candidates.contains("popular-1"), candidates::toString);
        assertEquals(candidates, awaitServed("ines", first).rankedFrom().itemIds(), "the entity teaches the user's next item");
        // Each candidate is described by its activity as its shard tells it, read as of the shards' latest interaction,
        // and the user by the time away since the user's own latest.
        float[] features = first.rankedFrom().itemFeatures();
        int taken = LearnedRanking.FEATURES.indexOf("taken");
        int sinceLast = LearnedRanking.FEATURES.indexOf("since_last_taken");
        int sinceFirst = LearnedRanking.FEATURES.indexOf("since_first_taken");
        for (int c = 0; c < candidates.size(); c++) {
            int at = c * LearnedRanking.ITEM_FEATURES;
            assertEquals(Math.log1p(3) / 5, features[at + taken], 1e-6, candidates.get(c));
            assertEquals(-Math.log1p(2) / 5, features[at + sinceLast], 1e-6, candidates.get(c));
            assertEquals(-Math.log1p(30) / 5, features[at + sinceFirst], 1e-6, candidates.get(c));
        }
        float[] user = first.rankedFrom().userFeatures();
        // The user's share of popular items as the entity tells it, and two of the three recent items judged were new.
        float[] away = ranking.userFeatures(settings.trendContexts().of(0.4), RECENT.size(), Duration.ofHours(30), 0.4,
                2.0 / 3);
        assertEquals(Arrays.toString(away), Arrays.toString(user));
        assertEquals(0f, away[ranking.contexts() + 1], "30 hours away is not a same-day return");
        assertEquals((float) (Math.log1p(1.25) / 3), away[ranking.contexts() + 2], 1e-6);

        // When users keep taking the most popular item instead, it comes first.
        for (int step = 0; step < 200; step++) {
            ranking.learn(first.rankedFrom(), candidates.indexOf("popular-1"));
        }
        Recommender.Recommendation later = learning.forUser("ines", 2, 0).toCompletableFuture().join();

        assertEquals("popular-1", itemIds(later).get(0));
        assertEquals(200, ranking.steps());
    }

    @Test
    void aNewcomerGetsTheBoardsListAsItIsEvenWhenTheListsAreLearnedAndItsEntityIsToldNothing() throws Exception {
        LearnedRanking ranking = settings.newLearnedRanking();
        Recommender learning = rankingBy(ranking);
        // Whatever the ranking has learned (here: that users take the second popular item), decision 032.
        Recommender.Recommendation learned = learning.forUser("ines", 20, 0).toCompletableFuture().join();
        int second = learned.rankedFrom().itemIds().indexOf("popular-2");
        for (int step = 0; step < 200; step++) {
            ranking.learn(learned.rankedFrom(), second);
        }
        assertEquals("popular-2", itemIds(learning.forUser("ines", 2, 0).toCompletableFuture().join()).get(0));

        Recommender.Recommendation newcomer = learning.forUser("new-jo", 2, 0).toCompletableFuture().join();

        assertTrue(newcomer.fallback(), newcomer::toString);
        assertEquals(List.of("popular-1", "popular-2"), itemIds(newcomer));
        assertNull(newcomer.rankedFrom());
        Thread.sleep(200);
        assertFalse(servedTo.containsKey("new-jo"), "the entity was sent nothing");
    }

    @Test
    void aFixedBlendTellsTheUserNoSets() throws Exception {
        Config fixed = ConfigFactory.parseString("murmuration.recommendations.blend.choice = fixed")
                .withFallback(testKit.system().settings().config());
        RecommendationSettings fixedSettings = Settings.from(fixed).recommendations();
        Recommender plain = new Recommender(testKit.system(), fixedSettings, fixedSettings.newBlendLeader(),
                testKit.spawn(popularBoard(true)), new ActiveModel(), SHARDS, Duration.ofSeconds(5));

        Recommender.Recommendation reply = plain.forUser("hank", 2, 0).toCompletableFuture().join();

        assertEquals(List.of("a-next", "b-next"), itemIds(reply));
        assertEquals(null, reply.setsByItem());
        assertEquals(null, awaitServed("hank", reply).setsByItem());
    }

    @Test
    void theNeighboursAreDiscountedByThePopularityTheirShardsTellWithTheActivityInOneAskPerShard() {
        Config discounting = ConfigFactory.parseString("murmuration.recommendations.popularity-discount = 1.0")
                .withFallback(testKit.system().settings().config());
        RecommendationSettings discountSettings = Settings.from(discounting).recommendations();
        Recommender discounted = new Recommender(testKit.system(), discountSettings, discountSettings.newBlendLeader(),
                testKit.spawn(popularBoard(true)), new ActiveModel(), SHARDS, Duration.ofSeconds(5));
        popularityOf.put("a-next", 4.0);
        popularityOf.put("b-next", 0.5);
        factsAsked.clear();

        Recommender.Recommendation reply = discounted.forUser("iris", 20, 0).toCompletableFuture().join();

        assertFalse(reply.partial(), reply::toString);
        List<String> candidates = reply.rankedFrom().itemIds();
        float[] features = reply.rankedFrom().itemFeatures();
        int sum = LearnedRanking.FEATURES.indexOf("co_occurrence_sum");
        // Each recent item lends its neighbour 0.5, by its age (a newest, b next: 1, 1/2), divided by its popularity.
        assertEquals(Math.log1p(0.5 / 4.0), features[candidates.indexOf("a-next") * LearnedRanking.ITEM_FEATURES + sum], 1e-6);
        assertEquals(Math.log1p(0.5 / 2 / 0.5), features[candidates.indexOf("b-next") * LearnedRanking.ITEM_FEATURES + sum], 1e-6);
        assertEquals(Math.log1p(0.5 / 3), features[candidates.indexOf("c-next") * LearnedRanking.ITEM_FEATURES + sum], 1e-6);
        // One round for both: no shard is asked for popularity alone, none asked twice.
        assertEquals(null, factsAsked.get("Popularity"));
        Set<Integer> holding = new HashSet<>();
        candidates.forEach(item -> holding.add(ItemShard.shardOf(item, SHARDS)));
        assertTrue(factsAsked.get("Activities").get() <= SHARDS, factsAsked::toString);
        assertTrue(factsAsked.get("Activities").get() >= holding.size(), factsAsked::toString);

        // Similar items are discounted the same way, by the one ask.
        Recommender.SimilarItems similar = discounted.similarTo("a", 5).toCompletableFuture().join().orElseThrow();
        assertEquals(List.of("a-next"), similar.items().stream().map(Blended::itemId).toList());
        assertEquals(null, factsAsked.get("Popularity"));
    }

    /** A recommender on the default settings whose lists {@code ranking} ranks, with the answering board. */
    private static Recommender rankingBy(LearnedRanking ranking) {
        return new Recommender(testKit.system(), settings, settings.newBlendLeader(), ranking,
                testKit.spawn(popularBoard(true)), new ActiveModel(), SHARDS, Duration.ofSeconds(5), StoredTastes.none());
    }

    /** The list the stand-in user was last told of, once it is {@code reply}'s. */
    private static UserEntity.ServedList awaitServed(String user, Recommender.Recommendation reply) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            UserEntity.ServedList list = servedTo.get(user);
            if (list != null && list.itemIds().equals(itemIds(reply))) return list;
            Thread.sleep(10);
        }
        throw new AssertionError(user + " was not told of " + reply + ", last " + servedTo.get(user));
    }

    // ---- stand-ins ----

    @Test
    void aUserNotInMemoryHereIsServedFromACurrentKeptCopyWithoutHisEntityAndOtherwiseByTheEntity() throws Exception {
        // "silent-user"'s entity never answers: any list served to him comes from the copy, which has a, then b.
        UserProfile copy = UserProfile.EMPTY;
        for (String item : List.of("a", "b")) {
            copy = copy.apply(new UserProfile.Interaction("e-" + item, item, "click", null, Instant.parse("2026-11-01T10:00:00Z")),
                    null, new Settings.UserLimits(10, 10, 10, 10));
        }
        // The store answers as the Cassandra one does: a copy only while it is the journal's latest.
        Map<String, UserProfile> current = new ConcurrentHashMap<>(Map.of("silent-user", copy));
        ProfileStore store = new ProfileStore() {
            @Override
            public CompletionStage<Done> save(String userId, UserProfile profile, long sequenceNr) {
                throw new AssertionError("the recommender writes no copies");
            }

            @Override
            public CompletionStage<Optional<UserProfile>> loadCurrent(String userId) {
                return CompletableFuture.completedFuture(Optional.ofNullable(current.get(userId)));
            }
        };
        Recommender withCopies = new Recommender(testKit.system(), settings, settings.newBlendLeader(),
                testKit.spawn(popularBoard(true)), new ActiveModel(), SHARDS, Duration.ofSeconds(5),
                new StoredTastes(store, new ActiveModel(), Duration.ofDays(1), 0.1, userId -> !userId.equals("elsewhere")));
        RecoveredUsers here = RecoveredUsers.get(testKit.system());

        long start = System.nanoTime();
        Recommender.Recommendation fromCopy = ask(withCopies, "silent-user");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertFalse(fromCopy.fallback(), fromCopy::toString);
        assertTrue(itemIds(fromCopy).containsAll(List.of("b-next", "a-next")), fromCopy::toString);
        assertFalse(itemIds(fromCopy).contains("a") || itemIds(fromCopy).contains("b"), "the copy's items stay out: " + fromCopy);
        assertTrue(took < DEADLINE.toMillis(), "served without waiting for the deadline: " + took + " ms");
        // The stopped entity is not told (that would start it): the list waits here for it to recover.
        UserEntity.ServedList waiting = here.takeServedWhileStopped("silent-user");
        assertEquals(itemIds(fromCopy), waiting == null ? null : waiting.itemIds());
        Thread.sleep(200);
        assertFalse(servedTo.containsKey("silent-user"), "the entity was sent nothing");

        // A user whose entity has recovered on this node is the entity's to answer: the copy is not read.
        here.recovered("silent-user");
        try {
            assertTrue(ask(withCopies, "silent-user").fallback(), "in memory here: no copy read, the entity's silence stands");
        } finally {
            here.stopped("silent-user");
        }

        // A user placed on another node is its entity's to answer (it may be in memory there), copy or not.
        current.put("elsewhere", copy);
        Recommender.Recommendation placedElsewhere = ask(withCopies, "elsewhere");
        awaitServed("elsewhere", placedElsewhere);
        assertNull(here.takeServedWhileStopped("elsewhere"));

        // No current copy (none kept, or the journal has moved past it): the entity answers, and is told of its list.
        current.clear();
        assertTrue(ask(withCopies, "silent-user").fallback(), "no copy: the silent entity's popular list");
        Recommender.Recommendation byEntity = ask(withCopies, "ivy");
        assertFalse(byEntity.fallback(), byEntity::toString);
        awaitServed("ivy", byEntity);
        assertNull(here.takeServedWhileStopped("ivy"));
    }

    private static Recommender.Recommendation ask(Recommender on, String user) {
        return on.forUser(user, 20, 0).toCompletableFuture().join();
    }

    private static List<String> itemIds(Recommender.Recommendation reply) {
        return reply.items().stream().map(Blended::itemId).toList();
    }

    /**
     * A user with four recent items and an embedding on {@link #VERSION}; "silent-user" never answers; a user whose id
     * starts with "new-" has no history.
     */
    private static Behavior<UserEntity.Command> standInUser(String userId) {
        return Behaviors.receive(UserEntity.Command.class)
                .onMessage(UserEntity.GetTaste.class, ask -> {
                    if (userId.startsWith("new-")) {
                        ask.replyTo().tell(new UserEntity.Taste(userId, 0, null, null, List.of(), Set.of(), null, 0,
                                null, List.of()));
                    } else if (!userId.equals("silent-user")) {
                        ask.replyTo().tell(new UserEntity.Taste(userId, RECENT.size(), VERSION, new float[] {1f, 0f},
                                RECENT, Set.copyOf(RECENT), null, 0.4, SHARDS_LATEST.minus(Duration.ofHours(30)),
                                RECENT_TAKEN_AT));
                    }
                    return Behaviors.same();
                })
                .onMessage(UserEntity.ListServed.class, served -> {
                    servedTo.put(userId, served.list());
                    return Behaviors.same();
                })
                .onAnyMessage(other -> Behaviors.same())
                .build();
    }

    /** A shard whose search finds "found-N" and whose items each have one neighbour, "item-next". */
    private static Behavior<ItemShard.Command> standInShard(int shard) {
        return Behaviors.receive(ItemShard.Command.class)
                .onMessage(ItemShard.Search.class, search -> {
                    searchesAsked.computeIfAbsent(shard, s -> new AtomicInteger()).incrementAndGet();
                    Behaviour behaviour = shardBehaviour.get(shard);
                    if (behaviour != Behaviour.SILENT) {
                        String version = behaviour == Behaviour.OTHER_VERSION ? "v0" : search.versionId();
                        search.replyTo().tell(new ItemShard.Candidates(shard, version,
                                List.of(new ScoredItem("found-" + shard, 1.0 - shard * 0.01))));
                    }
                    return Behaviors.same();
                })
                .onMessage(ItemShard.Neighbours.class, ask -> {
                    if (shardBehaviour.get(shard) != Behaviour.SILENT) {
                        Map<String, List<ScoredItem>> byItem = new HashMap<>();
                        ask.itemIds().forEach(item -> byItem.put(item, List.of(new ScoredItem(item + "-next", 0.5))));
                        ask.replyTo().tell(new ItemShard.NeighbourLists(byItem, Map.of()));
                    }
                    return Behaviors.same();
                })
                .onMessage(ItemShard.Popularity.class, ask -> {
                    factsAsked.computeIfAbsent("Popularity", k -> new AtomicInteger()).incrementAndGet();
                    if (shardBehaviour.get(shard) != Behaviour.SILENT) {
                        Map<String, Double> byItem = new HashMap<>();
                        ask.itemIds().forEach(item -> byItem.put(item, popularityOf.getOrDefault(item, 1.0)));
                        ask.replyTo().tell(new ItemShard.Popularities(byItem));
                    }
                    return Behaviors.same();
                })
                .onMessage(ItemShard.Activities.class, ask -> {
                    factsAsked.computeIfAbsent("Activities", k -> new AtomicInteger()).incrementAndGet();
                    if (shardBehaviour.get(shard) != Behaviour.SILENT) {
                        // Every item was taken three times, first 30 days and last 2 days before the shard's latest.
                        Map<String, ItemActivity.Facts> byItem = new HashMap<>();
                        Map<String, Double> popularity = new HashMap<>();
                        ask.itemIds().forEach(item -> {
                            byItem.put(item, new ItemActivity.Facts(3, SHARDS_LATEST.minus(Duration.ofDays(30)),
                                    SHARDS_LATEST.minus(Duration.ofDays(2))));
                            popularity.put(item, popularityOf.getOrDefault(item, 1.0));
                        });
                        ask.replyTo().tell(new ItemShard.ActivityFacts(byItem, SHARDS_LATEST, popularity));
                    }
                    return Behaviors.same();
                })
                .onAnyMessage(other -> Behaviors.same())
                .build();
    }

    private static Behavior<PopularityBoard.Command> popularBoard(boolean answers) {
        List<ScoredItem> popular = List.of(new ScoredItem("popular-1", 9.0), new ScoredItem("popular-2", 8.0));
        return Behaviors.receive(PopularityBoard.Command.class)
                .onMessage(PopularityBoard.GetPopular.class, ask -> {
                    if (answers) ask.replyTo().tell(new PopularityBoard.Popular(popular));
                    return Behaviors.same();
                })
                .onAnyMessage(other -> Behaviors.same())
                .build();
    }
}
