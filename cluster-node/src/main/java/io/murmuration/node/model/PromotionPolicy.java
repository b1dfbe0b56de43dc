package io.murmuration.node.model;

import java.util.Optional;

/**
 * When a newly trained version may replace the active one without an operator: only if it is strictly
 * better on the held-out slice by {@link ModelVersion#PROMOTION_METRIC}. The first version ever trained
 * is promoted if it beats the popularity baseline measured on the same slice.
 */
public final class PromotionPolicy {

    /** The popularity baseline's value of the promotion metric, stored with every version. */
    public static final String BASELINE_METRIC = "popularity.hr@10";

    private PromotionPolicy() {}

    public static boolean shouldPromote(ModelVersion candidate, Optional<ModelVersion> active) {
        double score = candidate.metric(ModelVersion.PROMOTION_METRIC);
        double bar = active.map(v -> v.metric(ModelVersion.PROMOTION_METRIC)).orElse(candidate.metric(BASELINE_METRIC));
        return !Double.isNaN(score) && (Double.isNaN(bar) || score > bar);
    }

    public static String explain(ModelVersion candidate, Optional<ModelVersion> active) {
        double score = candidate.metric(ModelVersion.PROMOTION_METRIC);
        return active
                .map(v -> String.format("%s %.4f beats active %s at %.4f", ModelVersion.PROMOTION_METRIC, score, v.id(),
                        v.metric(ModelVersion.PROMOTION_METRIC)))
                .orElse(String.format("%s %.4f beats the popularity baseline at %.4f", ModelVersion.PROMOTION_METRIC, score,
                        candidate.metric(BASELINE_METRIC)));
    }
}
