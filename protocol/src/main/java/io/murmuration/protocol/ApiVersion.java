package io.murmuration.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the HTTP contract this build speaks: {@code info.version} of {@code protocol/openapi.yaml}, which a
 * node reports in {@code GET /admin/whoami} and a client compares with its own before using the API. Semantic
 * versioning: a change that clients can ignore (a new path, a new optional field) raises the minor version, any
 * other the major; before 1.0.0 the minor version takes the major's part, as semantic versioning has it.
 */
public final class ApiVersion {

    /** This build's contract. Raise it with every change of {@code openapi.yaml} that clients can notice. */
    public static final String CURRENT = "0.2.1";

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+].*)?");

    private ApiVersion() {}

    /**
     * Whether a client built for contract {@code client} can use a node that speaks {@code node}: the same major
     * version, and a node at least as recent in the minor version (it serves everything the client knows); before
     * 1.0.0, the same minor version. False when either is not a version.
     */
    public static boolean compatible(String client, String node) {
        Optional<int[]> c = parse(client);
        Optional<int[]> n = parse(node);
        if (c.isEmpty() || n.isEmpty() || c.get()[0] != n.get()[0]) return false;
        return c.get()[0] == 0 ? c.get()[1] == n.get()[1] : n.get()[1] >= c.get()[1];
    }

    /** Major, minor and patch of a version such as {@code 1.4.2} (a pre-release or build suffix ignored). */
    static Optional<int[]> parse(String version) {
        if (version == null) return Optional.empty();
        Matcher m = SEMVER.matcher(version.trim());
        if (!m.matches()) return Optional.empty();
        try {
            return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }
}
