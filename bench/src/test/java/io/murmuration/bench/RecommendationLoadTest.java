package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator against an in-process HTTP server that answers with a fixed recommendation list. */
class RecommendationLoadTest {

    static {
        // Without it the JDK server's reply, written in two parts, can wait ~40 ms for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final byte[] PERSONALISED = reply(false);
    private static final byte[] FALLBACK = reply(true);

    private final AtomicInteger served = new AtomicInteger();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private HttpServer server;
    private ExecutorService serverThreads;

    @AfterEach
    void stopServer() {
        serverThreads.shutdownNow(); // first, to wake a handler that is still holding a request
        server.stop(0);
    }

    @Test
    void sendsRateTimesDurationRequestsAndReportsEachReply() throws Exception {
        // Given a server that answers every other request with a fallback list
        start(Executors.newSingleThreadExecutor(), exchange -> answer(exchange, served.get() % 2 == 0));

        // When 200 requests a second are asked for 1.5 s after a short warm-up
        LoadReport report = load(200, Duration.ofMillis(1_500), Duration.ofMillis(250), Duration.ofSeconds(2));

        // Then the 300 requests of the measured window were all answered, at about the rate asked for
        assertEquals(300, report.requests());
        assertEquals(300, report.ok());
        assertEquals(0, report.non2xx() + report.timeouts() + report.errors(), report.describe());
        assertEquals(200, report.throughput(), 20);
        assertEquals(0.5, report.fallbackShare(), 0.02);
        assertEquals(300, report.latency().count());
        assertTrue(served.get() >= 350, "warm-up requests were sent too: " + served.get());
    }

    @Test
    void aStallOfTheServerShowsInLatencyFromTheIntendedStart() throws Exception {
        // Given a server on one thread that stalls once for 500 ms, about 0.5 s into the measured window
        int stallingRequest = 150;
        start(Executors.newSingleThreadExecutor(), exchange -> {
            if (served.get() == stallingRequest) {
                pause(500);
            }
            answer(exchange, false);
        });

        // When 200 requests a second are asked for 2 s
        LoadReport report = load(200, Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofSeconds(2));

        // Then the ~100 requests due during the stall push the corrected p99 into the hundreds of milliseconds,
        // while the typical request is still fast
        assertEquals(400, report.ok(), report.describe());
        assertTrue(report.latency().p99() >= 300, report.describe());
        assertTrue(report.latency().max() >= 450, report.describe());
        assertTrue(report.serviceTime().p50() < 100, report.describe());
        assertTrue(report.latency().p50() < 100, report.describe());
    }

    @Test
    void aRequestNotAnsweredInTimeIsATimeoutWithItsLatencySoFar() throws Exception {
        // Given a server that keeps one request far longer than the timeout, and answers the others at once
        int hangingRequest = 15;
        start(Executors.newCachedThreadPool(), exchange -> {
            if (served.get() == hangingRequest) {
                pause(3_000);
            }
            answer(exchange, false);
        });

        // When the timeout is 1 s
        LoadReport report = load(50, Duration.ofMillis(600), Duration.ofMillis(100), Duration.ofSeconds(1));

        // Then that request is one timeout, recorded with at least the timeout but well short of the server's
        // 3 s, and the others are answered
        assertEquals(1, report.timeouts(), report.describe());
        assertEquals(29, report.ok(), report.describe());
        assertTrue(report.latency().max() >= 1_000 && report.latency().max() < 2_000, report.describe());
        assertEquals(0, report.neverSent());
    }

    @Test
    void primingAsksForEveryUserOnceBeforeTheSchedule() throws Exception {
        // Given a server that remembers which users it was asked for
        Set<String> asked = ConcurrentHashMap.newKeySet();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        start(Executors.newFixedThreadPool(4), exchange -> {
            String user = exchange.getRequestURI().getPath().split("/")[3];
            asked.add(user);
            order.add(user);
            answer(exchange, false);
        });

        // When 300 users are primed, 8 at a time, before a short measured run
        LoadReport report = load(100, Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(2), 8, 300);

        // Then every user was asked for before the first scheduled request, and the report counts only the schedule
        assertEquals(300, Set.copyOf(order.subList(0, 300)).size(), "the first 300 requests cover every user");
        assertEquals(300, asked.size());
        assertEquals(20, report.requests(), report.describe());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("primed 300 users"), progress.toString(StandardCharsets.UTF_8));
    }

    private LoadReport load(double rate, Duration duration, Duration warmup, Duration timeout) throws Exception {
        return load(rate, duration, warmup, timeout, 0, 1_000);
    }

    private LoadReport load(double rate, Duration duration, Duration warmup, Duration timeout, int prime, int users)
            throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        LoadSettings settings = new LoadSettings(url, rate, duration, warmup, 10, 7, users, null, 0, 64, timeout, prime);
        PrintStream progressOut = new PrintStream(progress, true, StandardCharsets.UTF_8);
        return new RecommendationLoad(settings, UserSampler.numbered(users, 0, 7), progressOut).run();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void start(ExecutorService threads, Handler handler) throws IOException {
        serverThreads = threads;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/v1/users/", exchange -> {
            served.incrementAndGet();
            handler.handle(exchange);
        });
        server.start();
    }

    private static void answer(HttpExchange exchange, boolean fallback) throws IOException {
        byte[] body = fallback ? FALLBACK : PERSONALISED;
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] reply(boolean fallback) {
        return ("{\"userId\":\"user-1\",\"modelVersion\":\"v1\",\"fallback\":" + fallback
                + ",\"items\":[{\"itemId\":\"item-1\",\"score\":1.0,\"reason\":\"popular\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
