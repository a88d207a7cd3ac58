package dev.scaleout.app.ec2meta;

import dev.scaleout.app.pages.PageLanguage;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

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
    private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain;charset=UTF-8");

    private final InstancePage page;

    InstancePageRoute(InstancePage page) {
        this.page = page;
    }

    void register(@Observes Router router) {
        for (String path : PATHS) {
            router.route(path)
                    .order(-1000)
                    .method(HttpMethod.GET)
                    .method(HttpMethod.HEAD)
                    .handler(this::serve);
        }
    }

    private void serve(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        PageLanguage language;
        try {
            language = PageLanguage.choose(request.getParam("lang"), acceptLanguage(ctx));
        } catch (IllegalArgumentException e) {
            ctx.response()
                    .setStatusCode(400)
                    .putHeader(HttpHeaders.CONTENT_TYPE, TEXT)
                    .end(e.getMessage() + "\n");
            return;
        }
        String client = ForwardedFor.clientAddress(
                request.headers().getAll("X-Forwarded-For"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                .end(page.render(language, client, request.getHeader(HttpHeaders.USER_AGENT), start));
    }

    private static List<String> acceptLanguage(RoutingContext ctx) {
        if (ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE) == null) {
            return List.of(); // the ALB's health check: skip the header parsing
        }
        return ctx.acceptableLanguages().stream().map(LanguageHeader::value).toList();
    }
}
