package dev.scaleout.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request with an {@link ApiError} from an HTTP filter, before any body is read.
 * If the client is still sending one, the connection closes after the answer: reading on
 * just to find the next request would let the client hold it.
 */
public final class EarlyAnswer {

    private EarlyAnswer() {}

    public static void send(RoutingContext ctx, int status, ApiError error, ObjectMapper json) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ApiError always serializes", e);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (ctx.request().isEnded()) {
            response.end(body);
        } else {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            response.end(body).onComplete(sent -> ctx.request().connection().close());
        }
    }
}
