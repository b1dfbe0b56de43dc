package io.murmuration.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Murmuration's CQL schema: the keyspaces, the akka-persistence-cassandra 1.1.1 journal and
 * snapshot tables, and our own catalog, model, view-checkpoint and user-taste tables, read from {@code schema/*.cql} on the classpath
 * and rendered for one pair of keyspace names. Pure text; {@link SchemaTool} applies it.
 */
public final class CqlSchema {

    /** Applied in this order: keyspaces before the tables that live in them. */
    static final List<String> RESOURCES = List.of(
            "schema/01-keyspaces.cql",
            "schema/02-journal.cql",
            "schema/03-snapshot.cql",
            "schema/04-catalog.cql",
            "schema/05-models.cql",
            "schema/06-views.cql",
            "schema/07-user-tastes.cql");

    // Unquoted CQL identifiers are folded to lower case; insisting on lower case keeps names in system_schema identical.
    private static final Pattern KEYSPACE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Pattern CREATE_TABLE =
            Pattern.compile("^CREATE TABLE IF NOT EXISTS\\s+([a-z0-9_]+\\.[a-z0-9_]+)", Pattern.CASE_INSENSITIVE);

    private CqlSchema() {
    }

    /**
     * Renders every schema statement, in the order they must run.
     *
     * @param keyspace          keyspace of the journal tables and the catalog
     * @param snapshotKeyspace  keyspace of the snapshot table (may equal {@code keyspace})
     * @param replicationFactor SimpleStrategy replication factor of both keyspaces, at least 1
     */
    public static List<String> render(String keyspace, String snapshotKeyspace, int replicationFactor) {
        requireKeyspaceName("keyspace", keyspace);
        requireKeyspaceName("snapshot keyspace", snapshotKeyspace);
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
        }
        List<String> statements = new ArrayList<>();
        for (String resource : RESOURCES) {
            for (String template : splitStatements(readResource(resource))) {
                String statement = template
                        .replace("${keyspace}", keyspace)
                        .replace("${snapshot_keyspace}", snapshotKeyspace)
                        .replace("${replication_factor}", Integer.toString(replicationFactor));
                if (statement.contains("${")) {
                    throw new IllegalStateException("unknown placeholder left in " + resource + ": " + statement);
                }
                statements.add(statement);
            }
        }
        return List.copyOf(statements);
    }

    /** The qualified names ({@code keyspace.table}) of the tables a list of statements creates, in order. */
    public static List<String> tablesCreatedBy(List<String> statements) {
        List<String> tables = new ArrayList<>();
        for (String statement : statements) {
            Matcher matcher = CREATE_TABLE.matcher(statement);
            if (matcher.find()) {
                tables.add(matcher.group(1));
            }
        }
        return List.copyOf(tables);
    }

    static void requireKeyspaceName(String what, String name) {
        if (name == null || !KEYSPACE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + name + "' is not a valid keyspace name: use lower-case letters, digits and _ "
                            + "(starting with a letter, at most 48 characters)");
        }
    }

    /** Splits a CQL script into statements; {@code --} lines are comments and {@code ;} ends a statement. */
    static List<String> splitStatements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String part : withoutComments.toString().split(";")) {
            String statement = part.strip();
            if (!statement.isEmpty()) {
                statements.add(statement);
            }
        }
        return statements;
    }

    private static String readResource(String resource) {
        try (InputStream in = CqlSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + resource, e);
        }
    }
}
