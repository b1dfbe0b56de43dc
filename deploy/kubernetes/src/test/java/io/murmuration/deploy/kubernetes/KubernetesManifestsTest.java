package io.murmuration.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.murmuration.node.MurmurationNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The manifests of deploy/kubernetes, read as typed Kubernetes objects, against the node they run: the ports, probe
 * paths, host and bootstrap settings are compared with the node's own configuration as it loads it with the
 * Deployment's environment, so that changing either side without the other fails here.
 */
class KubernetesManifestsTest {

    /** What status.podIP stands for when the node's configuration is loaded with the Deployment's environment. */
    private static final String POD_IP = "10.20.30.40";
    /** What the admin tokens' Secret stands for: one well-formed entry (the real Secret is never committed). */
    private static final String SAMPLE_TOKENS = "ops:operator:" + "ab".repeat(32);
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern SYSTEM_PROPERTY = Pattern.compile("^-D([^=]+)=(.*)$");

    private static Manifests manifests;
    private static Deployment deployment;
    private static Container node;
    /** The Deployment's environment as the pod would see it, $(VAR) references expanded. */
    private static Map<String, String> environment;
    /** The -D options of JAVA_TOOL_OPTIONS. */
    private static Map<String, String> systemProperties;
    /** The node's configuration loaded with that environment and those options. */
    private static Config nodeConfig;

