package io.murmuration.node.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.SinkQueueWithCancel;
import akka.util.ByteString;
import com.typesafe.config.ConfigFactory;
import io.murmuration.protocol.ErrorResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin event stream as bytes: what a slow client is left with, and how every stream ends at shutdown. */
class AdminEventStreamTest {

    private static final int STREAM_BUFFER = 8;

    private ActorTestKit testKit;

    @BeforeEach
    void startASystem() throws IOException {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        testKit = ActorTestKit.create("admin-event-stream", ConfigFactory.parseString("""
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                murmuration.kafka.bootstrap-servers = "127.0.0.1:%d"
                murmuration.operations.kafka-timeout = 200ms
                murmuration.operations.stream-stats-interval = 1h
                murmuration.operations.stream-keep-alive = 200ms
                murmuration.operations.stream-buffer = %d
                """.formatted(nobody, STREAM_BUFFER)).withFallback(ConfigFactory.load()));
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void aClientThatDoesNotReadKeepsOnlyTheNewestEvents() throws Exception {
        Operations operations = Operations.get(testKit.system());
        SinkQueueWithCancel<ByteString> client = operations.eventStream().runWith(Sink.queue(), testKit.system());
        awaitNext(client); // the first stats event: the stream runs
        publishUntilSeen(operations, client);

        // Fewer than the hub holds, so that every drop is the client's buffer's.
        int published = OperationsEvents.BUFFER - 56;
        for (int i = 0; i < published; i++) operations.events().publish("burst", new ErrorResponse("n" + i, null));
        Thread.sleep(500);
        List<String> burst = new ArrayList<>();
        for (Optional<ByteString> next = poll(client); next.isPresent(); next = poll(client)) {
            String event = next.get().utf8String();
            if (event.startsWith("event: burst")) burst.add(event);
        }

        assertTrue(!burst.isEmpty() && burst.size() <= STREAM_BUFFER + 40, "held for the client: " + burst.size() + " of " + published);
        assertTrue(burst.get(burst.size() - 1).contains("\"n" + (published - 1) + "\""), "the newest is kept: " + burst);
        client.cancel();
    }

    @Test
    void everyStreamEndsWhenTheNodeShutsDown() throws Exception {
        CompletionStage<Done> ended = Operations.get(testKit.system()).eventStream().runWith(Sink.ignore(), testKit.system());

        CoordinatedShutdown.get(testKit.system().classicSystem()).run(CoordinatedShutdown.unknownReason());

        assertEquals(Done.getInstance(), ended.toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    /** The hub takes a subscriber asynchronously: publish until the stream shows a published event. */
    private static void publishUntilSeen(Operations operations, SinkQueueWithCancel<ByteString> client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            operations.events().publish("probe", new ErrorResponse("probe", null));
            for (Optional<ByteString> next = poll(client); next.isPresent(); next = poll(client)) {
                if (next.get().utf8String().startsWith("event: probe")) return;
            }
        }
        throw new AssertionError("no published event reached the stream");
    }

    private static ByteString awaitNext(SinkQueueWithCancel<ByteString> client) throws Exception {
        return client.pull().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
    }

    /** The next element other than a keep-alive, or empty when only keep-alives came for a while. */
    private static Optional<ByteString> poll(SinkQueueWithCancel<ByteString> client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
        while (System.nanoTime() < deadline) {
            try {
                Optional<ByteString> next = client.pull().toCompletableFuture().get(700, TimeUnit.MILLISECONDS);
                if (next.isEmpty()) return next;
                if (!next.get().equals(EventStreamFormat.KEEP_ALIVE)) return next;
            } catch (TimeoutException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
