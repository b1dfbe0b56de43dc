package io.murmuration.node.recommend;

import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.recommend.CandidateBlend.Neighbourhood;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Divides each co-visitation neighbour's score by its popularity to the power {@code exponent}: raw co-visitation
 * counts favour whatever everyone buys, which popularity already brings; the discount lets the neighbours that go
 * with this item in particular come first (0.5 is the cosine-like √popularity, 0 no discount). A neighbour whose
 * popularity is unknown (its shard did not answer) keeps its raw score.
 */
public final class PopularityDiscount {

    private PopularityDiscount() {}

    public static List<Neighbourhood> apply(List<Neighbourhood> neighbourhoods, ToDoubleFunction<String> popularityOf,
            double exponent) {
        if (exponent == 0) {
            return neighbourhoods;
        }
        List<Neighbourhood> discounted = new ArrayList<>(neighbourhoods.size());
        for (Neighbourhood n : neighbourhoods) {
            List<ScoredItem> items = new ArrayList<>(n.neighbours().size());
            for (ScoredItem c : n.neighbours()) {
                double popularity = popularityOf.applyAsDouble(c.itemId());
                items.add(popularity > 0 && Double.isFinite(popularity)
                        ? new ScoredItem(c.itemId(), c.score() / Math.pow(popularity, exponent))
                        : c);
            }
            discounted.add(new Neighbourhood(n.sourceItem(), items));
        }
        return discounted;
    }
}