    @BeforeAll
    static void readManifestsAndNodeConfiguration() throws Exception {
        manifests = Manifests.read(Path.of(System.getProperty("murmuration.manifests")));
        deployment = manifests.only(Deployment.class);
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), "one container per pod: the node");
        node = containers.get(0);
        environment = podEnvironment(node);
        systemProperties = systemPropertiesOf(environment.getOrDefault("JAVA_TOOL_OPTIONS", ""));
        nodeConfig = ConfigFactory.parseMap(systemProperties).withFallback(MurmurationNode.loadConfig(environment));
    }

    @Test
    void everyManifestIsAKnownKindWithNoUnknownField() {
        assertFalse(manifests.all().isEmpty());
        for (Manifests.Manifest manifest : manifests.all()) {
            assertEquals(List.of(), Manifests.unknownFields(manifest.object()), manifest.file() + ": fields Kubernetes does not know");
            assertNotNull(manifest.object().getMetadata().getName(), manifest.file() + ": an object without a name");
        }
    }

    @Test
    void kustomizationListsEveryManifestFile() throws Exception {
        Path folder = manifests.folder();
        @SuppressWarnings("unchecked")
        Map<String, Object> kustomization = (Map<String, Object>) Manifests.readYaml(folder.resolve(Manifests.KUSTOMIZATION)).get(0);
        @SuppressWarnings("unchecked")
        Set<String> listed = new HashSet<>((List<String>) kustomization.get("resources"));
        Set<String> files = Manifests.yamlFiles(folder).stream()
                .map(f -> f.getFileName().toString())
                .filter(f -> !f.equals(Manifests.KUSTOMIZATION))
                .collect(Collectors.toSet());
        assertEquals(files, listed, "kubectl apply -k applies exactly the files of the folder");
    }

    @Test
    void everyObjectLivesInTheNamespaceTheManifestsCreate() {
        String namespace = manifests.only(Namespace.class).getMetadata().getName();
        for (Manifests.Manifest manifest : manifests.all()) {
            if (manifest.object() instanceof Namespace) continue;
            assertEquals(namespace, manifest.object().getMetadata().getNamespace(),
                    manifest.file() + ": " + manifest.object().getKind() + " " + manifest.object().getMetadata().getName());
        }
    }

    @Test
    void containerPortsAreTheNodesPorts() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("http", nodeConfig.getInt("murmuration.http.port"));
        expected.put("admin", nodeConfig.getInt("murmuration.admin.port"));
        expected.put("management", nodeConfig.getInt("akka.management.http.port"));
        expected.put("remoting", nodeConfig.getInt("akka.remote.artery.canonical.port"));
        Map<String, Integer> declared = new LinkedHashMap<>();
        for (ContainerPort port : node.getPorts()) declared.put(port.getName(), port.getContainerPort());
        assertEquals(expected, declared);
        assertEquals(Set.copyOf(expected.values()), Set.copyOf(imagePorts()), "the ports the image exposes (Jib, cluster-node/pom.xml)");
    }

    @Test
    void probesAskAkkaManagementOnTheManagementPort() {
        int management = nodeConfig.getInt("akka.management.http.port");
        String ready = "/" + nodeConfig.getString("akka.management.health-checks.readiness-path");
        String alive = "/" + nodeConfig.getString("akka.management.health-checks.liveness-path");
        assertEquals("/ready", ready, "the README and docs/operations.md name /ready");
        assertEquals("/alive", alive, "the README and docs/operations.md name /alive");

        assertProbe(node.getReadinessProbe(), ready, management, "readiness");
        assertProbe(node.getLivenessProbe(), alive, management, "liveness");
        assertProbe(node.getStartupProbe(), alive, management, "startup");

        Duration checkTimeout = nodeConfig.getDuration("akka.management.health-checks.check-timeout");
        assertTrue(node.getReadinessProbe().getTimeoutSeconds() > checkTimeout.toSeconds(),
                "the readiness probe waits longer than the node's own checks (" + checkTimeout + ") take to answer");
        // Ready must mean "an up member": a rolling update moves on only when the new node has joined.
        assertTrue(nodeConfig.getObject("akka.management.health-checks.readiness-checks").containsKey("cluster-membership"),
                "the node's readiness includes Akka Management's cluster membership check");
    }

    @Test
    void nodesAnnounceThePodAddressAndServeTheApisOnEveryInterface() {
        assertEquals("status.podIP", fieldRefOf("MURMURATION_REMOTE_HOST"));
        assertEquals("status.podIP", fieldRefOf("MURMURATION_MANAGEMENT_HOST"));
        assertEquals(POD_IP, nodeConfig.getString("akka.remote.artery.canonical.hostname"));
        assertEquals(POD_IP, nodeConfig.getString("akka.management.http.hostname"));
        assertEquals(POD_IP, nodeConfig.getString("akka.management.http.bind-hostname"), "the kubelet probes the pod's address");
        assertEquals("0.0.0.0", nodeConfig.getString("murmuration.http.host"), "the Service connects to the pod's address");
        assertEquals("0.0.0.0", nodeConfig.getString("murmuration.admin.host"), "the Service connects to the pod's address");
    }

    @Test
    void externalCassandraAndKafkaComeFromTheEnvironmentConfigMap() {
        ConfigMap environmentMap = manifests.only(ConfigMap.class);
        Map<String, String> data = environmentMap.getData();
        assertEquals(data.get("MURMURATION_KAFKA_BOOTSTRAP"), nodeConfig.getString("murmuration.kafka.bootstrap-servers"));
        assertEquals(List.of(data.get("MURMURATION_CASSANDRA_CONTACT_POINTS").split(",")),
                nodeConfig.getStringList("datastax-java-driver.basic.contact-points"));
        assertEquals(data.get("CASSANDRA_LOCAL_DATACENTER"),
                nodeConfig.getString("datastax-java-driver.basic.load-balancing-policy.local-datacenter"));
        assertEquals(data.get("MURMURATION_KEYSPACE"), nodeConfig.getString("akka.persistence.cassandra.journal.keyspace"));
        assertEquals(data.get("MURMURATION_SNAPSHOT_KEYSPACE"), nodeConfig.getString("akka.persistence.cassandra.snapshot.keyspace"));
        // Every key of the ConfigMap is used, and every reference to it names one of its keys.
        Set<String> referenced = new HashSet<>();
        for (EnvVar variable : node.getEnv()) {
            EnvVarSource source = variable.getValueFrom();
            if (source == null || source.getConfigMapKeyRef() == null) continue;
            assertEquals(environmentMap.getMetadata().getName(), source.getConfigMapKeyRef().getName(), variable.getName());
            assertTrue(data.containsKey(source.getConfigMapKeyRef().getKey()), variable.getName() + " names a key the ConfigMap has");
            referenced.add(source.getConfigMapKeyRef().getKey());
        }
        assertEquals(data.keySet(), referenced);
    }

    @Test
    void everyNodeVariableOfTheDeploymentChangesTheNodesConfiguration() {
        ConfigObject withNone = MurmurationNode.loadConfig(Map.of()).root();
        List<String> ignored = new ArrayList<>();
        for (EnvVar variable : node.getEnv()) {
            if (!variable.getName().startsWith("MURMURATION_")) continue;
            // The loader keeps every MURMURATION_* variable as a top-level key of its own; only the rest tells.
            ConfigObject withIt = MurmurationNode.loadConfig(Map.of(variable.getName(), "value-of-" + variable.getName()))
                    .withoutPath(variable.getName()).root();
            if (withIt.equals(withNone)) ignored.add(variable.getName());
        }
        assertEquals(List.of(), ignored, "variables the node does not read");
    }

    @Test
    void variableReferencesNameVariablesDefinedBeforeThem() {
        // Kubernetes expands $(NAME) only for variables defined earlier in the list; others stay as literal text.
        Set<String> defined = new HashSet<>();
        for (EnvVar variable : node.getEnv()) {
            if (variable.getValue() != null) {
                Matcher reference = VARIABLE_REFERENCE.matcher(variable.getValue());
                while (reference.find()) {
                    assertTrue(defined.contains(reference.group(1)), variable.getName() + " refers to $(" + reference.group(1) + ")");
                }
            }
            defined.add(variable.getName());
        }
    }

    @Test
    void jvmOptionsSetSettingsTheNodeHas() {
        assertFalse(systemProperties.isEmpty());
        Config withoutOptions = MurmurationNode.loadConfig(environment);
        for (String key : systemProperties.keySet()) {
            assertTrue(withoutOptions.hasPath(key), "-D" + key + " is not a setting of the node or of Akka");
        }
        String method = nodeConfig.getString("akka.discovery.method");
        assertEquals("kubernetes-api", method);
        assertTrue(nodeConfig.hasPath("akka.discovery." + method + ".class"), "the discovery method is on the node's class path");
    }

    @Test
    void clusterBootstrapFindsExactlyTheNodesPods() {
        String bootstrap = "akka.management.cluster.bootstrap.contact-point-discovery.";
        String serviceName = nodeConfig.getString(bootstrap + "service-name");
        String selector = nodeConfig.getString("akka.discovery.kubernetes-api.pod-label-selector").replace("%s", serviceName);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        for (String requirement : selector.split(",")) {
            String[] keyAndValue = requirement.split("=", 2);
            assertEquals(keyAndValue[1], podLabels.get(keyAndValue[0]), "pod label selector " + selector);
        }
        String portName = nodeConfig.getString(bootstrap + "port-name");
        assertEquals(nodeConfig.getInt("akka.management.http.port"), containerPort(portName),
                "bootstrap contacts the pods on their management port");
        assertEquals(node.getName(), nodeConfig.getString("akka.discovery.kubernetes-api.container-name"));

        int replicas = deployment.getSpec().getReplicas();
        int required = nodeConfig.getInt(bootstrap + "required-contact-point-nr");
        assertTrue(required > replicas / 2 && required <= replicas,
                "a new cluster needs a majority of the " + replicas + " replicas (so two cannot form), and no more than there are: " + required);
    }

    @Test
    void selectorsMatchTheNodesPods() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertSelects(deployment.getSpec().getSelector(), podLabels, "Deployment");
        assertSelects(manifests.only(PodDisruptionBudget.class).getSpec().getSelector(), podLabels, "PodDisruptionBudget");
        assertSelects(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getLabelSelector(), podLabels, "anti-affinity");
        List<Service> services = manifests.all(Service.class);
        assertEquals(Set.of("http", "admin"), services.stream().flatMap(s -> s.getSpec().getPorts().stream())
                .map(ServicePort::getName).collect(Collectors.toSet()), "the public and the admin API, each its own Service");
        for (Service service : services) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertFalse(selector.isEmpty(), service.getMetadata().getName());
            selector.forEach((k, v) -> assertEquals(v, podLabels.get(k), "Service " + service.getMetadata().getName() + " selects " + k));
            for (ServicePort port : service.getSpec().getPorts()) {
                int target = resolvePort(port.getTargetPort());
                assertEquals(containerPort(port.getName()), target, "Service " + service.getMetadata().getName() + " port " + port.getName());
            }
        }
    }

    @Test
    void podsMayGetListAndWatchPodsInTheirNamespaceAndNothingElse() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        ServiceAccount account = manifests.named(ServiceAccount.class, pod.getServiceAccountName());
        RoleBinding binding = manifests.only(RoleBinding.class);
        Subject subject = binding.getSubjects().get(0);
        assertEquals(List.of(subject), binding.getSubjects());
        assertEquals("ServiceAccount", subject.getKind());
        assertEquals(account.getMetadata().getName(), subject.getName());
        assertEquals(account.getMetadata().getNamespace(), subject.getNamespace());
        assertEquals("Role", binding.getRoleRef().getKind());
        Role role = manifests.named(Role.class, binding.getRoleRef().getName());
        assertEquals(1, role.getRules().size());
        PolicyRule rule = role.getRules().get(0);
        assertEquals(List.of(""), rule.getApiGroups());
        assertEquals(List.of("pods"), rule.getResources());
        assertEquals(Set.of("get", "watch", "list"), Set.copyOf(rule.getVerbs()));
    }

    @Test
    void rollingUpdatesAndDisruptionsTakeOneNodeAtATime() {
        assertEquals("RollingUpdate", deployment.getSpec().getStrategy().getType());
        RollingUpdateDeployment rolling = deployment.getSpec().getStrategy().getRollingUpdate();
        assertEquals(new IntOrString(0), rolling.getMaxUnavailable(), "never fewer ready nodes than replicas");
        assertEquals(new IntOrString(1), rolling.getMaxSurge(), "one new node at a time");
        assertTrue(deployment.getSpec().getMinReadySeconds() > 0, "a new node settles before the next old one leaves");
        assertEquals(new IntOrString(1), manifests.only(PodDisruptionBudget.class).getSpec().getMaxUnavailable());
        assertTrue(deployment.getSpec().getReplicas() >= 3, "the split-brain resolver keeps a majority only with three or more");
    }

    @Test
    void gracePeriodCoversThePreStopPauseAndCoordinatedShutdown() {
        Duration defaultTimeout = nodeConfig.getDuration("akka.coordinated-shutdown.default-phase-timeout");
        Config phases = nodeConfig.getConfig("akka.coordinated-shutdown.phases");
        Duration shutdown = Duration.ZERO;
        for (String phase : phases.root().keySet()) {
            Config settings = phases.getConfig(phase);
            shutdown = shutdown.plus(settings.hasPath("timeout") ? settings.getDuration("timeout") : defaultTimeout);
        }
        List<String> preStop = node.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.get(0));
        long pause = Long.parseLong(preStop.get(1));
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace >= pause + shutdown.toSeconds(),
                "grace " + grace + " s < preStop " + pause + " s + every phase of coordinated shutdown " + shutdown.toSeconds() + " s");
    }

    @Test
    void resourcesAreRequestedAndMemoryIsGuaranteed() {
        Map<String, Quantity> requests = node.getResources().getRequests();
        Map<String, Quantity> limits = node.getResources().getLimits();
        assertNotNull(requests.get("cpu"));
        assertNotNull(requests.get("memory"));
        assertEquals(requests.get("memory"), limits.get("memory"), "the heap is a share of the limit; the request reserves all of it");
        assertNull(limits.get("cpu"), "a CPU limit throttles heartbeats and gets healthy nodes marked unreachable");
    }

    @Test
    void imageAndAppVersionFollowTheBuild() {
        assertEquals(System.getProperty("murmuration.image"), node.getImage(), "the image the build makes (Jib, cluster-node/pom.xml)");
        assertEquals(System.getProperty("murmuration.version"), environment.get("MURMURATION_APP_VERSION"),
                "akka.cluster.app-version rises with every version");
        assertEquals(System.getProperty("murmuration.version"), nodeConfig.getString("akka.cluster.app-version"));
    }

    @Test
    void podRunsAsTheImagesUserWithAReadOnlyRoot() throws Exception {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(jibSetting("user"), String.valueOf(pod.getSecurityContext().getRunAsUser()));
        assertEquals(Boolean.TRUE, node.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(node.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "the JVM writes to /tmp");
    }

    // --- helpers ---

    private static void assertProbe(Probe probe, String path, int port, String which) {
        assertNotNull(probe, which + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, which + " probe is an HTTP GET");
        assertEquals(path, get.getPath(), which + " probe path");
        assertEquals(port, resolvePort(get.getPort()), which + " probe port");
    }

    private static void assertSelects(LabelSelector selector, Map<String, String> labels, String what) {
        assertNotNull(selector, what);
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(), what + ": match labels only");
        assertFalse(selector.getMatchLabels().isEmpty(), what);
        selector.getMatchLabels().forEach((k, v) -> assertEquals(v, labels.get(k), what + " selects " + k));
    }

    private static int resolvePort(IntOrString port) {
        return port.getStrVal() != null ? containerPort(port.getStrVal()) : port.getIntVal();
    }

    private static int containerPort(String name) {
        return node.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name)).getContainerPort();
    }

    private static String fieldRefOf(String variable) {
        EnvVar found = node.getEnv().stream().filter(v -> v.getName().equals(variable)).findFirst()
                .orElseThrow(() -> new AssertionError("no variable " + variable));
        assertNotNull(found.getValueFrom(), variable);
        assertNotNull(found.getValueFrom().getFieldRef(), variable);
        return found.getValueFrom().getFieldRef().getFieldPath();
    }

    /** The environment the pod gets: values, the ConfigMap's entries, a stand-in pod address and admin tokens. */
    private static Map<String, String> podEnvironment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value;
            if (variable.getValue() != null) {
                value = expand(variable.getValue(), env);
            } else if (variable.getValueFrom().getFieldRef() != null) {
                assertEquals("status.podIP", variable.getValueFrom().getFieldRef().getFieldPath(), variable.getName());
                value = POD_IP;
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                value = manifests.named(ConfigMap.class, ref.getName()).getData().get(ref.getKey());
                assertNotNull(value, variable.getName() + ": ConfigMap " + ref.getName() + " has no key " + ref.getKey());
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                assertEquals("MURMURATION_ADMIN_TOKENS", variable.getName(), "the only secret is the admin tokens");
                value = SAMPLE_TOKENS;
            } else {
                throw new AssertionError(variable.getName() + ": a source the test does not know");
            }
            env.put(variable.getName(), value);
        }
        return env;
    }

    private static String expand(String value, Map<String, String> defined) {
        Matcher reference = VARIABLE_REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String replacement = defined.getOrDefault(reference.group(1), reference.group());
            reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(expanded).toString();
    }

    private static Map<String, String> systemPropertiesOf(String javaToolOptions) {
        Map<String, String> properties = new HashMap<>();
        for (String option : javaToolOptions.trim().split("\\s+")) {
            Matcher property = SYSTEM_PROPERTY.matcher(option);
            if (property.matches()) properties.put(property.group(1), property.group(2));
        }
        return properties;
    }

    /** The ports the image exposes, from the Jib configuration of cluster-node/pom.xml. */
    private static List<Integer> imagePorts() {
        NodeList ports = jibConfiguration().getElementsByTagName("port");
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < ports.getLength(); i++) found.add(Integer.parseInt(ports.item(i).getTextContent().trim()));
        return found;
    }

    private static String jibSetting(String name) {
        return jibConfiguration().getElementsByTagName(name).item(0).getTextContent().trim();
    }

    private static Element jibConfiguration() {
        try {
            Path pom = Path.of(System.getProperty("murmuration.node.pom"));
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
            NodeList plugins = document.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                if (plugin.getElementsByTagName("artifactId").item(0).getTextContent().equals("jib-maven-plugin")) {
                    return (Element) plugin.getElementsByTagName("configuration").item(0);
                }
            }
            throw new AssertionError("no jib-maven-plugin in " + pom);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
