package io.murmuration.node.http;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import io.murmuration.protocol.ErrorResponse;
import io.murmuration.protocol.FieldError;
import io.murmuration.protocol.ProtocolJson;

/** Every HTTP reply of the node is JSON written by the protocol's one mapper; errors name the field at fault. */
final class JsonReplies {

    private JsonReplies() {}

    static HttpResponse json(StatusCode status, Object body) {
        return HttpResponse.create()
                .withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, ProtocolJson.write(body)));
    }

    static HttpResponse ok(Object body) {
        return json(StatusCodes.OK, body);
    }

    static HttpResponse error(StatusCode status, String error, String field) {
        return json(status, new ErrorResponse(error, field));
    }

    static HttpResponse badRequest(FieldError error) {
        return json(StatusCodes.BAD_REQUEST, ErrorResponse.of(error));
    }
}
