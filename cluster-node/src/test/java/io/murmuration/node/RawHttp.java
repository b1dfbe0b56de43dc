package io.murmuration.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, one connection per request, so a test can send what no well-behaved client would:
 * any request target, any header value, any bytes as a body. Replies are read whole (or only their head, for
 * streams that never end).
 */
final class RawHttp {

    private RawHttp() {}

    /** One request exactly as it goes on the wire, but for {@code Host}, {@code Connection} and {@code Content-Length}. */
    record Request(String method, String target, List<String[]> headers, byte[] body) {

        static Request of(String method, String target, byte[] body, String... headerPairs) {
            List<String[]> headers = new ArrayList<>();
            for (int i = 0; i + 1 < headerPairs.length; i += 2) headers.add(new String[] {headerPairs[i], headerPairs[i + 1]});
            return new Request(method, target, headers, body);
        }

        Request withHeader(String name, String value) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(new String[] {name, value});
            return new Request(method, target, more, body);
        }

        /** A short, printable description for failure messages. */
        String describe() {
            String t = target.length() > 120 ? target.substring(0, 120) + "…(" + target.length() + " chars)" : target;
            StringBuilder b = new StringBuilder(method).append(' ').append(t);
            for (String[] h : headers) {
                String v = h[1].length() > 60 ? h[1].substring(0, 60) + "…(" + h[1].length() + " chars)" : h[1];
                b.append(" [").append(h[0]).append(": ").append(v).append(']');
            }
            if (body != null && body.length > 0) {
                String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
                b.append(" body=").append(text).append(body.length > 200 ? "…(" + body.length + " bytes)" : "");
            }
            return b.toString();
        }
    }

    /** What came back: the status, the headers (names in lower case) and the body, or no reply at all. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body, long nanos, String failure) {

        static Reply none(String failure, long nanos) {
            return new Reply(-1, Map.of(), new byte[0], nanos, failure);
        }

        boolean answered() {
            return status > 0;
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends the request to 127.0.0.1:{@code port} and reads the reply; a reply not complete within {@code timeout} is none. */
    static Reply send(int port, Request request, Duration timeout) {
        return exchange(port, request, timeout, false);
    }

    /** As {@link #send}, but reads only the status line and headers, for replies that stream without end. */
    static Reply sendReadingHeadOnly(int port, Request request, Duration timeout) {
        return exchange(port, request, timeout, true);
    }

    private static Reply exchange(int port, Request request, Duration timeout, boolean headOnly) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(RealInfrastructure.HOST, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head(port, request));
            if (request.body() != null) out.write(request.body());
            out.flush();
            byte[] raw = readReply(socket.getInputStream(), start + timeout.toNanos(), headOnly);
            return parse(raw, System.nanoTime() - start, headOnly);
        } catch (SocketTimeoutException e) {
            return Reply.none("no complete reply within " + timeout.toMillis() + " ms", System.nanoTime() - start);
        } catch (IOException e) {
            return Reply.none(e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - start);
        }
    }

    private static byte[] head(int port, Request request) {
        StringBuilder b = new StringBuilder();
        b.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        b.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String[] h : request.headers()) b.append(h[0]).append(": ").append(h[1]).append("\r\n");
        b.append("Connection: close\r\n");
        int length = request.body() == null ? 0 : request.body().length;
        if (length > 0 || !request.method().equals("GET")) b.append("Content-Length: ").append(length).append("\r\n");
        b.append("\r\n");
        // Header values may hold any character: ISO-8859-1 puts each char below 256 on the wire as one byte.
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readReply(InputStream in, long deadline, boolean headOnly) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        while (true) {
            if (System.nanoTime() > deadline) throw new SocketTimeoutException();
            int n = in.read(buffer);
            if (n < 0) return raw.toByteArray();
            raw.write(buffer, 0, n);
            // A stream's head is enough when it opened; a refusal ends, so it is read whole.
            if (headOnly && indexOf(raw.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0) >= 0
                    && new String(raw.toByteArray(), 0, Math.min(raw.size(), 12), StandardCharsets.ISO_8859_1).matches("HTTP/1\\.1 2\\d\\d")) {
                return raw.toByteArray();
            }
        }
    }

    private static Reply parse(byte[] raw, long nanos, boolean headOnly) {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (headEnd < 0) return Reply.none("the connection closed after " + raw.length + " bytes without a complete reply", nanos);
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return Reply.none("not an HTTP status line: " + lines[0], nanos);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if (headOnly && status / 100 == 2) body = new byte[0];
        else if ("chunked".equalsIgnoreCase(String.valueOf(first(headers, "transfer-encoding")))) body = unchunk(body);
        return new Reply(status, headers, body, nanos, null);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        while (pos < chunked.length) {
            int lineEnd = indexOf(chunked, crlf, pos);
            if (lineEnd < 0) break;
            String sizeText = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size == 0) break;
            int from = lineEnd + 2;
            out.write(chunked, from, Math.min(size, chunked.length - from));
            pos = from + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
