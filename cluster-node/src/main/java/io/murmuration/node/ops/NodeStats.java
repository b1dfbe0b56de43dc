package io.murmuration.node.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.murmuration.node.recommend.BlendLeader;
import io.murmuration.node.recommend.LearnedRanking;
import io.murmuration.node.recommend.CandidateBlend;
import io.murmuration.protocol.ConsumptionStats;
import io.murmuration.protocol.IngestStats;
import io.murmuration.protocol.RecommendationStats;
import io.murmuration.protocol.SurpriseStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The figures of this node that operators chart: what the ingest stream did with each record, the recommendation
 * endpoint's requests (rate, latency, fallbacks), the online hit rate and the mean surprise. Each figure goes into a
 * {@link SlidingWindow}, which {@code GET /admin/stats} reads, and into a Micrometer meter, which {@code GET /metrics}
 * renders (monotonic counters: Prometheus computes its own rates). Thread-safe, and cheap enough for every request.
 */
public final class NodeStats {

    static final int PERSISTED = 0;
    static final int DUPLICATE = 1;
    static final int DEAD_LETTERED = 2;
    static final int RECOMMENDED = 3;
    static final int FALLBACK = 4;
    static final int CONSUMED = 5;
    static final int HIT = 6;
    static final int SURPRISES = 7;
    /** The sum of the surprises, in millionths: the window counts in whole numbers. */
    static final int SURPRISE_MILLIONTHS = 8;
    /** How many counters a window for these figures needs. */
    static final int COUNTERS = 9;

    /** The window's figures, as the stats endpoint reports them. */
    public record Figures(Duration span, IngestStats ingest, RecommendationStats recommendations, ConsumptionStats consumptions,
            SurpriseStats surprise) {}

    private final SlidingWindow window;
    private final LongSupplier nanoClock;
    private final MeterRegistry registry;
    private final Counter persisted;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter poisoned;
    private final Counter personal;
    private final Counter fallbacks;
    private final Counter partial;
    private final Timer latency;
    private final Counter hits;
    private final Counter misses;
    private final Counter surprises;

    /**
     * @param window    the window the stats endpoint reads, with {@link #COUNTERS} counters
     * @param nanoClock the clock the window runs on, which also times requests
     * @param registry  where the meters are registered
     * @param expiry    how long the meters' own percentiles look back: the same span as the window
     */
    public NodeStats(SlidingWindow window, LongSupplier nanoClock, MeterRegistry registry, Duration expiry) {
        this.window = window;
        this.nanoClock = nanoClock;
        this.registry = registry;
        this.persisted = ingestCounter(registry, "persisted");
        this.duplicates = ingestCounter(registry, "duplicate");
        this.deadLettered = ingestCounter(registry, "dead_lettered");
        this.poisoned = ingestCounter(registry, "poisoned");
        this.personal = recommendationCounter(registry, false);
        this.fallbacks = recommendationCounter(registry, true);
        this.partial = Counter.builder("murmuration.recommendations.partial")
                .description("Answered recommendation requests whose list lacked a part: a source failed or was late")
                .register(registry);
        this.latency = Timer.builder("murmuration.recommendation.latency")
                .description("Time to answer GET /v1/users/{id}/recommendations, up to the reply's body")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(expiry)
                .register(registry);
        this.hits = consumptionCounter(registry, true);
        this.misses = consumptionCounter(registry, false);
        Gauge.builder("murmuration.online.hit.rate", this, s -> {
                    Double rate = s.figures().consumptions().hitRate();
                    return rate == null ? Double.NaN : rate;
                })
                .description("Share of consumed items that were in the user's last list, over the stats window (NaN without any)")
                .register(registry);
        this.surprises = Counter.builder("murmuration.surprises")
                .description("Consumed items whose surprise under the user's embedding was measured")
                .register(registry);
        Gauge.builder("murmuration.online.mean.surprise", this, s -> {
                    Double mean = s.figures().surprise().meanSurprise();
                    return mean == null ? Double.NaN : mean;
                })
                .description("Mean surprise of the consumed items, 0 (expected) to 1 (unexpected), over the stats window (NaN without any)")
                .register(registry);
    }

