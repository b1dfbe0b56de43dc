package io.murmuration.console.api;

import io.murmuration.protocol.ApiVersion;
import io.murmuration.protocol.AuditResponse;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.DriftAlarm;
import io.murmuration.protocol.DriftAlarmsResponse;
import io.murmuration.protocol.ErrorResponse;
import io.murmuration.protocol.ModelChangeRequest;
import io.murmuration.protocol.ModelsResponse;
import io.murmuration.protocol.ProtocolJson;
import io.murmuration.protocol.StatsResponse;
import io.murmuration.protocol.TrainingResponse;
import io.murmuration.protocol.UserEventsResponse;
import io.murmuration.protocol.UserListResponse;
import io.murmuration.protocol.UserProfileResponse;
import io.murmuration.protocol.UserReplayResponse;
import io.murmuration.protocol.WhoAmIResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The admin HTTP API of one node, as the records of {@code protocol} describe it ({@code protocol/openapi.yaml} is the
 * contract). Every method blocks: call it off the JavaFX thread. Failures are {@link AdminApiException}s that say
 * what to do; the token is sent only in the {@code Authorization} header and never appears in a message.
 */
public final class AdminClient {

    /** Reads answer quickly; a training or an activation may take minutes. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public AdminClient(URI base, String token) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    /**
     * Who the token is and which node answers, once the node has shown it speaks this console's contract
     * ({@link ApiVersion#compatible}). A node that does not, or that predates {@code GET /admin/whoami}, is refused
     * as {@link AdminApiException.Kind#OTHER_VERSION} with both versions named; a refused token as
     * {@link AdminApiException.Kind#TOKEN_REFUSED}.
     */
    public WhoAmIResponse whoAmI() {
        HttpResponse<String> reply = send(request("/admin/whoami", READ_TIMEOUT).GET().build());
        if ((reply.statusCode() == 404 && errorOf(reply).field() == null) || reply.statusCode() == 405) {
            throw new AdminApiException(AdminApiException.Kind.OTHER_VERSION, reply.statusCode(),
                    "The node at " + base + " does not serve GET /admin/whoami: it speaks an admin API older than "
                            + ApiVersion.CURRENT + ", this console's.",
                    "Use the console of the node's version, or upgrade the node; check too that the URL names the admin "
                            + "port (8081 by default), not the public one.");
        }
        WhoAmIResponse who = read(reply, WhoAmIResponse.class);
        if (who == null || who.apiVersion() == null) {
            throw new AdminApiException(AdminApiException.Kind.OTHER_VERSION, reply.statusCode(),
                    "The node at " + base + " does not say which admin API it speaks; this console speaks " + ApiVersion.CURRENT + ".",
                    "Use the console of the node's version, or check that the URL names a Murmuration node's admin port.");
        }
        if (!ApiVersion.compatible(ApiVersion.CURRENT, who.apiVersion())) {
            throw new AdminApiException(AdminApiException.Kind.OTHER_VERSION, reply.statusCode(),
                    "The node at " + base + " speaks admin API " + who.apiVersion() + " (it runs Murmuration "
                            + who.appVersion() + "); this console speaks " + ApiVersion.CURRENT + ".",
                    "Use a console of the node's version (" + who.appVersion() + "), or connect to a node of this console's.");
        }
        return who;
    }

    public UserListResponse users(String prefix, String after, int limit) {
        return get("/admin/users" + query(Map.of("prefix", prefix, "after", after == null ? "" : after, "limit", limit)),
                UserListResponse.class);
    }

    public UserProfileResponse profile(String userId) {
        return get("/admin/users/" + segment(userId), UserProfileResponse.class);
    }

    public UserReplayResponse replay(String userId, Instant asOf, int k) {
        return get("/admin/users/" + segment(userId) + "/replay" + query(Map.of("asOf", asOf, "k", k)), UserReplayResponse.class);
    }

    /** The user's journal, oldest first, at most {@code limit} events. */
    public UserEventsResponse events(String userId, int limit) {
        return get("/admin/users/" + segment(userId) + "/events" + query(Map.of("limit", limit)), UserEventsResponse.class);
    }

    public ModelsResponse models() {
        return get("/admin/models", ModelsResponse.class);
    }

    public TrainingResponse train(String reason) {
        return post("/admin/models/train", new ModelChangeRequest(reason), TrainingResponse.class);
    }

    public ModelsResponse activate(String versionId, String reason) {
        return post("/admin/models/" + segment(versionId) + "/activate", new ModelChangeRequest(reason), ModelsResponse.class);
    }

    public ModelsResponse rollback(String reason) {
        return post("/admin/models/rollback", new ModelChangeRequest(reason), ModelsResponse.class);
    }

