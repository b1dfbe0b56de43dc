package io.murmuration.node.drift;

/**
 * ADWIN, adaptive windowing (Bifet &amp; Gavaldà 2007), for a change in the mean of a stream of values in [0, 1].
 * The cluster runs one on the online hit rate and one on the mean surprise: it needs no prior guess of how fast
 * things change, and its window doubles as the current estimate of the mean.
 *
 * <p>The detector keeps a window W of the most recent observations. Whenever W splits into an older part W₀ and a
 * newer part W₁ whose means differ by at least
 * <pre>
 *   ε = √(2·σ²·ln(2/δ′) / m) + 2·ln(2/δ′) / (3m),   m = 1 / (1/n₀ + 1/n₁)
 * </pre>
 * (σ² the variance of W, n₀ and n₁ the lengths of the parts; the paper's Bernstein-style bound), it drops the
 * oldest observations until no split does, and reports a change. A stable stream thus grows the window, and a
 * change shrinks it to roughly what came after the change.
 *
 * <p>W is stored as the paper's exponential histogram (ADWIN2): row i holds at most M buckets of 2ⁱ observations
 * each, keeping only their sum and their sum of squared deviations, so memory is O(M·log W) and only the O(M·log W)
 * bucket boundaries are candidate splits. Since at most that many splits are tested, δ′ is δ divided by the number
 * of boundaries (a union bound over them), where the paper's ADWIN, testing every split, divides by |W|.
 *
 * <p>Parameters, fixed for the life of the detector:
 * <ul>
 *   <li>{@code delta} (0 &lt; δ &lt; 1): the confidence; the chance of a false alarm at any one check is at most
 *       about δ. Smaller means fewer false alarms and slower detection (the delay grows with ln(1/δ)).</li>
 *   <li>{@code maxBucketsPerRow} (M ≥ 2): buckets per row of the histogram. Larger means finer cut points
 *       (the older part can be cut within about 1/M of its length) for more memory and time per check.</li>
 *   <li>{@code minSubWindowLength} (≥ 1): neither part of a split may be shorter than this, so that a handful
 *       of outliers at either end cannot cut the window.</li>
 *   <li>{@code checkInterval} (≥ 1): splits are tested once every this many observations (1 = at every one, as
 *       in the paper). A check costs O(M·log W); a change is then noticed up to checkInterval − 1 observations later.</li>
 * </ul>
 * Mutable and not thread-safe; one owner feeds it. {@link #observe} allocates only when the window first grows
 * into a new row of the histogram, at most 64 times in the detector's life.
 */
public final class AdwinDetector {

    /** Rows of 2⁰ … 2⁶³ observations cover any window whose length fits in a long. */
    private static final int MAX_ROWS = 64;

    private final double delta;
    private final int maxBucketsPerRow;
    private final int minSubWindowLength;
    private final int checkInterval;

    // Row i is a ring of at most M + 1 buckets of 2ⁱ observations, oldest first; rows are allocated on first use.
    private final double[][] bucketSum = new double[MAX_ROWS][];
    private final double[][] bucketSquares = new double[MAX_ROWS][]; // Σ (x − bucket mean)² within the bucket
    private final int[] rowStart = new int[MAX_ROWS];
    private final int[] rowSize = new int[MAX_ROWS];
    private int rows;
    private int buckets;

    private long width;
    private double sum;
    private double squares; // Σ (x − window mean)² over the window
    private long observations;
    private long detections;

    /** An empty window; see the class comment for the meaning of each parameter. */
    public AdwinDetector(double delta, int maxBucketsPerRow, int minSubWindowLength, int checkInterval) {
        if (!(delta > 0.0 && delta < 1.0)) {
            throw new IllegalArgumentException("delta must be within (0, 1), was " + delta);
        }
        if (maxBucketsPerRow < 2) {
            throw new IllegalArgumentException("maxBucketsPerRow must be at least 2, was " + maxBucketsPerRow);
        }
        if (minSubWindowLength < 1) {
            throw new IllegalArgumentException("minSubWindowLength must be at least 1, was " + minSubWindowLength);
        }
        if (checkInterval < 1) {
            throw new IllegalArgumentException("checkInterval must be at least 1, was " + checkInterval);
        }
        this.delta = delta;
        this.maxBucketsPerRow = maxBucketsPerRow;
        this.minSubWindowLength = minSubWindowLength;
        this.checkInterval = checkInterval;
    }

    /**
     * Adds one observation and, every {@code checkInterval} observations, tests the window.
     *
     * @param x a value in [0, 1]
     * @return true if a change was detected; the window has then been shrunk to the part after it
     */
    public boolean observe(double x) {
        if (!(x >= 0.0 && x <= 1.0)) {
            throw new IllegalArgumentException("observation must be within [0, 1], was " + x);
        }
        observations++;
        addToWindow(x);
        if (observations % checkInterval != 0) {
            return false;
        }
        boolean shrunk = false;
        while (hasSignificantSplit()) {
            dropOldestBucket();
            shrunk = true;
        }
        if (shrunk) {
            detections++;
        }
        return shrunk;
    }