    /** Counts an interaction record the ingest stream handed to its user's entity; passes {@code result} on. */
    public <T> T ingested(T result, boolean duplicate) {
        window.count(duplicate ? DUPLICATE : PERSISTED);
        (duplicate ? duplicates : persisted).increment();
        return result;
    }

    /** Counts a record the ingest stream sent to the dead-letter topic; passes {@code result} on. */
    public <T> T deadLettered(T result) {
        window.count(DEAD_LETTERED);
        deadLettered.increment();
        return result;
    }

    /**
     * Counts a valid record whose handling failed every attempt and that went to the dead-letter topic as poison; the
     * stats window counts it with the dead letters, the metric apart from them.
     */
    public <T> T poisoned(T result) {
        window.count(DEAD_LETTERED);
        poisoned.increment();
        return result;
    }

    /** A reply with the time the node took to produce it, from the call to the answer. */
    public record Timed<T>(T reply, long nanos) {}

    /**
     * Runs one recommendation request and records its latency, whether it fell back and whether it lacked a part,
     * once it is answered. The latency comes back with the reply, so the response can tell the client what share of
     * the time it waited was the node's own.
     */
    public <T> CompletionStage<Timed<T>> timeRecommendation(Supplier<? extends CompletionStage<T>> request,
            Predicate<T> isFallback, Predicate<T> isPartial) {
        long start = nanoClock.getAsLong();
        return request.get().thenApply(reply -> {
            long nanos = nanoClock.getAsLong() - start;
            recordRecommendation(nanos, isFallback.test(reply));
            if (isPartial.test(reply)) partial.increment();
            return new Timed<>(reply, nanos);
        });
    }

    /**
     * Charts the competing blend weight sets of this node: each set's decayed hits, whether it leads, and how many
     * lists it served, tagged with its weights; with contexts (decision 026), the set that serves each context's lists;
     * and how many interactions were credited. Call once per node.
     */
    public void followBlend(BlendLeader leader) {
        List<CandidateBlend.Weights> sets = leader.sets();
        for (int i = 0; i < sets.size(); i++) {
            int set = i;
            CandidateBlend.Weights w = sets.get(i);
            Tags tags = weightTags(w);
            Gauge.builder("murmuration.blend.recent.hits", leader, l -> l.standings().get(set).recentHits()).tags(tags)
                    .description("A blend weight set's hits on this node's credited interactions, halved every half-life")
                    .register(registry);
            Gauge.builder("murmuration.blend.leading", leader, l -> l.standings().get(set).leading() ? 1 : 0).tags(tags)
                    .description("1 for the blend weight set that serves this node's personal lists, else 0")
                    .register(registry);
            FunctionCounter.builder("murmuration.blend.lists", leader, l -> l.standings().get(set).served()).tags(tags)
                    .description("Personal lists this node served with the blend weight set")
                    .register(registry);
        }
        if (leader.contexts() > 1) {
            for (int context = 0; context < leader.contexts(); context++) {
                for (int i = 0; i < sets.size(); i++) {
                    int c = context;
                    int set = i;
                    Tags tags = weightTags(sets.get(i)).and("context", Integer.toString(context));
                    Gauge.builder("murmuration.blend.context.serving", leader, l -> l.choiceIn(c) == set ? 1 : 0).tags(tags)
                            .description("1 for the blend weight set that serves this node's lists of the context, else 0")
                            .register(registry);
                }
            }
        }
        FunctionCounter.builder("murmuration.blend.credited", leader, BlendLeader::credited)
                .description("Interactions credited to the blend weight sets: a user's first item taken after a personal list")
                .register(registry);
    }

