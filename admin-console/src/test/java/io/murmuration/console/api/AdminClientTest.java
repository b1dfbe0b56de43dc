package io.murmuration.console.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.murmuration.protocol.ApiVersion;
import io.murmuration.protocol.WhoAmIResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the client reads what a node says, with a stand-in HTTP server answering as the contract says a node does
 * (the UI tests run the console against a real node). Checks the parts a real node does not produce on demand: a
 * node of another version, and the stream's framing.
 */
class AdminClientTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void aRefusedTokenSaysSoInTheNodesWordsWithoutTheToken() {
        serve("/admin/cluster", 401, "{\"error\":\"the bearer token is not valid\",\"field\":\"Authorization\"}");

        AdminApiException e = assertThrows(AdminApiException.class, () -> client("secret-token-123").cluster());

        assertEquals(AdminApiException.Kind.TOKEN_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("the bearer token is not valid"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-token-123") || e.advice().contains("secret-token-123"));
    }

    @Test
    void aNodeWithoutTheConsolesEndpointsIsOfAnotherVersion() {
        serve("/admin/cluster", 404, "{\"error\":\"The requested resource could not be found.\"}");

        AdminApiException e = assertThrows(AdminApiException.class, () -> client("t").cluster());

        assertEquals(AdminApiException.Kind.OTHER_VERSION, e.kind());
        assertTrue(e.advice().contains("another version"), e.advice());
    }

    @Test
    void aReplyThatIsNotTheRecordIsOfAnotherVersion() {
        serve("/admin/stats", 200, "[1, 2, 3]");

        AdminApiException e = assertThrows(AdminApiException.class, () -> client("t").stats());

        assertEquals(AdminApiException.Kind.OTHER_VERSION, e.kind());
    }

    @Test
    void tellsWhoTheTokenIsWhenTheNodeSpeaksTheConsolesContract() {
        serve("/admin/whoami", 200, whoAmI("dashboard", "viewer", ApiVersion.CURRENT));

        WhoAmIResponse who = client("t").whoAmI();

        assertEquals(new Identity("dashboard", Identity.VIEWER), Identity.of(who));
        assertFalse(Identity.of(who).mayChange());
        assertEquals("0.1.0-SNAPSHOT", who.appVersion());
    }

    @Test
    void aNodeOfAnotherContractVersionIsRefusedNamingBothVersions() {
        serve("/admin/whoami", 200, whoAmI("ops", "operator", "7.0.0").replace("0.1.0-SNAPSHOT", "7.0.3"));

        AdminApiException e = assertThrows(AdminApiException.class, () -> client("t").whoAmI());

        assertEquals(AdminApiException.Kind.OTHER_VERSION, e.kind());
        assertTrue(e.getMessage().contains("speaks admin API 7.0.0") && e.getMessage().contains(ApiVersion.CURRENT), e.getMessage());
        assertTrue(e.advice().contains("7.0.3"), e.advice());
    }

    @Test
    void aNodeWithoutWhoAmIIsOfAnOlderVersion() {
        serve("/admin/whoami", 404, "{\"error\":\"The requested resource could not be found.\"}");

        AdminApiException e = assertThrows(AdminApiException.class, () -> client("t").whoAmI());

        assertEquals(AdminApiException.Kind.OTHER_VERSION, e.kind());
        assertTrue(e.getMessage().contains("older than " + ApiVersion.CURRENT), e.getMessage());
    }

    @Test
    void aTokenRefusedAtWhoAmISaysSoWithoutTheToken() {
        serve("/admin/whoami", 401, "{\"error\":\"the bearer token is not valid\",\"field\":\"Authorization\"}");

        AdminApiException e = assertThrows(AdminApiException.class, () -> client("secret-token-456").whoAmI());

        assertEquals(AdminApiException.Kind.TOKEN_REFUSED, e.kind());
        assertFalse(e.getMessage().contains("secret-token-456") || e.advice().contains("secret-token-456"));
    }

    @Test
    void theStreamHandsOnTypedEventsAndSkipsKeepAlives() throws Exception {
        String alarm = "{\"id\":\"user-a-1\",\"scope\":\"user\",\"userId\":\"a\",\"signal\":\"surprise\",\"figures\":{\"statistic\":4.2},"
                + "\"raisedAt\":\"2026-11-22T09:58:00Z\",\"status\":\"open\"}";
        serve("/admin/stream", 200, ": keep-alive\n\nevent: alarm\ndata: " + alarm + "\n\nevent: model\ndata: {\"kind\":\"activated\","
                + "\"versionId\":\"v1\",\"who\":\"ops\",\"reason\":\"r\",\"at\":\"2026-11-22T10:00:00Z\"}\n\nevent: later-kind\ndata: {}\n\n");
        List<NodeEvent> received = new CopyOnWriteArrayList<>();

        try (AdminEventStream stream = client("t").openStream(received::add)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.stream().filter(e -> !(e instanceof NodeEvent.Connection)).count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        List<NodeEvent> typed = received.stream().filter(e -> !(e instanceof NodeEvent.Connection)).toList();
        assertEquals(2, typed.size(), received.toString());
        assertEquals("user-a-1", ((NodeEvent.Alarm) typed.get(0)).alarm().id());
        assertEquals(4.2, ((NodeEvent.Alarm) typed.get(0)).alarm().figures().get("statistic"));
        assertEquals("v1", ((NodeEvent.Model) typed.get(1)).change().versionId());
        assertTrue(received.get(0) instanceof NodeEvent.Connection c && c.open(), received.toString());
    }

    private static String whoAmI(String name, String role, String apiVersion) {
        return "{\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"node\":\"akka://murmuration@127.0.0.1:25520\","
                + "\"appVersion\":\"0.1.0-SNAPSHOT\",\"apiVersion\":\"" + apiVersion + "\"}";
    }

    private AdminClient client(String token) {
        return new AdminClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), token);
    }

    private void serve(String path, int status, String body) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", path.endsWith("stream") ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }
}
