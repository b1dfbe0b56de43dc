package io.murmuration.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.Route;
import io.murmuration.protocol.ErrorResponse;
import io.murmuration.protocol.ProtocolJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failures behind a request, answered over real HTTP: a time-out says when to retry, anything else says nothing more. */
class ErrorHandlingTest {

    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ServerBinding binding;

    @BeforeAll
    static void bind() throws Exception {
        // An entity that never answers, asked the way the routes ask entities.
        ActorRef<ActorRef<String>> silent = testKit.spawn(Behaviors.ignore());
        Route routes = ErrorHandling.withJsonErrors(() -> Directives.concat(
                Directives.path("silent", () -> Directives.onSuccess(
                        AskPattern.<ActorRef<String>, String>ask(silent, replyTo -> replyTo, Duration.ofMillis(100), testKit.system().scheduler()),
                        Directives::complete)),
                Directives.path("silent-then-composed", () -> Directives.onSuccess(
                        CompletableFuture.completedFuture(1).thenCompose(n -> AskPattern.<ActorRef<String>, String>ask(
                                silent, replyTo -> replyTo, Duration.ofMillis(100), testKit.system().scheduler())),
                        Directives::complete)),
                Directives.path("broken", () -> Directives.onSuccess(
                        CompletableFuture.<String>failedFuture(new IllegalStateException("journal said no: secret detail")),
                        Directives::complete))));
        binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(routes).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void unbind() {
        binding.unbind();
        testKit.shutdownTestKit();
    }

    @Test
    void anEntityThatDoesNotAnswerInTimeGets503WithRetryAfter() throws Exception {
        for (String path : new String[] {"/silent", "/silent-then-composed"}) {
            // when a request waits on an entity that does not answer within its ask timeout
            HttpResponse<String> reply = get(path);

            // then it is told to retry, and when
            assertEquals(503, reply.statusCode(), path);
            assertEquals("1", reply.headers().firstValue("Retry-After").orElse(null), path);
            assertEquals("not answered in time, retry later", error(reply).error(), path);
        }
    }

    @Test
    void anyOtherFailureGets503WithoutDetailsOrRetryAfter() throws Exception {
        // when something behind the request fails
        HttpResponse<String> reply = get("/broken");

        // then the client learns only that it may retry later
        assertEquals(503, reply.statusCode());
        assertEquals("temporarily unavailable, retry later", error(reply).error());
        assertFalse(reply.headers().firstValue("Retry-After").isPresent());
        assertFalse(reply.body().contains("secret detail"), reply.body());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ErrorResponse error(HttpResponse<String> reply) {
        return ProtocolJson.read(reply.body().getBytes(StandardCharsets.UTF_8), ErrorResponse.class);
    }
}
