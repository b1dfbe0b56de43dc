package io.murmuration.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.MurmurationNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static Config withEnvironment(Map<String, String> env) {
        return MurmurationNode.loadConfig(env);
    }

    @Test
    void aLoneNodeHasNoDiscoveryEndpointsAndSixteenUserShards() {
        ClusterSettings settings = ClusterSettings.from(withEnvironment(Map.of()));

        assertTrue(settings.discoveryEndpoints().isEmpty());
        assertEquals(16, settings.interactionsPartitions());
        assertEquals(Duration.ofSeconds(2), settings.unreadyBeforeUnbind());
    }

    @Test
    void readsTheDiscoveryEndpointsFromTheEnvironment() {
        ClusterSettings settings = ClusterSettings.from(withEnvironment(Map.of(
                "MURMURATION_DISCOVERY_ENDPOINTS", "127.0.0.1:8558, 127.0.0.2:8558,127.0.0.3:9558")));

        assertEquals(List.of(new ClusterSettings.Endpoint("127.0.0.1", 8558), new ClusterSettings.Endpoint("127.0.0.2", 8558),
                new ClusterSettings.Endpoint("127.0.0.3", 9558)), settings.discoveryEndpoints());
    }

    @Test
    void theEndpointsBecomeTheConfigDiscoveryServiceBootstrapLooksUp() {
        Config config = ClusterFormation.withDiscovery(withEnvironment(Map.of(
                "MURMURATION_DISCOVERY_ENDPOINTS", "127.0.0.1:8558,127.0.0.2:8558")));

        String service = config.getString("akka.management.cluster.bootstrap.contact-point-discovery.service-name");
        List<? extends Config> endpoints = config.getConfigList("akka.discovery.config.services." + service + ".endpoints");
        assertEquals("config", config.getString("akka.discovery.method"));
        assertTrue(ClusterFormation.usesBootstrap(config));
        assertEquals(2, endpoints.size());
        assertEquals("127.0.0.2", endpoints.get(1).getString("host"));
        assertEquals(8558, endpoints.get(1).getInt("port"));
    }

    @Test
    void aLoneNodeJoinsItselfButAnotherDiscoveryMethodMeansBootstrap() {
        assertTrue(!ClusterFormation.usesBootstrap(withEnvironment(Map.of())));
        assertTrue(ClusterFormation.usesBootstrap(
                ConfigFactory.parseString("akka.discovery.method = kubernetes-api").withFallback(withEnvironment(Map.of()))));
    }

    @Test
    void onlyANodeWithNeitherSeedNodesNorBootstrapFormsAClusterAlone() {
        assertTrue(ClusterFormation.formsClusterAlone(withEnvironment(Map.of())));
        assertTrue(!ClusterFormation.formsClusterAlone(withEnvironment(Map.of(
                "MURMURATION_SEED_NODES", "akka://murmuration@127.0.0.1:25520"))));
        assertTrue(!ClusterFormation.formsClusterAlone(ClusterFormation.withDiscovery(withEnvironment(Map.of(
                "MURMURATION_DISCOVERY_ENDPOINTS", "127.0.0.1:8558,127.0.0.2:8558")))));
    }

    @Test
    void refusesAnEndpointWithoutAPortNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSettings.from(withEnvironment(Map.of(
                "MURMURATION_DISCOVERY_ENDPOINTS", "127.0.0.1"))));

        assertTrue(e.getMessage().contains("murmuration.cluster.discovery-endpoints"), e.getMessage());
    }

    @Test
    void refusesANonPositivePartitionCount() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSettings.from(
                ConfigFactory.parseString("murmuration.cluster.interactions-partitions = 0").withFallback(withEnvironment(Map.of()))));

        assertTrue(e.getMessage().contains("murmuration.cluster.interactions-partitions"), e.getMessage());
    }

    @Test
    void theNodeRunsTheBuildsVersionUnlessTheEnvironmentSaysOtherwise() {
        assertTrue(withEnvironment(Map.of()).getString("akka.cluster.app-version").matches("\\d+\\.\\d+\\.\\d+.*"));
        assertEquals("2.0.1", withEnvironment(Map.of("MURMURATION_APP_VERSION", "2.0.1")).getString("akka.cluster.app-version"));
    }
}
