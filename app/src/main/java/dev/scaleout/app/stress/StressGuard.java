package dev.scaleout.app.stress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scaleout.app.api.EarlyAnswer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Checks access to the stress API on the event loop, from the headers alone, before the
 * body is read or a worker thread is taken: an unauthorised client costs nothing but its
 * connection, however slowly or largely it sends.
 */
@ApplicationScoped
public class StressGuard {

    private static final String PATH = "/api/stress";

    private final StressAccess access;
    private final ObjectMapper json;

    StressGuard(StressAccess access, ObjectMapper json) {
        this.access = access;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, Integer.MAX_VALUE - 5); // before the body limits: 401/403 first
    }

    private void guard(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            ctx.next();
            return;
        }
        StressAccess.Denial denial = access.denial(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (denial == null) {
            ctx.next();
            return;
        }
        if (denial.challenge() != null) {
            ctx.response().putHeader("WWW-Authenticate", denial.challenge());
        }
        EarlyAnswer.send(ctx, denial.status(), denial.error(), json);
    }
}
