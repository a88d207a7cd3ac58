package dev.scaleout.app.stress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scaleout.app.api.ApiError;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Burns CPU on demand so a target-tracking policy has something to track: the HTTP
 * replacement for {@code stress -c 1} over SSH. Access is checked by {@link StressGuard}
 * before a request gets here; request bodies are capped and timed by BodyLimits.
 */
@Path("/api/stress")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stress", description = "CPU load for scale-out demos. Off unless STRESS_ENABLED=true.")
@SecurityScheme(
        securitySchemeName = StressResource.SECURITY,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "STRESS_TOKEN, required only when the instance sets one.")
@SecurityRequirement(name = StressResource.SECURITY)
@APIResponse(
        responseCode = "401",
        description = "STRESS_TOKEN is set and the request lacks it",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
@APIResponse(
        responseCode = "403",
        description = "The stress API is disabled (STRESS_ENABLED is not true)",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
public class StressResource {

    static final String SECURITY = "stressToken";

    private final StressService stress;
    private final ObjectMapper json;

    StressResource(StressService stress, ObjectMapper json) {
        this.stress = stress;
        this.json = json;
    }

    @GET
    @Operation(summary = "The current burn, or idle")
    @APIResponse(
            responseCode = "200",
            description = "The state",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = StressState.class)))
    @NonBlocking
    public StressState state() {
        return stress.state();
    }

    // The body is taken as text and parsed by StressRequest so that no input can reach
    // Jackson's binding errors (and their 5xx paths); the schema is declared explicitly.
    // No @Consumes: a bare `curl -X POST` (no body, no Content-Type) must start the defaults.
    // Non-blocking: the body is gathered on the event loop, so a slow one holds no worker;
    // starting the burn (which may wait for a stopping one) then runs on a worker.
    @POST
    @NonBlocking
    @Path("/cpu")
    @Operation(
            summary = "Start a CPU burn",
            description = "Burns `cores` threads at `load`% each for `seconds`, "
                    + "then stops by itself. Defaults: 300 s, all available processors, 100 %.")
    @APIResponse(
            responseCode = "202",
            description = "Started; the new state",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = StressState.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed body or a field out of range; `field` names it",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "408",
            description = "The body did not arrive in time",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "409",
            description = "A burn is already running; DELETE it first",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "411",
            description = "A body without Content-Length (chunked)",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(
            responseCode = "413",
            description = "The body is larger than 1 KiB",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Uni<Response> start(
            @RequestBody(
                            required = false,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = StressRequest.class)))
                    String body) {
        StressPlan plan = StressRequest.parse(body, json).toPlan(stress.availableCores());
        return Uni.createFrom()
                .item(() -> Response.accepted(stress.start(plan)).build())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @DELETE
    @Operation(summary = "Stop the burn", description = "Stops the running burn, if any, and returns the idle state.")
    @APIResponse(
            responseCode = "200",
            description = "Stopped (or was idle)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = StressState.class)))
    public StressState stop() {
        return stress.stop();
    }

    @ServerExceptionMapper
    Response invalidRequest(StressRequest.InvalidStressRequest e) {
        return e.error.toResponse(Response.Status.BAD_REQUEST);
    }

    @ServerExceptionMapper
    Response alreadyRunning(StressService.AlreadyRunning e) {
        return ApiError.of("A CPU stress burn is already running; stop it with DELETE /api/stress first.")
                .toResponse(Response.Status.CONFLICT);
    }
}
