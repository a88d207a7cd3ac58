package dev.scaleout.app.ec2meta;

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

/** The instance page's data as JSON. Never touches IMDS or the database: memory only. */
@Path("/api/instance")
@Tag(name = "instance")
public class InstanceResource {

    private final InstanceMetadataService metadata;
    private final AppInfo app;

    InstanceResource(InstanceMetadataService metadata, AppInfo app) {
        this.metadata = metadata;
        this.app = app;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This instance's EC2 metadata, app build, uptime and the caller's address")
    public InstanceReport get(@Context HttpHeaders headers, @Context HttpServerRequest request) {
        long start = System.nanoTime();
        return report(metadata, app, headers, request, start);
    }

    static InstanceReport report(
            InstanceMetadataService metadata, AppInfo app, HttpHeaders headers, HttpServerRequest request, long start) {
        String client = ForwardedFor.clientAddress(
                headers.getRequestHeader("X-Forwarded-For"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        return InstanceReport.of(metadata.current(), metadata.stale(), app, client, start);
    }
}
