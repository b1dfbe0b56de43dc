package io.murmuration.bench.baseline;

import io.murmuration.node.item.InteractionWeights;
import io.murmuration.node.model.training.AlsParameters;
import io.murmuration.node.model.training.FactorModel;
import io.murmuration.node.model.serving.FoldIn;
import io.murmuration.node.model.training.ImplicitAls;
import io.murmuration.node.model.algebra.NotPositiveDefiniteException;
import io.murmuration.node.model.training.TrainingSet;
import io.murmuration.node.model.serving.UserFoldInState;
import io.murmuration.protocol.InteractionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Implicit-feedback ALS as a periodically retrained batch model, with the node's own maths: {@link ImplicitAls} is
 * trained on every positive event so far (weights per type from {@link InteractionWeights}, as the node's trainer
 * does) each time {@code retrainEvery} more have been learned, and a user is ranked by the exact fold-in of their
 * whole history (no decay) against the latest item factors ({@link UserFoldInState}, the batch user step), by an
 * exact scan of every trained item. Until the first training, or for a user with no trained item, and to top up a
 * short list, it recommends all-time popularity.
 */
public final class ImplicitAlsBaseline implements ReferenceBaseline {

    private record Observation(String itemId, double weight) {}

    /** One user's history and its fold-in under the version {@code foldedVersion}. */
    private static final class User {
        final List<Observation> history = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        UserFoldInState fold;
        Set<String> folded;
        int foldedVersion;
    }

    private final AlsParameters parameters;
    private final int retrainEvery;
    private final PopularityBaseline popular = new PopularityBaseline();
    private final TrainingSet log = new TrainingSet();
    private final Map<String, User> users = new HashMap<>();
    private int positivesSinceTraining;

    // The latest version: its items, their factors (row-major) and G = YᵀY + λI.
    private int version;
    private String[] itemIds = new String[0];
    private Map<String, Integer> rows = Map.of();
    private float[] itemFactors = new float[0];
    private double[] gram;
    private long trainingNanos;

    /**
     * @param parameters   the training run's knobs (factors, iterations, λ, α, seed, threads); λ and α also fold in
     * @param retrainEvery positive events between two trainings; positive
     */
    public ImplicitAlsBaseline(AlsParameters parameters, int retrainEvery) {
        if (retrainEvery <= 0) {
            throw new IllegalArgumentException("retrainEvery must be positive, was " + retrainEvery);
        }
        this.parameters = parameters;
        this.retrainEvery = retrainEvery;
    }

    @Override
    public String name() {
        return "iALS";
    }

    @Override
    public String parameters() {
        return "retrain every " + retrainEvery + ", d " + parameters.factors() + ", iterations "
                + parameters.iterations() + ", lambda " + parameters.lambda() + ", alpha " + parameters.alpha();
    }

    /** How many times it has trained so far. */
    public int trainings() {
        return version;
    }

    /** Wall-clock time spent training so far. */
    public double trainingSeconds() {
        return trainingNanos / 1e9;
    }

    @Override
    public List<String> recommend(String userId, int k) {
        User user = users.get(userId);
        float[] x = user == null || version == 0 ? null : embedding(user);
        if (x == null) {
            return popular.recommend(userId, k);
        }
        int d = parameters.factors();
        int[] bestRows = new int[k];
        double[] bestScores = new double[k];
        int filled = 0;
        for (int row = 0; row < itemIds.length; row++) {
            double score = 0;
            int offset = row * d;
            for (int j = 0; j < d; j++) {
                score += (double) x[j] * itemFactors[offset + j];
            }
            if ((filled < k || score > bestScores[filled - 1]) && !user.seen.contains(itemIds[row])) {
                int at = filled < k ? filled++ : k - 1;
                while (at > 0 && bestScores[at - 1] < score) {
                    bestScores[at] = bestScores[at - 1];
                    bestRows[at] = bestRows[at - 1];
                    at--;
                }
                bestScores[at] = score;
                bestRows[at] = row;
            }
        }
        List<String> ranked = new ArrayList<>(filled);
        for (int n = 0; n < filled; n++) {
            ranked.add(itemIds[bestRows[n]]);
        }
        return popular.topUp(userId, ranked, k);
    }

    /** The user's predicted preference for {@code itemId} under the latest version; 0 when it cannot say. */
    double score(String userId, String itemId) {
        User user = users.get(userId);
        Integer row = rows.get(itemId);
        float[] x = user == null || row == null ? null : embedding(user);
        if (x == null) {
            return 0;
        }
        double score = 0;
        for (int j = 0; j < x.length; j++) {
            score += (double) x[j] * itemFactors[row * x.length + j];
        }
        return score;
    }

    /** The user's fold-in solved against the latest version, or null when no item of theirs is in it. */
    private float[] embedding(User user) {
        if (user.foldedVersion != version) {
            user.fold = new UserFoldInState(parameters.factors(), parameters.alpha());
            user.folded = new HashSet<>();
            user.foldedVersion = version;
            for (Observation o : user.history) {
                foldIn(user, o);
            }
        }
        if (user.folded.isEmpty()) {
            return null;
        }
        try {
            double[] solved = user.fold.solve(gram);
            float[] x = new float[solved.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) solved[j];
            }
            return x;
        } catch (NotPositiveDefiniteException e) {
            return null;
        }
    }

    private void foldIn(User user, Observation o) {
        Integer row = rows.get(o.itemId());
        if (row == null || !(o.weight() > 0)) {
            return;
        }
        user.fold.add(itemFactors, row * parameters.factors(), o.weight(), user.folded.add(o.itemId()));
    }

    @Override
    public void learn(InteractionEvent event) {
        popular.learn(event);
        String type = event.type().wireName();
        double weight = InteractionWeights.of(type, event.value());
        User user = users.computeIfAbsent(event.userId(), id -> new User());
        Observation o = new Observation(event.itemId(), weight);
        user.history.add(o);
        user.seen.add(event.itemId());
        if (user.foldedVersion == version && version > 0) {
            foldIn(user, o);
        }
        log.add(event.userId(), event.itemId(), type, event.value(), event.timestamp());
        if (weight > 0 && ++positivesSinceTraining >= retrainEvery) {
            positivesSinceTraining = 0;
            train();
        }
    }

    private void train() {
        long started = System.nanoTime();
        TrainingSet.Split all = log.split(0);
        FactorModel model;
        try {
            model = new ImplicitAls(parameters).train(all.training()).model();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        }
        itemIds = all.itemIds();
        itemFactors = model.itemFactors();
        gram = FoldIn.gram(itemFactors, parameters.factors(), parameters.lambda());
        Map<String, Integer> byId = new HashMap<>(itemIds.length * 2);
        for (int row = 0; row < itemIds.length; row++) {
            byId.put(itemIds[row], row);
        }
        rows = byId;
        version++; // every user's fold-in is redone against the new factors when next asked for
        trainingNanos += System.nanoTime() - started;
    }
}
