package io.murmuration.node.model.versions;

import java.util.Optional;

/**
 * When a newly trained version may replace the active one without an operator: only if it is strictly
 * better on the held-out slice by {@link ModelVersion#PROMOTION_METRIC}. The active version is scored on the
 * candidate's own slice ({@link #ACTIVE_METRIC}, measured by the trainer); a candidate without that figure is
 * compared with the active version's own registered score. The first version ever trained is promoted if it
 * beats the popularity baseline measured on the same slice.
 */
public final class PromotionPolicy {

    /** The popularity baseline's value of the promotion metric, stored with every version. */
    public static final String BASELINE_METRIC = "popularity.hr@10";

    /** The active version's value of the promotion metric on the candidate's slice. */
    public static final String ACTIVE_METRIC = "active.hr@10";

    private PromotionPolicy() {}

    public static boolean shouldPromote(ModelVersion candidate, Optional<ModelVersion> active) {
        double score = candidate.metric(ModelVersion.PROMOTION_METRIC);
        double bar = active.map(v -> bar(candidate, v)).orElse(candidate.metric(BASELINE_METRIC));
        return !Double.isNaN(score) && (Double.isNaN(bar) || score > bar);
    }

    public static String explain(ModelVersion candidate, Optional<ModelVersion> active) {
        double score = candidate.metric(ModelVersion.PROMOTION_METRIC);
        return active
                .map(v -> String.format("%s %.4f beats active %s at %.4f", ModelVersion.PROMOTION_METRIC, score, v.id(),
                        bar(candidate, v)))
                .orElse(String.format("%s %.4f beats the popularity baseline at %.4f", ModelVersion.PROMOTION_METRIC, score,
                        candidate.metric(BASELINE_METRIC)));
    }

    private static double bar(ModelVersion candidate, ModelVersion active) {
        double onSameSlice = candidate.metric(ACTIVE_METRIC);
        return Double.isNaN(onSameSlice) ? active.metric(ModelVersion.PROMOTION_METRIC) : onSameSlice;
    }
}
