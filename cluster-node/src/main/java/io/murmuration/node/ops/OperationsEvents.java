package io.murmuration.node.ops;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.BroadcastHub;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import io.murmuration.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's operations events (model changes, membership changes, drift alarms, …) for the admin event stream.
 * Anything on the node may {@link #publish} one; every client of {@code GET /admin/stream} receives the events
 * published while it is connected. Publishing never blocks: the hub keeps moving while no client listens, each client
 * has its own bounded buffer (see the stream route), and in a burst beyond {@value #BUFFER} unsent events the newest
 * are dropped.
 */
public final class OperationsEvents {

    private static final Logger log = LoggerFactory.getLogger(OperationsEvents.class);

    /** Events held between publishers and clients; a power of two, as the hub needs. */
    static final int BUFFER = 256;

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** One event: its SSE {@code event:} type and its body as one line of JSON. */
    public record Event(String type, String json) {

        public Event {
            if (type == null || !TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("an event type is 1 to 64 of A-Z a-z 0-9 . _ -, was '" + type + "'");
            }
        }

        /** {@code body} written as JSON by the protocol's mapper. */
        public static Event of(String type, Object body) {
            return new Event(type, new String(ProtocolJson.write(body), StandardCharsets.UTF_8));
        }
    }

    private final BoundedSourceQueue<Event> queue;
    private final Source<Event, NotUsed> hub;

    OperationsEvents(ActorSystem<?> system) {
        Pair<BoundedSourceQueue<Event>, Source<Event, NotUsed>> running =
                Source.<Event>queue(BUFFER).toMat(BroadcastHub.of(Event.class, BUFFER), Keep.both()).run(system);
        this.queue = running.first();
        this.hub = running.second();
        // Without a consumer the hub would hold events back and hand stale ones to the next client.
        hub.runWith(Sink.ignore(), system);
    }

    /**
     * Sends {@code body}, written as JSON, to every connected client as an event of {@code type} (1–64 of
     * {@code A-Z a-z 0-9 . _ -}, e.g. {@code "drift-alarm"}). Safe from any thread, never blocks.
     */
    public void publish(String type, Object body) {
        QueueOfferResult result = queue.offer(Event.of(type, body));
        if (result != QueueOfferResult.enqueued()) {
            log.debug("Operations event {} not published: {}", type, result);
        }
    }

    /** The events published from now on, for one client. */
    public Source<Event, NotUsed> subscribe() {
        return hub;
    }
}
