package io.murmuration.bench;

import io.murmuration.protocol.ServerTiming;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection for GET requests (and POSTs of JSON), used by one thread at a time, on a blocking socket: a
 * request is one write and its reply a few reads, which keeps a load generator's own CPU use to a fraction of
 * what a general-purpose asynchronous client spends. Replies may carry a Content-Length, be chunked, or end
 * with the connection. The socket is opened on first use and again after the server closed it; a reused
 * connection that turns out to have been closed while idle is reopened and the request sent once more, which
 * is safe for a GET (and for a POST of events, which the node records once per eventId). Every request has a deadline, covering connect, send and the whole reply; missing it
 * throws {@link SocketTimeoutException} and closes the connection, since a late reply would still be on it.
 */
final class KeepAliveConnection implements Closeable {

    /** A reply's status and body, and the recommender's milliseconds from its Server-Timing header, or NaN. */
    record Reply(int status, byte[] body, double serverMillis) {
    }

    private static final int MAX_LINE = 16 * 1024;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean reused;
    private long deadlineNanos;

    KeepAliveConnection(InetSocketAddress address) {
        this.address = address;
        String host = address.getHostString();
        this.hostHeader = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort(); // IPv6 in brackets
    }

    /** GET {@code target} (path and query), finished by {@code deadlineNanos} on the {@link System#nanoTime()} clock. */
    Reply get(String target, long deadlineNanos) throws IOException {
        return send(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), deadlineNanos);
    }

    /**
     * POST {@code json} to {@code target}, finished by {@code deadlineNanos}. Sent again once if a reused connection
     * turns out closed, like a GET: only for requests that may arrive twice (events carry their own ids).
     */
    Reply postJson(String target, byte[] json, long deadlineNanos) throws IOException {
        byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + json.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(json, 0, request, head.length, json.length);
        return send(request, deadlineNanos);
    }

    private Reply send(byte[] request, long deadlineNanos) throws IOException {
        this.deadlineNanos = deadlineNanos;
        boolean retried = false;
        while (true) {
            boolean wasReused = open();
            try {
                out.write(request);
                out.flush();
                if (!fill()) {
                    throw new EOFException("the server closed the connection without replying");
                }
            } catch (IOException e) {
                close();
                if (wasReused && !retried && !(e instanceof SocketTimeoutException)) {
                    retried = true; // most likely closed by the server while idle; safe to send again
                    continue;
                }
                throw e;
            }
            try {
                return readReply();
            } catch (IOException e) {
                close();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is best effort: the connection is abandoned either way.
            }
        }
        socket = null;
        reused = false;
        position = 0;
        limit = 0;
    }

    /** Opens the socket unless one is open; true when the open one has served a request before. */
    private boolean open() throws IOException {
        if (socket != null) {
            position = 0;
            limit = 0;
            return reused;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, remainingMillis());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        return false;
    }

    private Reply readReply() throws IOException {
        while (true) {
            String statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
            }
            int status = parseStatus(statusLine);
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            long contentLength = -1;
            boolean chunked = false;
            boolean closeAfter = http10;
            double serverMillis = Double.NaN;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = parseLength(value);
                    case "transfer-encoding" -> chunked = value.endsWith("chunked");
                    case "connection" -> closeAfter = value.contains("close") || (http10 && !value.contains("keep-alive"));
                    case "server-timing" -> {
                        if (Double.isNaN(serverMillis)) serverMillis = ServerTiming.recommendMillis(value).orElse(Double.NaN);
                    }
                    default -> { }
                }
            }
            if (status / 100 == 1) {
                continue; // an interim reply; the real one follows
            }
            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (chunked) {
                body = readChunked();
            } else if (contentLength >= 0) {
                body = readExactly(contentLength);
            } else {
                body = readToEnd();
                closeAfter = true;
            }
            if (closeAfter) {
                close();
            } else {
                reused = true;
            }
            return new Reply(status, body, serverMillis);
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + sizeLine + "'");
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailer fields, not used
                }
                return body.toByteArray();
            }
            body.writeBytes(readExactly(size));
            readLine(); // the CRLF that ends the chunk
        }
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("reply body too large: " + length + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        int copied = 0;
        while (copied < bytes.length) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed after " + copied + " of " + length + " body bytes");
            }
            int n = Math.min(limit - position, bytes.length - copied);
            System.arraycopy(buffer, position, bytes, copied, n);
            position += n;
            copied += n;
        }
        return bytes;
    }

    private byte[] readToEnd() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (position < limit || fill()) {
            body.write(buffer, position, limit - position);
            position = limit;
        }
        return body.toByteArray();
    }

    /** One line without its CRLF (or bare LF), as ISO-8859-1. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("reply line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Reads more into the buffer within the deadline; false at the end of the stream. */
    private boolean fill() throws IOException {
        socket.setSoTimeout(remainingMillis());
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** What is left of the deadline, at least 1 ms (0 would mean no timeout at all). */
    private int remainingMillis() throws SocketTimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    private static int parseStatus(String statusLine) throws IOException {
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad status in '" + statusLine + "'");
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length '" + value + "'");
        }
    }
}
