package io.murmuration.node.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import io.murmuration.node.ops.Operations;

/**
 * The operations endpoints, readable with any admin token: under {@code /admin}, {@code cluster} (members and
 * shards), {@code stats} (the figures the console charts) and {@code stream} (Server-Sent Events); and
 * {@code GET /metrics}, Prometheus' text format, on the admin port like every figure of the node (Prometheus sends
 * a viewer's token as its bearer credentials).
 */
final class OperationsRoutes extends AllDirectives {

    static final ContentType PROMETHEUS_TEXT = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");
    static final ContentType EVENT_STREAM = ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM);

    private final Operations operations;

    OperationsRoutes(ActorSystem<?> system) {
        this.operations = Operations.get(system);
    }

    /** {@code GET /admin/cluster}, {@code /admin/stats} and {@code /admin/stream}, inside {@code /admin} and its token check. */
    Route routes() {
        return concat(
                path("cluster", () -> get(() -> onSuccess(operations.cluster(), body -> complete(JsonReplies.ok(body))))),
                path("stats", () -> get(() -> onSuccess(operations.statsReport(), body -> complete(JsonReplies.ok(body))))),
                path("stream", () -> get(() -> complete(HttpResponse.create()
                        .withEntity(HttpEntities.createChunked(EVENT_STREAM, operations.eventStream()))
                        // Proxies must pass each event on as it comes, not hold it in a cache or a buffer.
                        .addHeader(RawHeader.create("Cache-Control", "no-cache"))
                        .addHeader(RawHeader.create("X-Accel-Buffering", "no"))))));
    }

    /** {@code GET /metrics}, once its path is matched and its token checked. */
    Route metrics() {
        return get(() -> onSuccess(operations.scrape(),
                text -> complete(HttpResponse.create().withEntity(HttpEntities.create(PROMETHEUS_TEXT, ByteString.fromString(text))))));
    }
}
