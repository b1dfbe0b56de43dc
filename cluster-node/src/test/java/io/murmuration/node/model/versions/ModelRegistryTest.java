package io.murmuration.node.model.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private static final ActorTestKit testKit =
            ActorTestKit.create(
                    EventSourcedBehaviorTestKit.config()
                            .withFallback(ConfigFactory.parseString("akka.actor.provider = local"))
                            .withFallback(ConfigFactory.load()));

    private EventSourcedBehaviorTestKit<ModelRegistry.Command, ModelRegistry.Event, ModelRegistry.State> registry;

    @BeforeEach
    void freshRegistry() {
        registry = EventSourcedBehaviorTestKit.create(testKit.system(), ModelRegistry.create());
        registry.clear();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ModelVersion version(String id, double hr10, double popularityHr10) {
        return new ModelVersion(id, Map.of("factors", 64.0), T0, T0.plusSeconds(3600), 1000,
                Map.of("hr@10", hr10, PromotionPolicy.BASELINE_METRIC, popularityHr10), T0.plusSeconds(4000));
    }

    private StatusReply<ModelRegistry.State> register(ModelVersion v, boolean autoPromote) {
        return registry.<StatusReply<ModelRegistry.State>>runCommand(r -> new ModelRegistry.Register(v, autoPromote, r)).reply();
    }

    private StatusReply<ModelRegistry.State> activate(String id) {
        return registry.<StatusReply<ModelRegistry.State>>runCommand(
                r -> new ModelRegistry.Activate(id, "ops-alice", "manual check", T0, r)).reply();
    }

    private StatusReply<ModelRegistry.State> rollback() {
        return registry.<StatusReply<ModelRegistry.State>>runCommand(
                r -> new ModelRegistry.Rollback("ops-bob", "bad clicks", T0, r)).reply();
    }

    @Test
    void autoPromotesTheFirstVersionOnlyWhenItBeatsPopularity() {
        assertTrue(register(version("v1", 0.10, 0.12), true).isSuccess());
        assertEquals(Optional.empty(), registry.getState().active());

        ModelRegistry.State state = register(version("v2", 0.20, 0.12), true).getValue();

        assertEquals(Optional.of("v2"), state.active());
        assertEquals(ModelRegistry.AUTOMATIC, state.changes().get(0).who());
    }

    @Test
    void autoPromotesALaterVersionOnlyWhenItBeatsTheActiveOne() {
        register(version("v1", 0.20, 0.10), true);

        register(version("v2", 0.19, 0.10), true);
        assertEquals(Optional.of("v1"), registry.getState().active());

        register(version("v3", 0.25, 0.10), true);
        assertEquals(Optional.of("v3"), registry.getState().active());
    }

    @Test
    void registersWithoutPromotingWhenAutoPromotionIsOff() {
        register(version("v1", 0.90, 0.10), false);

        assertEquals(Optional.empty(), registry.getState().active());
        assertEquals(List.of("v1"), List.copyOf(registry.getState().versions().keySet()));
    }

    @Test
    void rollsBackToThePreviouslyActiveVersionRecordingWhoAndWhy() {
        register(version("v1", 0.2, 0.1), false);
        register(version("v2", 0.3, 0.1), false);
        activate("v1");
        activate("v2");

        ModelRegistry.State state = rollback().getValue();

        assertEquals(Optional.of("v1"), state.active());
        ModelRegistry.Change last = state.changes().get(state.changes().size() - 1);
        assertEquals(new ModelRegistry.Change("rolled back", "v1", "ops-bob", "bad clicks", T0), last);
    }

    @Test
    void refusesWhatCannotBeDoneWithAReasonAndWithoutAnEvent() {
        register(version("v1", 0.2, 0.1), false);

        assertEquals("no model version v9", activate("v9").getError().getMessage());
        assertTrue(rollback().isError(), "nothing to roll back to");
        assertTrue(register(version("v1", 0.3, 0.1), false).isError(), "ids are unique");
        activate("v1");
        assertTrue(activate("v1").isError(), "already active");
        assertEquals(1, registry.getState().versions().size());
        assertEquals(List.of("v1"), registry.getState().activations());
    }

    @Test
    void survivesARestartWithItsHistory() {
        register(version("v1", 0.2, 0.1), true);
        register(version("v2", 0.3, 0.1), true);
        ModelRegistry.State before = registry.getState();

        ModelRegistry.State after = registry.restart().state();

        assertEquals(before, after);
        assertEquals(Optional.of("v1"), after.previous());
    }
}
