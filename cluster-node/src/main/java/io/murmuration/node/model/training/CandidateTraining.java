package io.murmuration.node.model.training;

import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import io.murmuration.node.model.versions.ModelVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One training of a candidate model version from the interaction log, with no messaging in it. A model is
 * trained on everything before the held-out slice and scored on that slice next to the popularity ranking
 * and, when one is active, the active version; then the version to serve is trained on the whole log with
 * the same parameters. The metrics are the held-out run's: the served factors have seen the slice, so
 * scoring them on it would flatter them.
 */
public final class CandidateTraining {

    /** Promotion compares hit rate at 10 ({@link ModelVersion#PROMOTION_METRIC}), so it is measured whatever k is set. */
    static final int PROMOTION_K = 10;

    /** The version serving now, scored on the candidate's slice with the λ and α it was trained with. */
    public record Incumbent(String versionId, StoredFactors factors, double lambda, double alpha, Instant dataTo) {}

    /**
     * A trained candidate: the item factors to serve ({@code itemIds[i]} owns row i), what it was trained
     * on, and its held-out metrics, e.g. "hr@10", "popularity.hr@10", "active.hr@10".
     */
    public record Candidate(
            String[] itemIds,
            float[] itemFactors,
            int dimension,
            int interactions,
            int users,
            int items,
            Instant dataFrom,
            Instant cutOff,
            Instant dataTo,
            Map<String, Double> metrics,
            double trainingSeconds) {}

    private CandidateTraining() {}

    /** Trains and scores a candidate on {@code log}; the caller checks the log is big enough. */
    public static Candidate train(TrainingSet log, TrainerSettings settings, Optional<Incumbent> incumbent)
            throws InterruptedException {
        long started = System.nanoTime();
        ImplicitAls als = new ImplicitAls(settings.alsParameters());

        TrainingSet.Split heldOutSplit = log.split(settings.heldOutShare());
        // The active version was trained on everything up to its data end: the slice starts after it, so neither
        // model has seen what it is scored on.
        Optional<Instant> activeDataEnd = incumbent.map(Incumbent::dataTo).filter(end -> end != null);
        if (activeDataEnd.isPresent() && !activeDataEnd.get().isBefore(heldOutSplit.cutOff())) {
            heldOutSplit = log.splitAt(activeDataEnd.get().plusMillis(1));
        }
        TrainingSet.Split slice = heldOutSplit;
        InteractionMatrix training = heldOutSplit.training();
        List<HoldoutEvaluation.Pair> heldOut = heldOutSplit.heldOut();
        FactorModel scored = als.train(training).model();
        Optional<FactorModel> incumbentModel = incumbent.filter(active -> !heldOut.isEmpty()).map(active -> VersionFoldIn.onto(
                training, slice.itemIds(), active.factors(), active.lambda(), active.alpha()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        // No held-out events (nothing new since the active version): no figures, so no automatic promotion.
        for (int k : heldOut.isEmpty() ? new TreeSet<Integer>() : new TreeSet<>(List.of(settings.metricsK(), PROMOTION_K))) {
            metrics.putAll(HoldoutEvaluation.ofModel(scored, training, heldOut, k).named("", k));
            metrics.putAll(HoldoutEvaluation.ofPopularity(training, heldOut, k).named("popularity.", k));
            incumbentModel.ifPresent(model ->
                    metrics.putAll(HoldoutEvaluation.ofModel(model, training, heldOut, k).named("active.", k)));
        }

        TrainingSet.Split whole = log.split(0);
        FactorModel served = als.train(whole.training()).model();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Candidate(whole.itemIds(), served.itemFactors(), served.dimension(), log.size(),
                whole.userIds().length, whole.itemIds().length, whole.dataFrom(), heldOutSplit.cutOff(), whole.dataTo(),
                metrics, seconds);
    }
}
