package dev.scaleout.app.ec2meta;

import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the instance page and {@code GET /api/instance} show. Field names are a stable API. */
@TemplateData
@Schema(
        name = "InstanceReport",
        description = "This instance as IMDSv2 describes it, plus the app build and the request.")
public record InstanceReport(
        @Schema(
                description = "PROBING until the first IMDS read ends, then ON_EC2 or NOT_ON_EC2",
                enumeration = {"PROBING", "ON_EC2", "NOT_ON_EC2"},
                required = true)
        String location,

        @Schema(description = "EC2 instance id; null off EC2", nullable = true, examples = "i-1234567890abcdef0")
        String instanceId,

        @Schema(description = "EC2 instance type; null off EC2", nullable = true, examples = "t3.micro")
        String instanceType,

        @Schema(description = "AMI the instance was launched from; null off EC2", nullable = true)
        String amiId,

        @Schema(description = "AWS region; null off EC2", nullable = true, examples = "us-east-1")
        String region,

        @Schema(description = "Availability zone; null off EC2", nullable = true, examples = "us-east-1a")
        String availabilityZone,

        @Schema(description = "Private IPv4 address", nullable = true)
        String privateIpv4,

        @Schema(description = "Private DNS hostname", nullable = true)
        String privateHostname,

        @Schema(description = "Public IPv4 address; null when the instance has none", nullable = true)
        String publicIpv4,

        @Schema(description = "Public DNS hostname; null when the instance has none", nullable = true)
        String publicHostname,

        @Schema(description = "Names of the instance's security groups; empty off EC2", required = true)
        List<String> securityGroups,

        @Schema(description = "When IMDS was last read (or found absent); null while probing", nullable = true)
        Instant metadataReadAt,

        @Schema(description = "True while IMDS refreshes fail and the last good metadata is shown", required = true)
        boolean metadataStale,

        @Schema(description = "Application version (quarkus.application.version)", required = true)
        String appVersion,

        @Schema(description = "When the app was built (UTC), or unknown", required = true)
        String buildTime,

        @Schema(description = "Git commit the app was built from, or unknown", required = true)
        String gitCommit,

        @Schema(description = "When this app process started", required = true)
        Instant startedAt,

        @Schema(description = "Seconds since the app started", required = true)
        long uptimeSeconds,

        @Schema(description = "Uptime for people, e.g. 2h 5m 3s", required = true)
        String uptime,

        @Schema(
                description = "Client address: rightmost X-Forwarded-For entry (added by the ALB), else the TCP peer",
                required = true)
        String clientAddress,

        @Schema(description = "Microseconds this request took in the app until the report was built", required = true)
        long servedInMicros) {

    static InstanceReport of(
            InstanceMetadata metadata, boolean stale, AppInfo app, String clientAddress, long requestStartNanos) {
        var uptime = app.uptime();
        return new InstanceReport(
                metadata.location().name(),
                metadata.instanceId(),
                metadata.instanceType(),
                metadata.amiId(),
                metadata.region(),
                metadata.availabilityZone(),
                metadata.privateIpv4(),
                metadata.privateHostname(),
                metadata.publicIpv4(),
                metadata.publicHostname(),
                metadata.securityGroups(),
                metadata.readAt(),
                stale,
                app.version(),
                app.buildTime(),
                app.gitCommit(),
                app.startedAt(),
                uptime.getSeconds(),
                Uptime.format(uptime),
                clientAddress,
                (System.nanoTime() - requestStartNanos) / 1_000);
    }
}
