package io.murmuration.node;

import io.murmuration.protocol.JournalEntry;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.UserEventsResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP calls on a node the integration tests started: its public API, and its admin API as the test operator. */
final class NodeHttp {

    private static final HttpClient http = HttpClient.newHttpClient();

    private NodeHttp() {}

    /** {@code method} on the admin API with the operator's token; {@code body} is JSON or null. */
    static HttpResponse<String> admin(MurmurationNode node, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path))
                        .header("Authorization", "Bearer " + RealInfrastructure.ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(MurmurationNode node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(MurmurationNode node, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts as a well-behaved client does: on a 503 (an entity busy or still recovering just after the start) it waits
     * as {@code Retry-After} says and posts again, until {@code patience} is spent; events keep their ids, so a retry
     * never records one twice. Returns the last reply.
     */
    static HttpResponse<String> postRetrying(MurmurationNode node, String path, String body, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            HttpResponse<String> reply = post(node, path, body);
            if (reply.statusCode() != 503 || System.nanoTime() > deadline) return reply;
            long waitSeconds = reply.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            System.out.printf("POST %s answered 503 (%s); retrying in %d s%n", path, reply.body(), waitSeconds);
            Thread.sleep(Duration.ofSeconds(waitSeconds).toMillis());
        }
    }

    /** The eventIds of the user's recorded interactions, in journal order, read through the admin API. */
    static List<String> interactionIds(MurmurationNode node, String userId) throws Exception {
        HttpResponse<String> r = admin(node, "GET", "/admin/users/" + userId + "/events?limit=10000", null);
        if (r.statusCode() != 200) throw new IllegalStateException("events of " + userId + ": " + r.statusCode() + " " + r.body());
        UserEventsResponse events = ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), UserEventsResponse.class);
        return events.events().stream()
                .map(JournalEntry::interaction)
                .filter(Objects::nonNull)
                .map(i -> i.eventId())
                .toList();
    }
}
