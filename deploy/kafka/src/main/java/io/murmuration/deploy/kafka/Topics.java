package io.murmuration.deploy.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The project's Kafka topics, and their idempotent creation: a topic that is missing is created,
 * a topic that exists is left exactly as it is (even with another partition count).
 */
public final class Topics {

    /** Interaction events, keyed by user id; partitions bound how many nodes consume in parallel. */
    public static final String INTERACTIONS = "interactions";
    /** Interaction records that could not be processed, each with the reason. */
    public static final String INTERACTIONS_DLQ = "interactions.dlq";
    /** Item upserts for the catalog. */
    public static final String CATALOG = "catalog";

    /** The project's topics and their partition counts, in a stable order. */
    public static final Map<String, Integer> PROJECT_TOPICS = projectTopics();

    /** One broker on a development machine: no replicas to place. */
    public static final short REPLICATION_FACTOR = 1;

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private Topics() {
    }

    private static Map<String, Integer> projectTopics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(INTERACTIONS, 16);
        // Only records that failed land here: a few partitions are plenty.
        topics.put(INTERACTIONS_DLQ, 4);
        topics.put(CATALOG, 4);
        return Collections.unmodifiableMap(topics);
    }

    /**
     * What {@link #ensure} found and did.
     *
     * @param created        topics it created, with the partitions asked for
     * @param alreadyPresent topics that existed before, with the partitions they actually have
     */
    public record Outcome(Map<String, Integer> created, Map<String, Integer> alreadyPresent) {
        public Outcome {
            created = Collections.unmodifiableMap(new LinkedHashMap<>(created));
            alreadyPresent = Collections.unmodifiableMap(new LinkedHashMap<>(alreadyPresent));
        }
    }

    /** Creates whichever of the project's topics are missing. */
    public static Outcome ensureProjectTopics(String bootstrap) {
        return ensure(bootstrap, PROJECT_TOPICS);
    }

    /**
     * Creates each topic of {@code topicPartitions} (name to partition count) that does not exist
     * yet, with replication factor {@value #REPLICATION_FACTOR}; existing topics are left alone.
     * Safe to run concurrently: a topic created by someone else in between counts as present.
     *
     * @throws IllegalStateException if the broker does not answer or refuses a topic
     */
    public static Outcome ensure(String bootstrap, Map<String, Integer> topicPartitions) {
        topicPartitions.forEach((topic, partitions) -> {
            if (partitions == null || partitions < 1) {
                throw new IllegalArgumentException("partitions of " + topic + " must be at least 1, not " + partitions);
            }
        });
        try (Admin admin = Admin.create(adminConfig(bootstrap))) {
            Set<String> existing = await(admin.listTopics().names(), "list the topics");
            List<NewTopic> missing = new ArrayList<>();
            topicPartitions.forEach((topic, partitions) -> {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, REPLICATION_FACTOR));
                }
            });
            Map<String, Integer> created = new LinkedHashMap<>();
            List<String> present = new ArrayList<>();
            topicPartitions.keySet().stream().filter(existing::contains).forEach(present::add);
            if (!missing.isEmpty()) {
                Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
                for (NewTopic topic : missing) {
                    if (createdNow(results.get(topic.name()), topic.name())) {
                        created.put(topic.name(), topic.numPartitions());
                    } else {
                        present.add(topic.name());
                    }
                }
            }
            awaitLeaders(admin, created.keySet());
            Map<String, Integer> alreadyPresent = new LinkedHashMap<>();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> descriptions =
                        await(admin.describeTopics(present).allTopicNames(), "describe " + present);
                present.forEach(topic -> alreadyPresent.put(topic, descriptions.get(topic).partitions().size()));
            }
            return new Outcome(created, alreadyPresent);
        }
    }

    /**
     * Waits until every partition of the new topics has a leader. A producer that writes to a partition in the
     * moment before gets NOT_LEADER_OR_FOLLOWER, and an idempotent one can then retry with
     * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout, losing the records.
     */
    private static void awaitLeaders(Admin admin, Set<String> topics) {
        if (topics.isEmpty()) return;
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            Map<String, TopicDescription> descriptions;
            try {
                descriptions = admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                descriptions = Map.of(); // not known to the broker's metadata yet: ask again
            } catch (TimeoutException e) {
                descriptions = Map.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the leaders of " + topics, e);
            }
            boolean ready = descriptions.size() == topics.size() && descriptions.values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (ready) return;
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the partitions of " + topics + " had no leader after "
                        + ADMIN_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the leaders of " + topics, e);
            }
        }
    }

    private static boolean createdNow(KafkaFuture<Void> result, String topic) {
        try {
            result.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("could not create topic " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + topic + " took longer than "
                    + ADMIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + ADMIN_TIMEOUT.toSeconds()
                    + " s: is Kafka running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    private static Properties adminConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "murmuration-topics");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return config;
    }
}
