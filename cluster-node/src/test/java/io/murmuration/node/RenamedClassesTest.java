package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Journals written before persisted classes moved read back as the classes they are now. */
class RenamedClassesTest {

    private static final ActorTestKit testKit = ActorTestKit.create(
            ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));

    private static final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

    private static final InteractionRecorded INTERACTION = new InteractionRecorded("alice", "e7", "book-3", "purchase",
            null, Instant.parse("2026-11-03T10:15:30Z"), Map.of("device", "phone"), 2.5, "v-4",
            List.of(new EarlierItem("book-2", 1.0), new EarlierItem("book-1", 0.5)), true);

    private static final ModelRegistry.Registered REGISTERED = new ModelRegistry.Registered(new ModelVersion("v-4",
            Map.of("factors", 32.0, "lambda", 0.1), Instant.parse("2026-10-01T00:00:00Z"),
            Instant.parse("2026-11-01T00:00:00Z"), 40_000, Map.of("hr@10", 0.21), Instant.parse("2026-11-01T00:05:00Z")));

    private static final ModelRegistry.Activated ACTIVATED =
            new ModelRegistry.Activated("v-4", "ops", "beats v-3", Instant.parse("2026-11-01T00:06:00Z"));

    private static final ModelRegistry.RolledBack ROLLED_BACK =
            new ModelRegistry.RolledBack("v-4", "v-3", "ops", "hit rate fell", Instant.parse("2026-11-02T08:00:00Z"));

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void readsAnInteractionWrittenUnderItsOldClassName() {
        // given the bytes of an interaction, stored under the name the class had before it moved
        byte[] bytes = serialization.serialize(INTERACTION).get();
        int serializerId = serialization.findSerializerFor(INTERACTION).identifier();

        // when
        Object read = serialization
                .deserialize(bytes, serializerId, "io.murmuration.node.user.UserEntity$InteractionRecorded")
                .get();

        // then
        assertInstanceOf(InteractionRecorded.class, read);
        assertEquals(INTERACTION, read);
    }

    @Test
    void readsRegistryEventsWrittenUnderTheirOldClassNames() {
        Map<String, Object> byOldName = Map.of(
                "io.murmuration.node.model.ModelRegistry$Registered", REGISTERED,
                "io.murmuration.node.model.ModelRegistry$Activated", ACTIVATED,
                "io.murmuration.node.model.ModelRegistry$RolledBack", ROLLED_BACK);
        byOldName.forEach((oldName, event) -> {
            byte[] bytes = serialization.serialize(event).get();
            int serializerId = serialization.findSerializerFor(event).identifier();

            Object read = serialization.deserialize(bytes, serializerId, oldName).get();

            assertEquals(event, read, oldName);
        });
    }

    @Test
    void writesAnInteractionUnderItsNewNameAndReadsItBack() {
        Serializer serializer = serialization.findSerializerFor(INTERACTION);
        String manifest = Serializers.manifestFor(serializer, INTERACTION);
        byte[] bytes = serialization.serialize(INTERACTION).get();

        assertEquals("io.murmuration.node.interaction.InteractionRecorded", manifest);
        assertEquals(INTERACTION, serialization.deserialize(bytes, serializer.identifier(), manifest).get());
    }

    @Test
    void writesRegistryEventsUnderTheirNewNamesAndReadsThemBack() {
        for (Object event : List.of(REGISTERED, ACTIVATED, ROLLED_BACK)) {
            Serializer serializer = serialization.findSerializerFor(event);
            String manifest = Serializers.manifestFor(serializer, event);
            byte[] bytes = serialization.serialize(event).get();

            assertEquals(event.getClass().getName(), manifest);
            assertTrue(manifest.startsWith("io.murmuration.node.model.versions.ModelRegistry$"), manifest);
            assertEquals(event, serialization.deserialize(bytes, serializer.identifier(), manifest).get());
        }
    }

    @Test
    void everyRenamedClassIsRegisteredWithTheSerializer() {
        Set<String> registered = testKit.system().settings().config()
                .getConfig("akka.serialization.jackson.migrations").root().entrySet().stream()
                .filter(e -> e.getValue().unwrapped().equals(RenamedClasses.class.getName()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());

        assertEquals(RenamedClasses.RENAMED.keySet(), registered);
    }
}
