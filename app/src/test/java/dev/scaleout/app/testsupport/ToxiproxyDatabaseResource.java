package dev.scaleout.app.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * The test database behind a Toxiproxy proxy: the app talks to the proxy, tests inject faults
 * into it (and may still freeze the database process itself).
 */
public class ToxiproxyDatabaseResource extends DatabaseResource {

    private static Toxiproxy toxiproxy;

    public static synchronized Toxiproxy toxiproxy() {
        return toxiproxy;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> env = new HashMap<>(super.start());
        synchronized (ToxiproxyDatabaseResource.class) {
            toxiproxy = Toxiproxy.start(database().port());
            env.put("DB_HOST", "127.0.0.1");
            env.put("DB_PORT", String.valueOf(toxiproxy.port()));
        }
        return env;
    }

    @Override
    public void stop() {
        synchronized (ToxiproxyDatabaseResource.class) {
            if (toxiproxy != null) {
                toxiproxy.close();
                toxiproxy = null;
            }
        }
        super.stop();
    }
}
