package dev.scaleout.app.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies of the JSON API: sized by Content-Length (411 for a chunked body, whose size
 * is known only once read), at most {@code api.max-body-size} (413 above, before a byte of
 * the body is read), and complete within {@code api.body-timeout} of the request's start (408
 * and the connection closed otherwise), so a client trickling a body holds nothing but its
 * own connection. Runs on the event loop, before any endpoint.
 */
@ApplicationScoped
public class BodyLimits {

    private final Vertx vertx;
    private final ObjectMapper json;
    private final long maxBytes;
    private final long timeoutMillis;

    BodyLimits(
            Vertx vertx,
            ObjectMapper json,
            @ConfigProperty(name = "api.max-body-size") long maxBytes,
            @ConfigProperty(name = "api.body-timeout") Duration timeout) {
        this.vertx = vertx;
        this.json = json;
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeout.toMillis();
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, Integer.MAX_VALUE - 10);
    }

    private void limit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!ctx.normalizedPath().startsWith("/api/") || request.isEnded()) {
            ctx.next();
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            EarlyAnswer.send(ctx, 411, ApiError.of("Send the body with a Content-Length header, not chunked."), json);
            return;
        }
        if (length != null && tooLong(length)) {
            EarlyAnswer.send(
                    ctx,
                    413,
                    ApiError.of("The request body is larger than " + maxBytes
                            + " bytes; the API's requests are small JSON objects."),
                    json);
            return;
        }
        long timer = vertx.setTimer(timeoutMillis, id -> {
            if (!request.isEnded()) {
                EarlyAnswer.send(
                        ctx,
                        408,
                        ApiError.of(
                                "The request body did not arrive within " + timeoutMillis + " ms; send it at once."),
                        json);
                request.connection().close();
            }
        });
        ctx.addEndHandler(ignored -> vertx.cancelTimer(timer));
        ctx.next();
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return true; // Vert.x rejects it anyway; never read an unknown amount
        }
    }
}