    /**
     * Charts this node's learned ranking (decision 028): each item feature's weight in each trend context, and how many
     * steps it took and refused. Call once per node.
     */
    public void followRanking(LearnedRanking ranking) {
        for (int context = 0; context < ranking.contexts(); context++) {
            for (int i = 0; i < LearnedRanking.ITEM_FEATURES; i++) {
                int c = context;
                int feature = i;
                Gauge.builder("murmuration.ranking.weight", ranking, r -> r.weightsIn(c)[feature])
                        .tags(Tags.of("feature", LearnedRanking.FEATURES.get(i), "context", Integer.toString(context)))
                        .description("The learned ranking's weight of a candidate's feature in a trend context")
                        .register(registry);
            }
        }
        FunctionCounter.builder("murmuration.ranking.steps", ranking, LearnedRanking::steps)
                .description("Steps the learned ranking took: a user's first item taken after a list, among its best candidates")
                .register(registry);
        FunctionCounter.builder("murmuration.ranking.skipped", ranking, LearnedRanking::skipped)
                .description("Steps refused: a list described by another version's features")
                .register(registry);
    }

    /** A blend weight set's weights, as the tags of its series. */
    private static Tags weightTags(CandidateBlend.Weights w) {
        return Tags.of("personal", Double.toString(w.personal()), "co_occurrence", Double.toString(w.coOccurrence()),
                "popularity", Double.toString(w.popularity()), "new_items", Double.toString(w.newItems()));
    }

    /** Records one answered recommendation request. */
    public void recordRecommendation(long latencyNanos, boolean fallback) {
        window.latency(latencyNanos);
        window.count(RECOMMENDED);
        if (fallback) window.count(FALLBACK);
        latency.record(latencyNanos, TimeUnit.NANOSECONDS);
        (fallback ? fallbacks : personal).increment();
    }

    /**
     * Records that a user consumed an item, and whether it was in the last list served to that user: the online hit
     * rate. Called by the user's entity; safe from any thread.
     */
    public void recordConsumption(boolean hit) {
        window.count(CONSUMED);
        if (hit) window.count(HIT);
        (hit ? hits : misses).increment();
    }

    /**
     * Records the surprise (0 to 1) of an item a user consumed, under the user's embedding; a value outside that
     * range measures nothing and is left out. Called by the user's entity; safe from any thread.
     */
    public void recordSurprise(double surprise) {
        if (!(surprise >= 0.0 && surprise <= 1.0)) return;
        window.count(SURPRISES);
        window.add(SURPRISE_MILLIONTHS, Math.round(surprise * 1e6));
        surprises.increment();
    }

    /** The figures of the window that ends now. */
    public Figures figures() {
        SlidingWindow.Snapshot s = window.snapshot();
        long recommended = s.count(RECOMMENDED);
        long consumed = s.count(CONSUMED);
        long surprised = s.count(SURPRISES);
        return new Figures(
                s.span(),
                new IngestStats(s.perSecond(PERSISTED), s.perSecond(DUPLICATE), s.perSecond(DEAD_LETTERED),
                        s.count(PERSISTED), s.count(DUPLICATE), s.count(DEAD_LETTERED)),
                new RecommendationStats(s.perSecond(RECOMMENDED), recommended, s.latencyMillis(50), s.latencyMillis(99),
                        recommended == 0 ? null : (double) s.count(FALLBACK) / recommended),
                new ConsumptionStats(consumed, s.count(HIT), consumed == 0 ? null : (double) s.count(HIT) / consumed),
                new SurpriseStats(surprised, surprised == 0 ? null : s.count(SURPRISE_MILLIONTHS) / 1e6 / surprised));
    }

    private static Counter ingestCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("murmuration.ingest.events").tag("outcome", outcome)
                .description("Interaction records this node's ingest stream handled: persisted by the user's entity,"
                        + " duplicate (acknowledged as already persisted), dead_lettered (invalid) or poisoned (valid, but"
                        + " its handling failed every attempt; dead-lettered too)")
                .register(registry);
    }

    private static Counter recommendationCounter(MeterRegistry registry, boolean fallback) {
        return Counter.builder("murmuration.recommendations").tag("fallback", Boolean.toString(fallback))
                .description("Answered recommendation requests; fallback=true when the answer was the popular list")
                .register(registry);
    }

    private static Counter consumptionCounter(MeterRegistry registry, boolean hit) {
        return Counter.builder("murmuration.consumptions").tag("hit", Boolean.toString(hit))
                .description("Consumed items; hit=true when the item was in the user's last list")
                .register(registry);
    }
}
