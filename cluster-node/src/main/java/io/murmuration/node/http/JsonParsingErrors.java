package io.murmuration.node.http;

import akka.event.LoggingAdapter;
import akka.http.ParsingErrorHandler;
import akka.http.javadsl.model.StatusCodes;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.HttpResponse;
import akka.http.scaladsl.model.StatusCode;
import akka.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests that Akka HTTP's parser refuses before any route sees them — a malformed request target, a URI or
 * header beyond the configured limits, bytes that are not valid in a header — in the same JSON as every other error
 * ({@code {"error": …}}), without echoing the offending input. The parser reports a request target with a raw space
 * as an unsupported HTTP version (505); that is the client's mistake, so it becomes a 400. Configured as
 * {@code akka.http.server.parsing.error-handler}.
 */
public final class JsonParsingErrors extends ParsingErrorHandler {

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log, ServerSettings settings) {
        log.debug("Refused an unparsable request: {} {}", status.intValue(), error.summary());
        akka.http.javadsl.model.StatusCode answer = status.intValue() >= 500 ? StatusCodes.BAD_REQUEST : status;
        String reason = status.intValue() >= 500 ? "the request line could not be parsed" : error.summary();
        return (HttpResponse) JsonReplies.error(answer, "request refused before routing: " + reason, null);
    }
}
