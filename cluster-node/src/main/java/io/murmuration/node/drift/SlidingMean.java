package io.murmuration.node.drift;

/**
 * The mean of the last {@code capacity} values of a stream, for display: the drift monitor's recent hit rate
 * (values 0 and 1) and mean surprise. Where ADWIN's window adapts to changes, this one has a fixed length, so
 * figures read the same way at any time. A ring of doubles; the sum is recomputed once per lap so rounding cannot
 * accumulate. Mutable and not thread-safe; {@link #add} allocates nothing.
 */
public final class SlidingMean {

    private final double[] values;
    private int next;
    private int count;
    private double sum;

    public SlidingMean(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.values = new double[capacity];
    }

    public void add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value must be finite, was " + x);
        }
        if (count == values.length) {
            sum -= values[next];
        } else {
            count++;
        }
        values[next] = x;
        sum += x;
        next = (next + 1) % values.length;
        if (next == 0) {
            double exact = 0.0;
            for (int i = 0; i < count; i++) {
                exact += values[i];
            }
            sum = exact;
        }
    }

    /** Values in the window: the capacity once that many were added. */
    public int count() {
        return count;
    }

    /** Sum of the values in the window. */
    public double sum() {
        return sum;
    }

    /** Mean of the values in the window; 0 when empty. */
    public double mean() {
        return count == 0 ? 0.0 : sum / count;
    }

    public int capacity() {
        return values.length;
    }
}
