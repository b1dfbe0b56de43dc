package io.murmuration.node.item;

import io.murmuration.protocol.InteractionEventCodec;

/**
 * How much one interaction of each type says about interest in an item. A purchase says more than a view;
 * a skip says nothing positive. A rating counts as its value over five, times the rating weight. Total: a rating
 * value outside the accepted range (events written before the range was enforced) is clamped into it, NaN counts 0.
 */
public final class InteractionWeights {

    private InteractionWeights() {}

    public static double of(String type, Double value) {
        return switch (type) {
            case "view" -> 1.0;
            case "click" -> 2.0;
            case "add_to_cart" -> 4.0;
            case "purchase" -> 8.0;
            case "rating" -> value == null || !(value > 0) ? 0.0 : 4.0 * Math.min(value, InteractionEventCodec.MAX_VALUE) / 5.0;
            default -> 0.0;
        };
    }
}
