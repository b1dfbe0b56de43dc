package io.murmuration.node.http;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.MalformedQueryParamRejection;
import akka.http.javadsl.server.MissingQueryParamRejection;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.scaladsl.model.EntityStreamSizeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every refusal into a JSON body: rejections keep the status Akka HTTP chose (404, 405, 413, 415, …)
 * with its text moved into {@code {"error": …}}, and failures behind a request become 503 without details.
 */
final class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    // Built once: the routes' inner suppliers run on every request, and building the handlers there was a visible
    // share of a recommendation's cost (docs/BENCHMARKS.md).
    private static final RejectionHandler REJECTIONS = rejections();
    private static final ExceptionHandler EXCEPTIONS = exceptions();

    /** What a refused-for-time request is told to wait before retrying. */
    private static final long RETRY_AFTER_SECONDS = 1;

    private ErrorHandling() {}

    /**
     * Wraps an API's routes so that every refusal, failure and time-out is answered in JSON. The routes are built
     * once, here: the Java DSL calls a directive's inner supplier on every request it passes.
     */
    static Route withJsonErrors(Supplier<Route> routes) {
        Route api = routes.get();
        Route rejecting = Directives.handleRejections(REJECTIONS, () -> api);
        Route handled = Directives.handleExceptions(EXCEPTIONS, () -> rejecting);
        return Directives.withRequestTimeoutResponse(request -> timedOut(), () -> handled);
    }

    static RejectionHandler rejections() {
        return RejectionHandler.newBuilder()
                .handle(
                        MalformedQueryParamRejection.class,
                        r -> Directives.complete(
                                JsonReplies.error(StatusCodes.BAD_REQUEST, r.errorMsg(), r.parameterName())))
                .handle(
                        MissingQueryParamRejection.class,
                        r -> Directives.complete(
                                JsonReplies.error(StatusCodes.BAD_REQUEST, "is required", r.parameterName())))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(ErrorHandling::asJson);
    }

    static ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder()
                .match(
                        EntityStreamSizeException.class,
                        e -> Directives.complete(
                                JsonReplies.error(StatusCodes.PAYLOAD_TOO_LARGE, "request body is larger than " + e.limit() + " bytes", "body")))
                // An actor refused the request (e.g. "no model version v9"): the request conflicts with the state.
                .match(
                        akka.pattern.StatusReply.ErrorMessage.class,
                        e -> Directives.complete(JsonReplies.error(StatusCodes.CONFLICT, e.getMessage(), null)))
                .match(
                        CompletionException.class,
                        e -> e.getCause() instanceof akka.pattern.StatusReply.ErrorMessage refused,
                        e -> Directives.complete(JsonReplies.error(StatusCodes.CONFLICT, e.getCause().getMessage(), null)))
                // A busy or recovering entity did not answer within its ask timeout: normal under load or just after
                // a start, so no stack trace; the client retries (events with the same eventId are recorded once).
                .match(TimeoutException.class, e -> Directives.complete(notAnsweredInTime()))
                .match(
                        CompletionException.class,
                        e -> e.getCause() instanceof TimeoutException,
                        e -> Directives.complete(notAnsweredInTime()))
                .matchAny(
                        e -> {
                            log.warn("Request failed", e);
                            return Directives.complete(
                                    JsonReplies.error(StatusCodes.SERVICE_UNAVAILABLE, "temporarily unavailable, retry later", null));
                        })
                .build();
    }

    private static HttpResponse notAnsweredInTime() {
        log.info("A request's entity did not answer in time; answered 503 with Retry-After");
        return JsonReplies.error(StatusCodes.SERVICE_UNAVAILABLE, "not answered in time, retry later", null)
                .addHeader(RetryAfter.create(RETRY_AFTER_SECONDS));
    }

    /** The reply when a request outlives akka.http.server.request-timeout. */
    static HttpResponse timedOut() {
        return JsonReplies.error(StatusCodes.SERVICE_UNAVAILABLE, "the request timed out, retry later", null);
    }

    private static HttpResponse asJson(HttpResponse response) {
        if (response.entity().getContentType().mediaType().toString().equals("application/json")) return response;
        String text =
                response.entity() instanceof akka.http.javadsl.model.HttpEntity.Strict strict
                        ? strict.getData().utf8String()
                        : response.status().reason();
        return JsonReplies.error(response.status(), text.isBlank() ? response.status().reason() : text, null)
                .withHeaders(response.getHeaders());
    }
}
