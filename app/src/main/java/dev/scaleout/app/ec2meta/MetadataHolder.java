package dev.scaleout.app.ec2meta;

import java.time.Instant;

/**
 * The latest metadata and how the last read went. Pure state, no I/O: readers get the
 * snapshot, the background refresher reports each read's outcome.
 */
final class MetadataHolder {

    /** What the refresher should tell the log about an outcome. */
    enum News {
        NONE,
        FIRST_READ,
        NOT_ON_EC2,
        OUTAGE_STARTED,
        RECOVERED
    }

    private volatile InstanceMetadata current = InstanceMetadata.probing();
    private volatile boolean stale;

    InstanceMetadata current() {
        return current;
    }

    /** True while IMDS fails after an earlier good read: the data shown is the last good one. */
    boolean stale() {
        return stale;
    }

    synchronized News succeeded(InstanceMetadata read) {
        InstanceMetadata.Location before = current.location();
        boolean wasStale = stale;
        current = read;
        stale = false;
        if (wasStale) {
            return News.RECOVERED;
        }
        return before == InstanceMetadata.Location.ON_EC2 ? News.NONE : News.FIRST_READ;
    }

    synchronized News failed(Instant at) {
        switch (current.location()) {
            case ON_EC2 -> {
                // One IMDS blip does not move an instance off EC2: keep the last good data.
                if (stale) {
                    return News.NONE;
                }
                stale = true;
                return News.OUTAGE_STARTED;
            }
            case PROBING -> {
                current = InstanceMetadata.notOnEc2(InstanceMetadata.Location.NOT_ON_EC2, at);
                return News.NOT_ON_EC2;
            }
            default -> {
                current = InstanceMetadata.notOnEc2(InstanceMetadata.Location.NOT_ON_EC2, at);
                return News.NONE;
            }
        }
    }

    /** IMDS switched off by configuration: no read will ever happen. */
    synchronized void disabled(Instant at) {
        current = InstanceMetadata.notOnEc2(InstanceMetadata.Location.NOT_ON_EC2, at);
        stale = false;
    }
}