    private void addToWindow(double x) {
        double before = width == 0 ? 0.0 : sum / width;
        width++;
        sum += x;
        squares += (x - before) * (x - sum / width); // Welford's update
        append(0, x, 0.0);
        for (int row = 0; rowSize[row] > maxBucketsPerRow; row++) {
            mergeOldestPair(row);
        }
    }

    /** Folds the two oldest buckets of {@code row} into one bucket of the next row. */
    private void mergeOldestPair(int row) {
        long length = bucketLength(row);
        int older = rowStart[row];
        int newer = slot(row, 1);
        double olderSum = bucketSum[row][older];
        double newerSum = bucketSum[row][newer];
        double meanGap = (olderSum - newerSum) / length;
        double mergedSquares = bucketSquares[row][older] + bucketSquares[row][newer] + meanGap * meanGap * length / 2;
        removeOldest(row);
        removeOldest(row);
        append(row + 1, olderSum + newerSum, mergedSquares);
    }

    /**
     * Walks the bucket boundaries from the oldest, with W₀ the buckets already passed and W₁ the rest, and tells
     * whether any split with both parts at least {@code minSubWindowLength} long has means at least ε apart.
     */
    private boolean hasSignificantSplit() {
        if (width < 2L * minSubWindowLength || buckets < 2) {
            return false;
        }
        double variance = squares / width;
        double logTerm = Math.log(2.0 * (buckets - 1) / delta);
        long olderLength = 0;
        double olderSum = 0.0;
        for (int row = rows - 1; row >= 0; row--) {
            long length = bucketLength(row);
            for (int k = 0; k < rowSize[row]; k++) {
                olderLength += length;
                olderSum += bucketSum[row][slot(row, k)];
                long newerLength = width - olderLength;
                if (newerLength < minSubWindowLength) {
                    return false; // every later split has a shorter newer part
                }
                if (olderLength < minSubWindowLength) {
                    continue;
                }
                double m = 1.0 / (1.0 / olderLength + 1.0 / newerLength);
                double epsilon = Math.sqrt(2.0 * variance * logTerm / m) + 2.0 * logTerm / (3.0 * m);
                double gap = olderSum / olderLength - (sum - olderSum) / newerLength;
                if (Math.abs(gap) >= epsilon) {
                    return true;
                }
            }
        }
        return false;
    }

    private void dropOldestBucket() {
        int row = rows - 1;
        int oldest = rowStart[row];
        long length = bucketLength(row);
        double droppedSum = bucketSum[row][oldest];
        double droppedSquares = bucketSquares[row][oldest];
        removeOldest(row);
        long remaining = width - length;
        if (remaining == 0) {
            sum = 0.0;
            squares = 0.0;
        } else {
            double remainingSum = sum - droppedSum;
            double meanGap = droppedSum / length - remainingSum / remaining;
            // The parallel-variance identity run backwards; clamped because cancellation can leave −ε.
            squares = Math.max(0.0, squares - droppedSquares - meanGap * meanGap * ((double) length * remaining / width));
            sum = remainingSum;
        }
        width = remaining;
    }

    private void append(int row, double bucketTotal, double bucketDeviations) {
        if (bucketSum[row] == null) {
            bucketSum[row] = new double[maxBucketsPerRow + 1];
            bucketSquares[row] = new double[maxBucketsPerRow + 1];
        }
        int at = slot(row, rowSize[row]);
        bucketSum[row][at] = bucketTotal;
        bucketSquares[row][at] = bucketDeviations;
        rowSize[row]++;
        buckets++;
        rows = Math.max(rows, row + 1);
    }

    private void removeOldest(int row) {
        rowStart[row] = slot(row, 1);
        rowSize[row]--;
        buckets--;
        while (rows > 0 && rowSize[rows - 1] == 0) {
            rows--;
        }
    }

    /** The ring index of the k-th oldest bucket of {@code row}. */
    private int slot(int row, int k) {
        return (rowStart[row] + k) % (maxBucketsPerRow + 1);
    }

    private static long bucketLength(int row) {
        return 1L << row;
    }

    /** Observations in the window, |W|. */
    public long width() {
        return width;
    }

    /** The mean of the window, the current estimate of the stream's mean; 0 for an empty window. */
    public double mean() {
        return width == 0 ? 0.0 : sum / width;
    }

    /** The variance of the window (over its length, not length − 1); 0 for an empty window. */
    public double variance() {
        return width == 0 ? 0.0 : squares / width;
    }

    /** Changes detected since the detector was created. */
    public long detections() {
        return detections;
    }

    /** Observations seen since the detector was created, including those dropped from the window. */
    public long observations() {
        return observations;
    }

    /** Buckets in the histogram: the memory in use, at most M·(log₂|W| + 1). */
    public int bucketCount() {
        return buckets;
    }

    public double delta() {
        return delta;
    }

    public int maxBucketsPerRow() {
        return maxBucketsPerRow;
    }

    public int minSubWindowLength() {
        return minSubWindowLength;
    }

    public int checkInterval() {
        return checkInterval;
    }
}
