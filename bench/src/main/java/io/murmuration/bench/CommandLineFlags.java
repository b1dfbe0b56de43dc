package io.murmuration.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --flag value} (or {@code --flag=value}) command line of a bench tool, and its values read as numbers,
 * durations or URLs. Every refusal is an {@link IllegalArgumentException} whose message starts with the flag, so a
 * tool can print it above its usage. Settings records check their own ranges; this class only reads.
 */
final class CommandLineFlags {

    private final Map<String, String> given;

    private CommandLineFlags(Map<String, String> given) {
        this.given = given;
    }

    /** Reads {@code args}; a flag not in {@code known}, or one without a value, is refused. */
    static CommandLineFlags parse(String[] args, Set<String> known) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            require(known.contains(flag), "unknown flag '" + flag + "'");
            require(value != null, flag + " needs a value");
            given.put(flag, value);
        }
        return new CommandLineFlags(given);
    }

    boolean has(String flag) {
        return given.containsKey(flag);
    }

    /** The flag's text, or null when it was not given. */
    String text(String flag) {
        return given.get(flag);
    }

    String text(String flag, String fallback) {
        return given.getOrDefault(flag, fallback);
    }

    double number(String flag, double fallback) {
        String value = given.get(flag);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'");
        }
    }

    /** A whole number that fits an int; underscores may group its digits. */
    int whole(String flag, int fallback) {
        long parsed = wholeLong(flag, fallback);
        require(parsed == (int) parsed, flag + " is too large, got " + parsed);
        return (int) parsed;
    }

    /** A whole number; underscores may group its digits. */
    long wholeLong(String flag, long fallback) {
        String value = given.get(flag);
        try {
            return value == null ? fallback : Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got '" + value + "'");
        }
    }

    URI url(String flag, String fallback) {
        String value = given.getOrDefault(flag, fallback);
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " is not a URL: '" + value + "'");
        }
    }

    /** Seconds, or milliseconds with "ms", or minutes with "m"; a trailing "s" is allowed. */
    Duration duration(String flag, String fallback) {
        String value = given.getOrDefault(flag, fallback).trim().toLowerCase(Locale.ROOT);
        double nanosPerUnit = 1e9;
        String number = value;
        if (value.endsWith("ms")) {
            nanosPerUnit = 1e6;
            number = value.substring(0, value.length() - 2);
        } else if (value.endsWith("m")) {
            nanosPerUnit = 60e9;
            number = value.substring(0, value.length() - 1);
        } else if (value.endsWith("s")) {
            number = value.substring(0, value.length() - 1);
        }
        try {
            double nanos = Double.parseDouble(number) * nanosPerUnit;
            require(Double.isFinite(nanos) && nanos < Long.MAX_VALUE / 2.0, flag + " is out of range, got '" + value + "'");
            return Duration.ofNanos(Math.round(nanos));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a duration such as 60, 60s, 500ms or 2m, got '" + value + "'");
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
