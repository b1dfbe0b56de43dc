package io.murmuration.node.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A user's embedding under one model version, kept current event by event: each interaction is folded in
 * (O(d²)) after the older ones are decayed by {@code 2^(−Δt / halfLife)} in event time, and the embedding is
 * re-solved (O(d³)) only when it is read after a change. Items the version does not know contribute nothing.
 * Mutable and owned by one user; it is derived state, rebuilt with {@link #refold} from the retained history
 * whenever the version changes.
 */
public final class UserEmbedding {

    /** One interaction as the fold-in sees it: the item, its weight (0 for skips) and its event time. */
    public record Observation(String itemId, double weight, Instant at) {}

    private final ServingModel model;
    private final double decayPerMilli;
    private final UserFoldInState state;
    private final Set<String> positives = new HashSet<>();
    private Instant latest;
    private float[] vector;

    private UserEmbedding(ServingModel model, Duration halfLife) {
        if (halfLife.isZero() || halfLife.isNegative()) {
            throw new IllegalArgumentException("halfLife must be positive, was " + halfLife);
        }
        this.model = model;
        this.decayPerMilli = Math.log(2) / halfLife.toMillis();
        this.state = new UserFoldInState(model.dimension(), model.alpha());
    }

    /** The embedding of a history (oldest first) under {@code model}. */
    public static UserEmbedding refold(ServingModel model, Duration halfLife, Iterable<Observation> history) {
        UserEmbedding embedding = new UserEmbedding(model, halfLife);
        for (Observation o : history) {
            embedding.add(o);
        }
        return embedding;
    }

    /** Folds in one more interaction; an event older than the latest one enters already decayed. */
    public void add(Observation o) {
        double weight = o.weight();
        if (latest == null || !o.at().isBefore(latest)) {
            if (latest != null) {
                state.decay(Math.exp(-decayPerMilli * Duration.between(latest, o.at()).toMillis()));
            }
            latest = o.at();
        } else {
            weight *= Math.exp(-decayPerMilli * Duration.between(o.at(), latest).toMillis());
        }
        int row = model.rowOf(o.itemId());
        if (row < 0 || !(weight > 0)) {
            return;
        }
        boolean firstPositive = positives.add(o.itemId());
        state.add(model.factors(), row * model.dimension(), weight, firstPositive);
        vector = null;
    }

    public String versionId() {
        return model.versionId();
    }

    /** True when nothing the version knows has been folded in: the embedding is zero and ranks nothing. */
    public boolean isEmpty() {
        return positives.isEmpty();
    }

    /** The embedding x solving (G + A) x = b, solved again only after a change. */
    public float[] vector() {
        if (vector == null) {
            int d = model.dimension();
            double[] x = new double[d];
            // The d×d work matrix lives only for this solve: kept per user it tripled each resident user's memory.
            state.solveInto(model.gram(), new double[d * d], x);
            float[] v = new float[d];
            for (int j = 0; j < d; j++) {
                v[j] = (float) x[j];
            }
            vector = v;
        }
        return vector.clone();
    }
}
