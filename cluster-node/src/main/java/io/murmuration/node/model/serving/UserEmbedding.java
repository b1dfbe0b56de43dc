package io.murmuration.node.model.serving;

import io.murmuration.node.item.EventTime;
import io.murmuration.node.model.algebra.NotPositiveDefiniteException;
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
    private final double decayPerSecond;
    private final UserFoldInState state;
    private final Set<String> positives = new HashSet<>();
    private Instant latest;
    private float[] vector;

    private UserEmbedding(ServingModel model, Duration halfLife) {
        this.model = model;
        this.decayPerSecond = EventTime.decayRatePerSecond(halfLife);
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

    /**
     * Folds in one more interaction; an event older than the latest one enters already decayed. Total over every
     * observation: a weight that is negative or not finite is ignored, and however far apart two events are, the
     * decay factor only underflows to 0.
     */
    public void add(Observation o) {
        double weight = o.weight();
        if (!(weight >= 0) || weight == Double.POSITIVE_INFINITY) {
            return;
        }
        if (latest == null || !o.at().isBefore(latest)) {
            if (latest != null) {
                state.decay(Math.exp(-decayPerSecond * EventTime.secondsBetween(latest, o.at())));
                // The decay alone changes the solution: an event that adds nothing (a skip, an unknown item) must not
                // leave the vector solved before it in place, or the live embedding drifts from a refold of its history.
                vector = null;
            }
            latest = o.at();
        } else {
            weight *= Math.exp(-decayPerSecond * EventTime.secondsBetween(o.at(), latest));
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

    /**
     * True when the embedding ranks nothing: no item the version knows has been folded in, or the solve gave no finite
     * vector (which the user's reads then treat like no embedding at all, rather than rank by NaN).
     */
    public boolean isEmpty() {
        return positives.isEmpty() || solved() == NO_VECTOR;
    }

    /** The embedding x solving (G + A) x = b, solved again only after a change; zeros when {@link #isEmpty()}. */
    public float[] vector() {
        float[] v = solved();
        return v == NO_VECTOR ? new float[model.dimension()] : v.clone();
    }

    private static final float[] NO_VECTOR = new float[0];

    private float[] solved() {
        if (vector == null) {
            int d = model.dimension();
            double[] x = new double[d];
            try {
                // The d×d work matrix lives only for this solve: kept per user it tripled each resident user's memory.
                state.solveInto(model.gram(), new double[d * d], x);
            } catch (NotPositiveDefiniteException e) {
                vector = NO_VECTOR;
                return vector;
            }
            float[] v = new float[d];
            for (int j = 0; j < d; j++) {
                v[j] = (float) x[j];
                if (!Float.isFinite(v[j])) {
                    vector = NO_VECTOR;
                    return vector;
                }
            }
            vector = v;
        }
        return vector;
    }
}
