package io.murmuration.node.item;

/**
 * Every tuning knob of an {@link AnnIndex}, each documented once here. The defaults come from
 * {@code AnnRecallBenchmark} (100k factor-like items × 64 d, one search thread, JDK 17), where they gave recall@10
 * ≈ 0.98 against the exact scan at ≈ 15k queries/s (the scan: ≈ 80/s); beam and depth 30 gave 0.95, 100 gave 0.995
 * at half the speed. That class holds the command that reproduces the figures.
 *
 * @param graphDegree           maximum number of neighbours a node keeps in the graph (every layer); more edges raise
 *                              recall and memory, and slow both build and search
 * @param constructionBeamWidth candidates kept while finding a new node's neighbours during the build; wider gives a
 *                              better graph and a slower build
 * @param neighbourOverflow     how far (as a ratio of {@code graphDegree}) a node's neighbour list may temporarily
 *                              overfill during the build before it is pruned back; at least 1
 * @param alpha                 diversity of the pruned neighbour lists: above 1 keeps some longer edges, which helps
 *                              the search cross the catalog; 1 keeps only the closest
 * @param searchBeamWidth       candidates the graph search keeps in its queue while walking the graph: the main
 *                              recall/speed trade-off at query time (raised to {@code rerankDepth} if smaller)
 * @param rerankDepth           how many of the graph's best candidates are re-scored with the exact inner product
 *                              before the top k are taken; never fewer than the k asked for
 * @param exactScanBelow        catalogs with fewer items than this get no graph at all: a scan is exact and as fast
 */
public record AnnParameters(
        int graphDegree,
        int constructionBeamWidth,
        float neighbourOverflow,
        float alpha,
        int searchBeamWidth,
        int rerankDepth,
        int exactScanBelow) {

    public AnnParameters {
        if (graphDegree < 2) throw new IllegalArgumentException("graphDegree must be at least 2, was " + graphDegree);
        if (constructionBeamWidth < 1) {
            throw new IllegalArgumentException("constructionBeamWidth must be positive, was " + constructionBeamWidth);
        }
        if (!(neighbourOverflow >= 1.0f)) {
            throw new IllegalArgumentException("neighbourOverflow must be at least 1, was " + neighbourOverflow);
        }
        if (!(alpha > 0.0f)) throw new IllegalArgumentException("alpha must be positive, was " + alpha);
        if (searchBeamWidth < 1) throw new IllegalArgumentException("searchBeamWidth must be positive, was " + searchBeamWidth);
        if (rerankDepth < 1) throw new IllegalArgumentException("rerankDepth must be positive, was " + rerankDepth);
        if (exactScanBelow < 0) throw new IllegalArgumentException("exactScanBelow must not be negative, was " + exactScanBelow);
    }

    /** The measured defaults: recall@10 ≈ 0.98 on 100k factor-like vectors, ≈ 1.0 on small catalogs. */
    public static AnnParameters defaults() {
        return new AnnParameters(16, 100, 1.2f, 1.2f, 50, 50, 1_000);
    }

    public AnnParameters withSearchBeamWidth(int value) {
        return new AnnParameters(graphDegree, constructionBeamWidth, neighbourOverflow, alpha, value, rerankDepth, exactScanBelow);
    }

    public AnnParameters withRerankDepth(int value) {
        return new AnnParameters(graphDegree, constructionBeamWidth, neighbourOverflow, alpha, searchBeamWidth, value, exactScanBelow);
    }

    public AnnParameters withExactScanBelow(int value) {
        return new AnnParameters(graphDegree, constructionBeamWidth, neighbourOverflow, alpha, searchBeamWidth, rerankDepth, value);
    }

    public AnnParameters withGraph(int degree, int beamWidth, float overflow, float diversity) {
        return new AnnParameters(degree, beamWidth, overflow, diversity, searchBeamWidth, rerankDepth, exactScanBelow);
    }
}
