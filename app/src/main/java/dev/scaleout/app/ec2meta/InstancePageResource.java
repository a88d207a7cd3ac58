package dev.scaleout.app.ec2meta;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The course's instance page, also the ALB's shallow health check: memory only (no IMDS, no
 * database), so a database outage does not make the ALB replace every instance. Runs on the
 * event loop; Qute escapes every value, unlike the PHP original.
 */
@Path("/ec2meta-webpage")
@Tag(name = "instance")
public class InstancePageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(InstanceReport report);
    }

    private final InstanceMetadataService metadata;
    private final AppInfo app;

    InstancePageResource(InstanceMetadataService metadata, AppInfo app) {
        this.metadata = metadata;
        this.app = app;
    }

    @GET
    @Path("index.php")
    @NonBlocking
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Instance page (the ALB health-check path)")
    public TemplateInstance indexPhp(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        long start = System.nanoTime();
        return Templates.page(InstanceResource.report(metadata, app, headers, request, start));
    }

    @GET
    @NonBlocking
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Instance page")
    public TemplateInstance index(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        return indexPhp(headers, request);
    }
}
