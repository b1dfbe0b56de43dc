package io.murmuration.bench;

import java.util.Locale;

/**
 * The figures of one load run's measured window, as {@link OpenLoopMeasurement} summed them up.
 *
 * @param measuredSeconds the window, stretched to the last reply when replies came in after it
 * @param personalised    2xx replies with {@code "fallback": false}
 * @param fallbacks       2xx replies with {@code "fallback": true}: popular items instead of personalised ones
 * @param partial         those of the personalised replies with {@code "partial": true}: put together without a part
 *                        whose source failed or missed the deadline
 * @param non2xx          replies with any other status
 * @param timeouts        requests that waited a whole timeout for a connection, or for their reply once sent
 * @param neverSent       those of the timeouts that never got a connection, so were never sent
 * @param errors          requests that failed otherwise; they have no latency
 * @param firstError      what the first of those failures said, or null
 * @param latency         from each request's intended start to its reply or timeout: what users would see
 * @param serviceTime     from the actual send instead: what a client that waits for each reply would report
 * @param sendLag         from the intended start to the actual send: how far behind its schedule the sender fell
 * @param nodeTime        the node's own time for each reply that said it (its Server-Timing header): what of the
 *                        latency the recommender took; count 0 when no reply said it
 */
record LoadReport(
        double measuredSeconds,
        long personalised,
        long fallbacks,
        long partial,
        long non2xx,
        long timeouts,
        long neverSent,
        long errors,
        String firstError,
        Percentiles latency,
        Percentiles serviceTime,
        Percentiles sendLag,
        Percentiles nodeTime) {

    /** Percentiles in milliseconds of {@code count} recorded values. */
    record Percentiles(long count, double p50, double p90, double p99, double p999, double max) {
    }

    long ok() {
        return personalised + fallbacks;
    }

    long responses() {
        return ok() + non2xx;
    }

    long requests() {
        return responses() + timeouts + errors;
    }

    double throughput() {
        return measuredSeconds <= 0 ? 0 : responses() / measuredSeconds;
    }

    double fallbackShare() {
        return ok() == 0 ? 0 : (double) fallbacks / ok();
    }

    /** The node's own p99 in milliseconds, NaN when no reply said it. */
    double nodeP99() {
        return nodeTime.count() == 0 ? Double.NaN : nodeTime.p99();
    }

    double partialShare() {
        return ok() == 0 ? 0 : (double) partial / ok();
    }

    /** The report as printed at the end of a run, one figure per line. */
    String describe() {
        StringBuilder text = new StringBuilder();
        line(text, "throughput             %,.1f responses/s (%,d in %.1f s)", throughput(), responses(), measuredSeconds);
        line(text, "requests               %,d: %,d ok, %,d non-2xx, %,d timeouts (%,d never sent), %,d errors",
                requests(), ok(), non2xx, timeouts, neverSent, errors);
        line(text, "fallback share         %.4f of ok replies", fallbackShare());
        line(text, "partial share          %.4f of ok replies (personal, but lacking a part)", partialShare());
        line(text, "latency ms             p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (from intended start)",
                latency.p50(), latency.p90(), latency.p99(), latency.p999(), latency.max());
        line(text, "service time ms        p50 %.2f  p99 %.2f  (from actual send; leaves out waiting to be sent)",
                serviceTime.p50(), serviceTime.p99());
        line(text, "behind schedule ms     p99 %.2f  max %.2f  (actual send after intended start)",
                sendLag.p99(), sendLag.max());
        if (nodeTime.count() > 0) {
            line(text, "node's own time ms     p50 %.2f  p99 %.2f  (its Server-Timing header, %,d replies)",
                    nodeTime.p50(), nodeTime.p99(), nodeTime.count());
        }
        if (firstError != null) {
            line(text, "first error            %s", firstError);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String format, Object... args) {
        text.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
