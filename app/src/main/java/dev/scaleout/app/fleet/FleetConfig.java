package dev.scaleout.app.fleet;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "fleet")
public interface FleetConfig {

    /** How often each instance writes its heartbeat. */
    Duration heartbeatInterval();

    /** An instance seen within this window is live. */
    Duration liveWindow();

    /** How long an instance that stopped beating stays listed as gone. */
    Duration goneWindow();

    /** How long one read of the fleet serves the pages. */
    Duration readCache();
}
