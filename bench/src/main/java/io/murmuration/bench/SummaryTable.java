package io.murmuration.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The replay's summary: one row per recommender (the node first, when there is one, then each baseline) with hr@10,
 * ndcg@10, coverage, the hit rate as a multiple of the best baseline's, the seconds a baseline took, and its
 * parameters.
 */
final class SummaryTable {

    /** One recommender's figures; {@code seconds} is NaN for the node, whose time is its latency. */
    record Row(String name, PrequentialScore score, double seconds, String parameters) {}

    private final List<Row> rows = new ArrayList<>();
    private final int catalogSize;
    private Row system;

    /** @param catalogSize distinct items in the replayed log, the denominator of coverage */
    SummaryTable(int catalogSize) {
        this.catalogSize = catalogSize;
    }

    SummaryTable system(String name, PrequentialScore score) {
        system = new Row(name, score, Double.NaN, "");
        return this;
    }

    SummaryTable baseline(String name, PrequentialScore score, double seconds, String parameters) {
        rows.add(new Row(name, score, seconds, parameters));
        return this;
    }

    /** The baseline row with the highest hit rate (the first of equals), or null without baselines. */
    Row bestBaseline() {
        Row best = null;
        for (Row r : rows) {
            if (best == null || r.score().hitRate() > best.score().hitRate()) {
                best = r;
            }
        }
        return best;
    }

    /** hr@10 of {@code row} over the best baseline's; NaN when there is no baseline or it never hit. */
    double ratioToBest(Row row) {
        Row best = bestBaseline();
        return best == null || best.score().hitRate() == 0 ? Double.NaN : row.score().hitRate() / best.score().hitRate();
    }

    String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-20s %7s %8s %9s %7s %8s  %s%n",
                "recommender", "hr@10", "ndcg@10", "coverage", "× best", "time s", "parameters"));
        List<Row> all = new ArrayList<>();
        if (system != null) {
            all.add(system);
        }
        all.addAll(rows);
        Row best = bestBaseline();
        for (Row r : all) {
            double ratio = ratioToBest(r);
            out.append(String.format(Locale.ROOT, "%-20s %7.4f %8.4f %9.4f %7s %8s  %s%s%n",
                    r.name(), r.score().hitRate(), r.score().ndcg(), r.score().coverage(catalogSize),
                    Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio),
                    Double.isNaN(r.seconds()) ? "—" : String.format(Locale.ROOT, "%.1f", r.seconds()),
                    r.parameters(), r == best ? " (best baseline)" : ""));
        }
        return out.toString();
    }
}
