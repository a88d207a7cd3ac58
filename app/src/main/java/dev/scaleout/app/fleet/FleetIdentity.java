package dev.scaleout.app.fleet;

import dev.scaleout.app.ec2meta.InstanceMetadata;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The key an instance registers under: its EC2 instance id, or a local name off EC2. */
final class FleetIdentity {

    private static final String LOCAL_ID =
            "local-" + hostName() + "-" + ProcessHandle.current().pid();
    // Resolved once: getLocalHost() may ask DNS, and the heartbeat needs it every beat.
    private static final String LOCAL_ADDRESS = resolveLocalAddress();

    private FleetIdentity() {}

    static String of(InstanceMetadata instance) {
        return instance.onEc2() && instance.instanceId() != null ? instance.instanceId() : LOCAL_ID;
    }

    static String localAddress() {
        return LOCAL_ADDRESS;
    }

    private static String resolveLocalAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.length() > 30 ? name.substring(0, 30) : name;
        } catch (UnknownHostException e) {
            return "host";
        }
    }
}
