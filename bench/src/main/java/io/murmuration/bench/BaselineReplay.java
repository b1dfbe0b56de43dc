package io.murmuration.bench;

import io.murmuration.bench.baseline.ReferenceBaseline;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference baselines replayed over the stream in log order, prequentially, each with its score: before a scored
 * event every baseline recommends its top k for the user, then every baseline learns the event (positive events
 * only). It also keeps the time each one took. Not thread-safe: the replaying thread drives it.
 */
final class BaselineReplay {

    /** One baseline, how it scored, and the seconds it spent recommending and learning. */
    record Result(ReferenceBaseline baseline, PrequentialScore score, double seconds) {}

    private final List<ReferenceBaseline> baselines;
    private final List<PrequentialScore> scores = new ArrayList<>();
    private final long[] nanos;
    private final int k;
    private long scoredEvents;
    private long hitByAny;

    BaselineReplay(List<ReferenceBaseline> baselines, int k) {
        this.baselines = List.copyOf(baselines);
        this.k = k;
        this.nanos = new long[baselines.size()];
        for (int n = 0; n < baselines.size(); n++) {
            scores.add(new PrequentialScore(k));
        }
    }

    /** The next event in log order; {@code scored} as the protocol decided for it. */
    void replay(InteractionEvent event, boolean scored) {
        if (event.type() == InteractionType.SKIP) {
            return;
        }
        boolean anyHit = false;
        for (int n = 0; n < baselines.size(); n++) {
            long started = System.nanoTime();
            ReferenceBaseline baseline = baselines.get(n);
            if (scored) {
                anyHit |= scores.get(n).record(baseline.recommend(event.userId(), k), event.itemId());
            }
            baseline.learn(event);
            nanos[n] += System.nanoTime() - started;
        }
        if (scored) {
            scoredEvents++;
            hitByAny += anyHit ? 1 : 0;
        }
    }

    /**
     * The share of scored events that at least one baseline's list hit: what a recommender choosing, for each event,
     * whichever of these lists is right would reach, and so a ceiling for any blend or switch between them.
     */
    double hitRateOfAny() {
        return scoredEvents == 0 ? 0 : (double) hitByAny / scoredEvents;
    }

    List<Result> results() {
        List<Result> results = new ArrayList<>();
        for (int n = 0; n < baselines.size(); n++) {
            results.add(new Result(baselines.get(n), scores.get(n), nanos[n] / 1e9));
        }
        return results;
    }

    /** The baseline with the highest hit rate so far (the first of equals), if there is any baseline. */
    Optional<Result> best() {
        Result best = null;
        for (Result r : results()) {
            if (best == null || r.score().hitRate() > best.score().hitRate()) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }
}
