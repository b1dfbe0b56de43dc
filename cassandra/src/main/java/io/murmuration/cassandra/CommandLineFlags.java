package io.murmuration.cassandra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} flags of the command-line tools. Unknown or incomplete flags are refused
 * with a message that names them, so a typo never silently falls back to a default.
 */
final class CommandLineFlags {

    private final Map<String, String> values;

    private CommandLineFlags(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args[from..]} as flag/value pairs, accepting only the names in {@code allowed}. */
    static CommandLineFlags parse(String[] args, int from, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = from; i < args.length; i += 2) {
            String flag = args[i];
            if (!flag.startsWith("--") || !allowed.contains(flag.substring(2))) {
                throw new IllegalArgumentException("unknown flag '" + flag + "' (allowed: --" + String.join(", --", allowed) + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            values.put(flag.substring(2), args[i + 1]);
        }
        return new CommandLineFlags(values);
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    Path requiredPath(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("flag --" + name + " is required");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    int integer(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag --" + name + " must be a whole number, was '" + value + "'");
        }
    }

    int port(String name, int fallback) {
        int port = integer(name, fallback);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("flag --" + name + " must be a port between 1 and 65535, was " + port);
        }
        return port;
    }
}
