package dev.scaleout.app.ec2meta;

import java.time.Instant;
import java.util.List;

/**
 * What IMDSv2 told us about this instance, read at start and refreshed in the background.
 * Off EC2 the location is {@link Location#NOT_ON_EC2} and the EC2 fields are null.
 */
public record InstanceMetadata(
        Location location,
        String instanceId,
        String instanceType,
        String amiId,
        String region,
        String availabilityZone,
        String privateIpv4,
        String privateHostname,
        String publicIpv4,
        String publicHostname,
        List<String> securityGroups,
        Instant readAt) {

    public enum Location {
        PROBING,
        ON_EC2,
        NOT_ON_EC2
    }

    public static InstanceMetadata probing() {
        return notOnEc2(Location.PROBING, null);
    }

    public static InstanceMetadata notOnEc2(Location location, Instant readAt) {
        return new InstanceMetadata(location, null, null, null, null, null, null, null, null, null, List.of(), readAt);
    }

    public boolean onEc2() {
        return location == Location.ON_EC2;
    }
}
