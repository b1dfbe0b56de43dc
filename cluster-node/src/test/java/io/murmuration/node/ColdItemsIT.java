package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.node.TestTraffic.Record;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.RecommendationsResponse;
import io.murmuration.protocol.RecommendedItem;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * New items end to end on the real Cassandra and Kafka (decision 013): items the catalog topic names and nobody has
 * visited are recommended to a user whose recent item shares their category, "new, like" that item, by a node that
 * weighs new items; a node on the default configuration (new-items weight 0) recommends none as new; and a node that
 * weighs them again after a restart still knows the new items, read from the items table, not from the catalog topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ColdItemsIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String SHOPPER = "shopper";
    private static final String OLD_TEA = "old-tea";
    /** Catalogued, never visited by anyone in this test. */
    private static final Set<String> NEW_TEAS = Set.of("new-tea-1", "new-tea-2");
    private static final String NEW_HOSE = "new-hose";
    private static final String NEW_LIKE_OLD_TEA = "new, like " + OLD_TEA;

    private static Run run;
    private static CqlSession cql;
    private static MurmurationNode node;

    @BeforeAll
    static void startANodeThatWeighsNewItems() {
        RealInfrastructure.ensureRunning();
        run = Run.create("colditems");
        run.prepare();
        cql = RealInfrastructure.cql();
        node = MurmurationNode.start(weighingNewItems());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
        if (cql != null) cql.close();
    }

    /** The default configuration, with a personalised-path deadline a freshly started node on a loaded machine meets. */
    private static Config defaults() {
        return ConfigFactory.parseString("murmuration.recommendations.deadline = 5s").withFallback(run.nodeConfig());
    }

    private static Config weighingNewItems() {
        return ConfigFactory.parseString("murmuration.recommendations.weights.new-items = 0.5").withFallback(defaults());
    }

    @Test
    @Order(1)
    void aNeverVisitedItemOfARecentItemsCategoryIsRecommendedAsNewLikeIt() throws Exception {
        // given a catalog of teas and one garden item, published on the catalog topic
        TestTraffic.produce(RealInfrastructure.kafkaBootstrap(), run.catalogTopic(), List.of(
                catalogRecord(OLD_TEA, "tea"),
                catalogRecord("new-tea-1", "tea"),
                catalogRecord("new-tea-2", "tea"),
                catalogRecord(NEW_HOSE, "garden")));
        assertEquals(4, TestTraffic.awaitValue(ColdItemsIT::itemsWithAttributes, 4, PATIENCE), "the catalog reached the items table");
        // and the old tea taken by five other users (with a biscuit each), so that it is no longer new itself
        for (int u = 0; u < 5; u++) {
            post("other-" + u + "-tea", "other-" + u, OLD_TEA, "purchase", 60 * u);
            post("other-" + u + "-biscuit", "other-" + u, "old-biscuit", "purchase", 60 * u + 30);
        }

        // when the shopper views the old tea
        post("shopper-tea", SHOPPER, OLD_TEA, "view", 3600);

        // then the shopper's recommendations name a new tea, "new, like" the old one, and no new item of another category
        RecommendationsResponse reply = awaitRecommendations(r -> newLikeOldTea(r).count() > 0);
        assertTrue(newLikeOldTea(reply).allMatch(NEW_TEAS::contains), reply.items().toString());
        assertFalse(ids(reply).contains(NEW_HOSE), "a garden item is not like a tea: " + reply.items());
        assertFalse(ids(reply).contains(OLD_TEA), "the shopper's own item is not recommended again");
    }

    @Test
    @Order(2)
    void onTheDefaultConfigurationNoItemIsRecommendedAsNew() throws Exception {
        // given the same data served by a node on the default configuration (new-items weight 0)
        node.close();
        node = MurmurationNode.start(defaults());

        // when its shards serve the shopper's co-visitations again
        RecommendationsResponse reply = awaitRecommendations(
                r -> r.items().stream().anyMatch(i -> i.reason().equals("similar to " + OLD_TEA)));

        // then nothing is recommended as new
        assertTrue(reply.items().stream().noneMatch(i -> i.reason().startsWith("new, like ")), reply.items().toString());
    }

    @Test
    @Order(3)
    void afterARestartTheNewItemsComeFromTheItemsTable() throws Exception {
        // given a node that weighs new items again, started after the catalog records were consumed and committed
        node.close();
        node = MurmurationNode.start(weighingNewItems());

        // then its shards, which read the items table when they start, recommend the new teas again
        RecommendationsResponse reply = awaitRecommendations(r -> newLikeOldTea(r).count() > 0);
        assertTrue(newLikeOldTea(reply).allMatch(NEW_TEAS::contains), reply.items().toString());
        assertFalse(ids(reply).contains(NEW_HOSE), reply.items().toString());
    }

    private static Record catalogRecord(String itemId, String category) {
        return Record.of(itemId, "{\"itemId\":\"%s\",\"attributes\":{\"title\":\"%s\",\"category\":\"%s\"}}"
                .formatted(itemId, itemId, category));
    }

    /** Posts one event synchronously, {@code seconds} after the tests' start instant. */
    private static void post(String eventId, String userId, String itemId, String type, long seconds) throws Exception {
        HttpResponse<String> posted = NodeHttp.postRetrying(node, "/v1/events?sync=true",
                "{\"eventId\":\"%s\",\"userId\":\"%s\",\"itemId\":\"%s\",\"type\":\"%s\",\"timestamp\":\"%s\"}"
                        .formatted(eventId, userId, itemId, type, TestTraffic.START.plusSeconds(seconds)),
                PATIENCE);
        assertEquals(200, posted.statusCode(), posted.body());
    }

    private static Stream<String> newLikeOldTea(RecommendationsResponse r) {
        return r.items().stream().filter(i -> i.reason().equals(NEW_LIKE_OLD_TEA)).map(RecommendedItem::itemId);
    }

    private static List<String> ids(RecommendationsResponse r) {
        return r.items().stream().map(RecommendedItem::itemId).toList();
    }

    private static long itemsWithAttributes() {
        return cql.execute("SELECT attributes FROM " + run.keyspace() + ".items").all().stream()
                .filter(row -> !row.getMap(0, String.class, String.class).isEmpty())
                .count();
    }

    /** The shopper's recommendations once {@code until} holds (the shards learn asynchronously), failing after a while. */
    private static RecommendationsResponse awaitRecommendations(Predicate<RecommendationsResponse> until) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        RecommendationsResponse last = recommendations();
        while (!until.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = recommendations();
        }
        assertTrue(until.test(last), "recommendations never got there: " + last);
        assertFalse(last.fallback(), "a personalised answer, not the popular fallback: " + last);
        return last;
    }

    private static RecommendationsResponse recommendations() throws Exception {
        HttpResponse<String> r = NodeHttp.get(node, "/v1/users/" + SHOPPER + "/recommendations?k=10");
        assertEquals(200, r.statusCode(), r.body());
        return ProtocolJson.mapper().readValue(r.body(), RecommendationsResponse.class);
    }
}
