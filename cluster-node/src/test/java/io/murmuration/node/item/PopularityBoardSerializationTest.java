package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.murmuration.node.WireRoundTrip;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What the counter publishes and what the entities tell the boards cross the network to every node: written and read
 * back by the node's configured serializer they are the same, and a publication of a counter of the version before
 * (no event time, no event ids: a rolling deploy) still reads, naming nothing.
 */
class PopularityBoardSerializationTest {

    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Serialization serialization() {
        return SerializationExtension.get(testKit.system().classicSystem());
    }

    private static <T> T roundTrip(T message) {
        return WireRoundTrip.of(testKit.system(), message);
    }

    @Test
    void aPublicationKeepsItsRankingEventTimeAndNamedIds() {
        PopularityBoard.Ranking ranking = new PopularityBoard.Ranking(
                List.of(new ScoredItem("a", 3.5), new ScoredItem("b", 1.25)), Instant.parse("2026-12-06T10:00:00Z"),
                List.of("e-1", "é-2"));

        assertEquals(ranking, roundTrip(ranking));
    }

    @Test
    void aPublicationOfACounterThatHasCountedNothingKeepsItsMissingTime() {
        PopularityBoard.Ranking empty = new PopularityBoard.Ranking(List.of(), null, List.of());

        assertNull(roundTrip(empty).asOf());
    }

    @Test
    void anInteractionToldToTheBoardsKeepsEveryField() {
        PopularityBoard.Interacted told = new PopularityBoard.Interacted("e-9", "sku-1", 8.0, Instant.parse("2026-12-06T10:00:01Z"));

        assertEquals(told, roundTrip(told));
    }

    @Test
    void aPublicationOfTheVersionBeforeReadsAndNamesNothing() throws Exception {
        PopularityBoard.Ranking now = new PopularityBoard.Ranking(List.of(), null, List.of());
        Serializer serializer = serialization().findSerializerFor(now);
        byte[] before = new CBORMapper().writeValueAsBytes(
                Map.of("items", List.of(Map.of("itemId", "a", "score", 2.0))));

        PopularityBoard.Ranking read = (PopularityBoard.Ranking) serialization()
                .deserialize(before, serializer.identifier(), Serializers.manifestFor(serializer, now)).get();

        assertEquals(List.of(new ScoredItem("a", 2.0)), read.items());
        assertNull(read.asOf());
        assertEquals(List.of(), read.counted());
    }
}
