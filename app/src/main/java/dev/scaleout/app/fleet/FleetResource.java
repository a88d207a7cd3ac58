package dev.scaleout.app.fleet;

import dev.scaleout.app.api.ApiError;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/** The fleet page (the ALB's default route) and its JSON. Both need the database. */
@Path("/")
public class FleetResource {

    private static final Logger LOG = Logger.getLogger(FleetResource.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance fleet(Fleet fleet, FleetConfig config);

        static native TemplateInstance unavailable(String reason);
    }

    private final FleetService service;
    private final FleetConfig config;

    FleetResource(FleetService service, FleetConfig config) {
        this.service = service;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The fleet page: live and recently gone instances, refreshing itself")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(responseCode = "503", description = "The database is unreachable")
    public Response page() {
        try {
            return Response.ok(Templates.fleet(service.fleet(), config)).build();
        } catch (PersistenceException e) {
            return Response.status(503).entity(Templates.unavailable(databaseDown(e))).build();
        }
    }

    @GET
    @Path("/api/fleet")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The fleet as JSON")
    @APIResponse(responseCode = "200", description = "Live and recently gone instances")
    @APIResponse(responseCode = "503", description = "The database is unreachable")
    public Response json() {
        try {
            return Response.ok(service.fleet()).build();
        } catch (PersistenceException e) {
            return ApiError.of(databaseDown(e)).toResponse(Response.Status.SERVICE_UNAVAILABLE);
        }
    }

    /** Only database failures are answered 503; anything else is a bug and surfaces as a 500. */
    private static String databaseDown(PersistenceException e) {
        LOG.debugf(e, "fleet read failed"); // readiness and the heartbeat already report the outage
        return "The fleet database is unreachable; this instance keeps serving its own page at /ec2meta-webpage/index.php.";
    }
}