    /** Alarms with {@code status} {@code open}, {@code acknowledged} or {@code all}, newest first. */
    public DriftAlarmsResponse alarms(String status) {
        return get("/admin/drift/alarms" + query(Map.of("status", status)), DriftAlarmsResponse.class);
    }

    public DriftAlarm acknowledge(String alarmId, String reason) {
        return post("/admin/drift/alarms/" + segment(alarmId) + "/ack", new ModelChangeRequest(reason), DriftAlarm.class);
    }

    public AuditResponse audit(int limit) {
        return get("/admin/audit" + query(Map.of("limit", limit)), AuditResponse.class);
    }

    public ClusterResponse cluster() {
        return get("/admin/cluster", ClusterResponse.class);
    }

    public StatsResponse stats() {
        return get("/admin/stats", StatsResponse.class);
    }

    /** Opens {@code /admin/stream}; events go to {@code listener} on the stream's own thread until it is closed. */
    public AdminEventStream openStream(Consumer<NodeEvent> listener) {
        AdminEventStream stream = new AdminEventStream(http, () -> request("/admin/stream", null)
                .header("Accept", "text/event-stream").GET().build(), listener);
        stream.start();
        return stream;
    }

    // ---- requests and replies ----

    private <T> T get(String path, Class<T> type) {
        return read(send(request(path, READ_TIMEOUT).GET().build()), type);
    }

    private <T> T post(String path, Object body, Class<T> type) {
        return read(send(request(path, CHANGE_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.write(body))).build()), type);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        return timeout == null ? builder : builder.timeout(timeout);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new AdminApiException(AdminApiException.Kind.UNREACHABLE, 0,
                    "The node at " + base + " did not answer in time.",
                    "The node may be busy or stopping; try again, or check it with deploy/dev status.");
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException(AdminApiException.Kind.UNREACHABLE, 0, "The request was cancelled.", "Try again.");
        }
    }

    AdminApiException unreachable(Exception cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new AdminApiException(AdminApiException.Kind.UNREACHABLE, 0,
                "The node at " + base + " does not answer (" + why + ").",
                "Check that the node runs (deploy/dev status) and that the URL names its admin port (8081 by default).");
    }

    private <T> T read(HttpResponse<String> reply, Class<T> type) {
        if (reply.statusCode() / 100 != 2) throw failure(reply);
        try {
            return ProtocolJson.mapper().readValue(reply.body(), type);
        } catch (IOException | UncheckedIOException e) {
            throw new AdminApiException(AdminApiException.Kind.OTHER_VERSION, reply.statusCode(),
                    "The node's reply to " + reply.request().uri().getPath() + " is not a " + type.getSimpleName() + ".",
                    "The node runs another version of Murmuration than this console; use the console of the node's version.");
        }
    }

    private AdminApiException failure(HttpResponse<String> reply) {
        ErrorResponse error = errorOf(reply);
        int status = reply.statusCode();
        String path = reply.request().uri().getPath();
        if (status == 401) {
            return new AdminApiException(AdminApiException.Kind.TOKEN_REFUSED, status, "The node refused the token: " + error.error() + ".",
                    "Paste the token again (deploy/dev prints it; deploy/bin/admin-token makes a new one) and check it is configured on this node.");
        }
        if (status == 403) {
            return new AdminApiException(AdminApiException.Kind.FORBIDDEN, status, "The node refused the change: " + error.error() + ".",
                    "Connect with an operator's token to make changes.");
        }
        if (status == 404 && error.field() == null) {
            return new AdminApiException(AdminApiException.Kind.OTHER_VERSION, status, "The node does not serve " + path + ".",
                    "The node runs another version of Murmuration than this console, or the URL is not its admin port.");
        }
        return new AdminApiException(AdminApiException.Kind.REFUSED, status, error.error(),
                status == 503 ? "The node is not ready (Cassandra or Kafka unavailable?); try again shortly." : "Check the request and try again.");
    }

    private static ErrorResponse errorOf(HttpResponse<String> reply) {
        try {
            ErrorResponse error = ProtocolJson.mapper().readValue(reply.body(), ErrorResponse.class);
            if (error.error() != null) return error;
        } catch (IOException | RuntimeException ignored) {
            // not the API's error body: described by the status below
        }
        return new ErrorResponse("HTTP " + reply.statusCode(), null);
    }

    private static String query(Map<String, Object> parameters) {
        Map<String, Object> present = new LinkedHashMap<>();
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> e.getValue() != null && !e.getValue().toString().isEmpty())
                .forEach(e -> present.put(e.getKey(), e.getValue()));
        if (present.isEmpty()) return "";
        return present.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
