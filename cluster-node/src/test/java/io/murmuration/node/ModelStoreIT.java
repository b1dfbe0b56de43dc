package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.model.versions.ModelStore;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Model versions' item factors survive a round trip through the real Cassandra, across several chunks. */
class ModelStoreIT {

    @Test
    void storesAndLoadsAVersionsItemFactorsExactly() throws Exception {
        RealInfrastructure.ensureRunning();
        Run run = Run.create("store");
        run.prepare();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "store-test", run.nodeConfig());
        try {
            ModelStore store = new ModelStore(system);
            int items = 2_500; // three chunks, the last one partial
            int d = 8;
            String[] ids = new String[items];
            float[] factors = new float[items * d];
            Random random = new Random(3);
            for (int i = 0; i < items; i++) ids[i] = "item-" + i;
            for (int i = 0; i < factors.length; i++) factors[i] = (float) random.nextGaussian();

            store.save("v-test", ids, factors, d, Instant.parse("2026-11-22T12:00:00Z")).toCompletableFuture().get(60, TimeUnit.SECONDS);
            Optional<ModelStore.StoredFactors> loaded = store.load("v-test").toCompletableFuture().get(60, TimeUnit.SECONDS);

            assertTrue(loaded.isPresent());
            assertEquals(d, loaded.get().dimension());
            assertArrayEquals(ids, loaded.get().itemIds());
            assertArrayEquals(factors, loaded.get().factors());
            assertEquals(Optional.empty(), store.load("never-stored").toCompletableFuture().get(60, TimeUnit.SECONDS));
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
