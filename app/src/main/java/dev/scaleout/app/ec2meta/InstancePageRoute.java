package dev.scaleout.app.ec2meta;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The course's instance page, also the ALB's shallow health check, served straight from the
 * event loop, ahead of the REST layer: memory only (no IMDS, no database), so a database
 * outage does not make the ALB replace every instance, and a crowd costs little. Documented
 * in META-INF/openapi.yaml, since it is no JAX-RS resource.
 */
@ApplicationScoped
public class InstancePageRoute {

    static final String[] PATHS = {"/ec2meta-webpage/index.php", "/ec2meta-webpage/", "/ec2meta-webpage"};
    private static final CharSequence HTML = HttpHeaders.createOptimized("text/html;charset=UTF-8");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private final InstancePage page;

    InstancePageRoute(InstancePage page) {
        this.page = page;
    }

    void register(@Observes Router router) {
        for (String path : PATHS) {
            router.route(path).order(-1000).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
        }
    }

    private void serve(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String client = ForwardedFor.clientAddress(request.headers().getAll("X-Forwarded-For"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(page.render(client, start));
    }
}
