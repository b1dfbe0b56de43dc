package io.murmuration.protocol;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The {@code Server-Timing} header of a recommendation reply (the W3C Server Timing format): how long the node took
 * from the request reaching its recommender to the list, {@code recommend;dur=1.234} in milliseconds. A client that
 * waited longer waited on the network, on the node's HTTP layer or on its own scheduling, not on the recommender.
 */
public final class ServerTiming {

    /** The header's name. */
    public static final String HEADER = "Server-Timing";

    /** The metric that carries the recommender's time. */
    public static final String RECOMMEND = "recommend";

    private ServerTiming() {}

    /** The header's value for a recommendation that took {@code nanos}. */
    public static String recommend(long nanos) {
        return String.format(Locale.ROOT, "%s;dur=%.3f", RECOMMEND, nanos / 1e6);
    }

    /**
     * The recommender's milliseconds in a header value, or empty when the value has no {@code recommend} metric
     * with a finite, non-negative duration. Other metrics and parameters, which proxies may add, are skipped.
     */
    public static OptionalDouble recommendMillis(String value) {
        if (value == null) return OptionalDouble.empty();
        for (String metric : value.split(",", -1)) {
            String[] parts = metric.split(";", -1); // never empty, even for ";"
            if (!parts[0].trim().equalsIgnoreCase(RECOMMEND)) continue;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                int equals = parameter.indexOf('=');
                if (equals < 0 || !parameter.substring(0, equals).trim().equalsIgnoreCase("dur")) continue;
                try {
                    double millis = Double.parseDouble(parameter.substring(equals + 1).trim());
                    if (Double.isFinite(millis) && millis >= 0) return OptionalDouble.of(millis + 0.0); // -0 read as 0
                } catch (NumberFormatException e) {
                    // not a duration: the header says nothing usable about the recommender
                }
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }
}
