package io.murmuration.console.api;

import io.murmuration.protocol.ClusterMemberEvent;
import io.murmuration.protocol.DriftAlarm;
import io.murmuration.protocol.ModelRegistryEvent;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.StatsResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The node's Server-Sent Events ({@code /admin/stream}) read on a daemon thread of its own and handed on as
 * {@link NodeEvent}s. The node replays nothing, so a lost stream is re-opened at once and then with a growing pause
 * (1 s up to 30 s) until {@link #close()}; the views reload what they show when the stream comes back.
 */
public final class AdminEventStream implements AutoCloseable {

    private final HttpClient http;
    private final Supplier<HttpRequest> request;
    private final Consumer<NodeEvent> listener;
    private final Thread reader;
    private volatile boolean closed;
    private volatile Stream<String> current;

    AdminEventStream(HttpClient http, Supplier<HttpRequest> request, Consumer<NodeEvent> listener) {
        this.http = http;
        this.request = request;
        this.listener = listener;
        this.reader = new Thread(this::readUntilClosed, "admin-event-stream");
        this.reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    private void readUntilClosed() {
        long pauseMillis = 1000;
        while (!closed) {
            try {
                HttpResponse<Stream<String>> reply = http.send(request.get(), HttpResponse.BodyHandlers.ofLines());
                if (reply.statusCode() != 200) {
                    reply.body().close();
                    listener.accept(new NodeEvent.Connection(false, "the node answered the stream with HTTP " + reply.statusCode()));
                } else {
                    current = reply.body();
                    pauseMillis = 1000;
                    listener.accept(new NodeEvent.Connection(true, null));
                    dispatch(reply.body().iterator());
                    if (!closed) listener.accept(new NodeEvent.Connection(false, "the node ended the stream"));
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) listener.accept(new NodeEvent.Connection(false, "the stream was lost (" + e.getClass().getSimpleName() + ")"));
            } catch (InterruptedException e) {
                return;
            }
            if (closed) return;
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
            pauseMillis = Math.min(pauseMillis * 2, 30_000);
        }
    }

    private void dispatch(Iterator<String> lines) {
        String type = null;
        StringBuilder data = new StringBuilder();
        while (!closed && lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (type != null && data.length() > 0) deliver(type, data.toString());
                type = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) data.append('\n');
                data.append(line.substring(5).trim());
            }
            // ":" lines are keep-alive comments
        }
    }

    private void deliver(String type, String json) {
        try {
            NodeEvent event = switch (type) {
                case "stats" -> new NodeEvent.Stats(ProtocolJson.mapper().readValue(json, StatsResponse.class));
                case "model" -> new NodeEvent.Model(ProtocolJson.mapper().readValue(json, ModelRegistryEvent.class));
                case "member" -> new NodeEvent.Member(ProtocolJson.mapper().readValue(json, ClusterMemberEvent.class));
                case "alarm" -> new NodeEvent.Alarm(ProtocolJson.mapper().readValue(json, DriftAlarm.class));
                default -> null; // a type a later node may add: ignored, like unknown fields
            };
            if (event != null) listener.accept(event);
        } catch (IOException e) {
            // One unreadable event must not end the stream; the next stats event makes up for it.
        }
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> lines = current;
        if (lines != null) lines.close();
        reader.interrupt();
    }
}
