package io.murmuration.node.ops;

import akka.util.ByteString;

/**
 * The text/event-stream wire format of the admin event stream: each event an {@code event:} line with its type, a
 * {@code data:} line with its JSON and a blank line; keep-alives are comment lines, which clients ignore. (Akka
 * HTTP's {@code ServerSentEvent} has no comments: its heartbeat is an empty event.)
 */
public final class EventStreamFormat {

    /** A comment, sent while there is nothing to say, so that proxies and clients keep the connection open. */
    public static final ByteString KEEP_ALIVE = ByteString.fromString(": keep-alive\n\n");

    private EventStreamFormat() {}

    public static ByteString encode(OperationsEvents.Event event) {
        StringBuilder text = new StringBuilder(event.json().length() + event.type().length() + 16);
        text.append("event: ").append(event.type()).append('\n');
        // The protocol's JSON is one line; should a body ever span lines, each becomes its own data line.
        for (String line : event.json().split("\r\n|\r|\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        return ByteString.fromString(text.append('\n').toString());
    }
}
