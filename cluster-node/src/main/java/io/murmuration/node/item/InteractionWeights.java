package io.murmuration.node.item;

/**
 * How much one interaction of each type says about interest in an item. A purchase says more than a view;
 * a skip says nothing positive. A rating counts as its value over five, times the rating weight.
 */
public final class InteractionWeights {

    private InteractionWeights() {}

    public static double of(String type, Double value) {
        return switch (type) {
            case "view" -> 1.0;
            case "click" -> 2.0;
            case "add_to_cart" -> 4.0;
            case "purchase" -> 8.0;
            case "rating" -> value == null ? 0.0 : 4.0 * Math.max(0.0, value) / 5.0;
            default -> 0.0;
        };
    }
}
