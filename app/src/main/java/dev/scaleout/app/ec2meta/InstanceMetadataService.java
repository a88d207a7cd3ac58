package dev.scaleout.app.ec2meta;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Holds the latest instance metadata. Readers never wait on IMDS: they get what the last
 * background read found. (Placeholder: the IMDS reads arrive with the ec2meta feature.)
 */
@ApplicationScoped
public class InstanceMetadataService {

    private volatile InstanceMetadata current = InstanceMetadata.notOnEc2(InstanceMetadata.Location.NOT_ON_EC2, java.time.Instant.now());

    public InstanceMetadata current() {
        return current;
    }
}
