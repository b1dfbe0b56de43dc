package io.murmuration.node;

import akka.serialization.jackson.JacksonMigration;
import com.fasterxml.jackson.databind.JsonNode;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.model.versions.ModelRegistry;
import java.util.Map;

/**
 * Reads journals written before persisted classes moved to other packages. The Jackson serializer stores each event
 * and snapshot under its fully qualified class name (nested classes with {@code $}); after a move, that old name
 * names no class. Each old name is registered with this migration under
 * {@code akka.serialization.jackson.migrations} in {@code reference.conf}, and this migration answers the class it
 * is now. The JSON is unchanged: only the names moved.
 *
 * <p>An entry must stay as long as any journal, snapshot store or message in flight may hold the old name; new data
 * is written under the new names. Decision 014 says why the classes moved.
 */
public final class RenamedClasses extends JacksonMigration {

    /** Every old class name with the class it is now. */
    public static final Map<String, Class<?>> RENAMED = Map.ofEntries(
            Map.entry("io.murmuration.node.user.UserEntity$InteractionRecorded", InteractionRecorded.class),
            Map.entry("io.murmuration.node.model.ModelRegistry$Registered", ModelRegistry.Registered.class),
            Map.entry("io.murmuration.node.model.ModelRegistry$Activated", ModelRegistry.Activated.class),
            Map.entry("io.murmuration.node.model.ModelRegistry$RolledBack", ModelRegistry.RolledBack.class));

    /**
     * Version 1 is data written without a migration, under the old names; reading it as older than the current version
     * is what makes the serializer ask {@link #transformClassName} for the new name.
     */
    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public String transformClassName(int fromVersion, String className) {
        Class<?> renamed = RENAMED.get(className);
        return renamed == null ? className : renamed.getName();
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
        return json;
    }
}
