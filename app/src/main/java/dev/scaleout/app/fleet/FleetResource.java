package dev.scaleout.app.fleet;

import dev.scaleout.app.api.ApiError;
import dev.scaleout.app.pages.PageLanguage;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The fleet page (the ALB's default route) and its JSON. Both need the database; while it
 * does not answer they show the last read with a notice, or answer 503 when there is none.
 */
@Path("/")
@Tag(name = "fleet")
public class FleetResource {

    private static final String UNAVAILABLE = "The fleet database is unreachable; this instance keeps serving its own "
            + "page at /ec2meta-webpage/index.php.";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance fleet(Fleet fleet, FleetConfig config);

        static native TemplateInstance unavailable();
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
    @APIResponse(
            responseCode = "200",
            description = "The page; while the database does not answer, its last read with a notice",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(
            responseCode = "400",
            description = "lang is neither ko nor en",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(
            responseCode = "503",
            description = "The database is unreachable and nothing was read before",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response page(
            @Parameter(description = "ko or en; without it the page follows Accept-Language") @QueryParam("lang")
                    String lang,
            HttpHeaders headers) {
        Locale locale;
        try {
            List<String> accepted = headers.getAcceptableLanguages().stream()
                    .map(Locale::toLanguageTag)
                    .toList();
            locale = PageLanguage.choose(lang, accepted).locale();
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.TEXT_PLAIN_TYPE)
                    .entity(e.getMessage() + "\n")
                    .build();
        }
        try {
            return Response.ok(Templates.fleet(service.fleet(), config).setLocale(locale))
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                    .build();
        } catch (FleetService.Unavailable e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(Templates.unavailable().setLocale(locale))
                    .build();
        }
    }

    @GET
    @Path("/api/fleet")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The fleet as JSON")
    @APIResponse(
            responseCode = "200",
            description = "Live and recently gone instances; while the database does not "
                    + "answer, its last read with databaseUnreachableSince set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Fleet.class)))
    @APIResponse(
            responseCode = "503",
            description = "The database is unreachable and nothing was read before",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response json() {
        try {
            return Response.ok(service.fleet()).build();
        } catch (FleetService.Unavailable e) {
            return ApiError.of(UNAVAILABLE).toResponse(Response.Status.SERVICE_UNAVAILABLE);
        }
    }
}
