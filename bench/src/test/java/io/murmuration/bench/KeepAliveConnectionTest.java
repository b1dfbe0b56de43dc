package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP/1.1 connection against a server that answers with scripted bytes. */
class KeepAliveConnectionTest {

    private static final long SECOND = 1_000_000_000L;

    private ScriptedServer server;
    private KeepAliveConnection connection;

    @AfterEach
    void stop() throws IOException {
        connection.close();
        server.close();
    }

    @Test
    void readsRepliesWithAContentLengthOverOneConnection() throws IOException {
        start(n -> new Scripted("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"n\":" + n + "}", false));

        KeepAliveConnection.Reply first = connection.get("/v1/users/user-1/recommendations?k=10", deadline());
        KeepAliveConnection.Reply second = connection.get("/v1/users/user-2/recommendations?k=10", deadline());

        assertEquals(200, first.status());
        assertEquals("{\"n\":1}", text(first));
        assertEquals("{\"n\":2}", text(second));
        assertEquals(1, server.accepted.get());
        assertEquals(List.of("GET /v1/users/user-1/recommendations?k=10 HTTP/1.1",
                "GET /v1/users/user-2/recommendations?k=10 HTTP/1.1"), server.requestLines);
    }

    @Test
    void postsJsonWithItsLengthAndKeepsTheConnectionForTheNextRequest() throws IOException {
        start(n -> new Scripted("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}", false));
        byte[] event = "{\"eventId\":\"e-1\",\"userId\":\"ü\"}".getBytes(StandardCharsets.UTF_8);

        KeepAliveConnection.Reply posted = connection.postJson("/v1/events", event, deadline());
        KeepAliveConnection.Reply next = connection.get("/v1/popular", deadline());

        assertEquals(202, posted.status());
        assertEquals(202, next.status());
        assertEquals(List.of("POST /v1/events HTTP/1.1", "GET /v1/popular HTTP/1.1"), server.requestLines);
        assertEquals(List.of(new String(event, StandardCharsets.UTF_8)), server.requestBodies);
        assertEquals(1, server.accepted.get());
    }

    @Test
    void readsTheRecommendersTimeFromTheServerTimingHeaderAndNaNWithoutIt() throws IOException {
        start(n -> new Scripted("HTTP/1.1 200 OK\r\n" + (n == 1 ? "server-timing: db;dur=9, Recommend;dur=3.250\r\n" : "")
                + "Content-Length: 2\r\n\r\n{}", false));

        KeepAliveConnection.Reply timed = connection.get("/", deadline());
        KeepAliveConnection.Reply untimed = connection.get("/", deadline());

        assertEquals(3.25, timed.serverMillis(), 1e-9);
        assertTrue(Double.isNaN(untimed.serverMillis()), "no header: " + untimed.serverMillis());
    }

    @Test
    void readsAChunkedReply() throws IOException {
        start(n -> new Scripted("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6;note=x\r\n world\r\n0\r\n\r\n", false));

        KeepAliveConnection.Reply reply = connection.get("/", deadline());

        assertEquals(503, reply.status());
        assertEquals("hello world", text(reply));
    }

    @Test
    void readsABodyThatEndsWithTheConnectionAndOpensANewOneForTheNextRequest() throws IOException {
        start(n -> new Scripted("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nreply " + n, true));

        assertEquals("reply 1", text(connection.get("/", deadline())));
        assertEquals("reply 2", text(connection.get("/", deadline())));
        assertEquals(2, server.accepted.get());
    }

    @Test
    void sendsAgainOnANewConnectionWhenTheServerClosedTheIdleOne() throws IOException {
        // The server answers as if to keep the connection, then closes it while it is idle.
        start(n -> new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nreply " + n, true));

        assertEquals("reply 1", text(connection.get("/", deadline())));
        assertEquals("reply 2", text(connection.get("/", deadline())));
        assertEquals(2, server.accepted.get());
    }

    @Test
    void aReplyLaterThanTheDeadlineIsATimeout() throws IOException {
        start(n -> null);
        long before = System.nanoTime();

        assertThrows(SocketTimeoutException.class, () -> connection.get("/", System.nanoTime() + SECOND / 5));

        double waited = (System.nanoTime() - before) / 1e9;
        assertTrue(waited >= 0.19 && waited < 1.5, "waited " + waited + " s");
    }

    @Test
    void aBinaryBodyComesBackByteForByte() throws IOException {
        byte[] body = new byte[40_000]; // more than one read buffer
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        start(n -> new Scripted("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n", false, body));

        assertArrayEquals(body, connection.get("/", deadline()).body());
    }

    private void start(IntFunction<Scripted> script) throws IOException {
        server = new ScriptedServer(script);
        connection = new KeepAliveConnection(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    }

    private static long deadline() {
        return System.nanoTime() + 2 * SECOND;
    }

    private static String text(KeepAliveConnection.Reply reply) {
        return new String(reply.body(), StandardCharsets.ISO_8859_1);
    }

    /** The bytes to answer a request with, and whether to close the connection after them. */
    private record Scripted(String head, boolean close, byte[] body) {
        Scripted(String head, boolean close) {
            this(head, close, new byte[0]);
        }
    }

    /** Serves one connection at a time, answering the n-th request (from 1) with script(n), or never if null. */
    private static final class ScriptedServer implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        final List<String> requestBodies = new CopyOnWriteArrayList<>();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger requests = new AtomicInteger();

        ScriptedServer(IntFunction<Scripted> script) throws IOException {
            Thread thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        accepted.incrementAndGet();
                        serve(client, script);
                    } catch (IOException | InterruptedException e) {
                        // closed by the test, or by the client
                    }
                }
            }, "scripted-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket client, IntFunction<Scripted> script) throws IOException, InterruptedException {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                requestLines.add(head.substring(0, head.indexOf("\r\n")));
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: (\\d+)\r\n").matcher(head);
                if (length.find()) {
                    requestBodies.add(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
                }
                Scripted reply = script.apply(requests.incrementAndGet());
                if (reply == null) {
                    Thread.sleep(5_000);
                    return;
                }
                out.write(reply.head().getBytes(StandardCharsets.ISO_8859_1));
                out.write(reply.body());
                out.flush();
                if (reply.close()) {
                    return;
                }
            }
        }

        /** The request head up to its blank line, or null when the client closed the connection. */
        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.append((char) b);
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
