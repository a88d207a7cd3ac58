package dev.scaleout.app.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * An HTTP/1.x request whose Host header is missing or malformed is the client's fault: a
 * 400 saying so, and one WARN line without a stack trace, at most once a minute, so such
 * requests cannot fill the log. Vert.x's router fails such a request before any route runs;
 * left alone, Quarkus's failure handler logs it at ERROR.
 */
@ApplicationScoped
public class HostHeaderCheck {

    private static final Logger LOG = Logger.getLogger(HostHeaderCheck.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
    }

    private void onFailure(RoutingContext ctx) {
        if (ctx.statusCode() != 400
                || ctx.request().version() == HttpVersion.HTTP_2
                || ctx.request().authority() != null
                || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf(
                    "400 for a request with a missing or malformed Host header from %s (logged at most once a minute)",
                    ctx.request().remoteAddress());
        }
        ctx.response()
                .setStatusCode(400)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end("Bad request: the Host header is missing or malformed.\n");
    }
}
