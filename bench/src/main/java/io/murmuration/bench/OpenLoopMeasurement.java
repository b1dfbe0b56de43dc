package io.murmuration.bench;

import org.HdrHistogram.Histogram;

/**
 * What an open-model load run measured, fed with each request's timestamps as it ends, from any thread.
 * Latency runs from the request's intended start on the schedule to its end, so a stall of the server or of
 * the sender counts against every request that was due during it (the correction for coordinated omission).
 * Beside it are kept the service time, from the actual send, which is what a closed-loop client would report,
 * and the send lag, from the intended start to the actual send, which says how far behind schedule the sender
 * fell; and the node's own time, as its replies' Server-Timing header gives it, which says how much of the latency
 * the recommender itself took. Only requests due inside the measured window are counted; those of the warm-up feed
 * the progress figures alone.
 */
final class OpenLoopMeasurement {

    /** The send time of a request that was never sent: it timed out waiting for a connection. */
    static final long NOT_SENT = Long.MIN_VALUE;

    private static final int SIGNIFICANT_DIGITS = 3;

    private final long windowStartNanos;
    private final long windowEndNanos;

    // Microseconds; the histograms resize themselves, so a very late request is never clipped.
    private final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram serviceTime = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram sendLag = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram nodeTime = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram latencySinceProgress = new Histogram(SIGNIFICANT_DIGITS);

    private long sent;
    private long ended;
    private long personalised;
    private long fallbacks;
    private long partial;
    private long non2xx;
    private long timeouts;
    private long neverSent;
    private long errors;
    private String firstError;
    private long lastResponseNanos = Long.MIN_VALUE;

    /** Counts the requests whose intended start lies in [{@code windowStartNanos}, {@code windowEndNanos}). */
    OpenLoopMeasurement(long windowStartNanos, long windowEndNanos) {
        this.windowStartNanos = windowStartNanos;
        this.windowEndNanos = windowEndNanos;
    }

    /** How far in progress a run is, with the p99 latency of the requests that ended since the last call. */
    record Progress(long sent, long ended, double recentP99Millis) {
    }

    synchronized void sent(long intendedNanos, long sentNanos) {
        sent++;
        if (measured(intendedNanos)) {
            sendLag.recordValue(micros(sentNanos - intendedNanos));
        }
    }

    /**
     * A reply with its status; {@code fallback} and {@code partial} are the reply's flags, read only from 2xx replies;
     * {@code nodeMillis} is the node's own time from its Server-Timing header, NaN when the reply had none.
     */
    synchronized void answered(int status, boolean fallback, boolean partial, long intendedNanos, long sentNanos,
            long endNanos, double nodeMillis) {
        ended++;
        latencySinceProgress.recordValue(micros(endNanos - intendedNanos));
        if (!measured(intendedNanos)) {
            return;
        }
        if (status / 100 != 2) {
            non2xx++;
        } else if (fallback) {
            fallbacks++;
        } else {
            personalised++;
            if (partial) {
                this.partial++;
            }
        }
        latency.recordValue(micros(endNanos - intendedNanos));
        serviceTime.recordValue(micros(endNanos - sentNanos));
        if (Double.isFinite(nodeMillis) && nodeMillis >= 0) {
            nodeTime.recordValue(Math.round(nodeMillis * 1_000));
        }
        lastResponseNanos = Math.max(lastResponseNanos, endNanos);
    }

    /** A request given up at {@code endNanos}; its latency so far is recorded, as a user would have waited it. */
    synchronized void timedOut(long intendedNanos, long sentNanos, long endNanos) {
        ended++;
        latencySinceProgress.recordValue(micros(endNanos - intendedNanos));
        if (!measured(intendedNanos)) {
            return;
        }
        timeouts++;
        latency.recordValue(micros(endNanos - intendedNanos));
        if (sentNanos == NOT_SENT) {
            neverSent++;
        } else {
            serviceTime.recordValue(micros(endNanos - sentNanos));
        }
    }

    /**
     * A request that got no reply for another reason than time (refused connection, unreadable body). It is
     * counted but has no latency: a quick failure would otherwise pass for a fast answer.
     */
    synchronized void failed(long intendedNanos, String reason) {
        ended++;
        if (!measured(intendedNanos)) {
            return;
        }
        errors++;
        if (firstError == null) {
            firstError = reason;
        }
    }

    synchronized long ended() {
        return ended;
    }

    /** Progress so far; starts a new interval for the recent p99. */
    synchronized Progress progress() {
        double p99 = latencySinceProgress.getTotalCount() == 0
                ? 0 : millis(latencySinceProgress.getValueAtPercentile(99));
        latencySinceProgress.reset();
        return new Progress(sent, ended, p99);
    }

    /**
     * The figures of the measured window. Throughput is over the window, or up to the last reply when replies
     * came in after it ended, so a server that falls behind does not look as fast as the schedule.
     */
    synchronized LoadReport report() {
        long end = Math.max(windowEndNanos, lastResponseNanos);
        return new LoadReport((end - windowStartNanos) / 1e9, personalised, fallbacks, partial, non2xx, timeouts,
                neverSent, errors, firstError, percentiles(latency), percentiles(serviceTime), percentiles(sendLag),
                percentiles(nodeTime));
    }

    private boolean measured(long intendedNanos) {
        return intendedNanos - windowStartNanos >= 0 && intendedNanos - windowEndNanos < 0;
    }

    private static LoadReport.Percentiles percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LoadReport.Percentiles(0, 0, 0, 0, 0, 0);
        }
        return new LoadReport.Percentiles(h.getTotalCount(), millis(h.getValueAtPercentile(50)),
                millis(h.getValueAtPercentile(90)), millis(h.getValueAtPercentile(99)),
                millis(h.getValueAtPercentile(99.9)), millis(h.getMaxValue()));
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
