package dev.scaleout.app.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives each start of the app under test a database of its own on the JVM's one server
 * ({@link SharedDatabase}), through the same variables the env file sets on an instance.
 */
public class DatabaseResource implements QuarkusTestResourceLifecycleManager {

    /** The JVM's database server (started on first use), for resources and outage tests. */
    public static TestDatabase database() {
        return SharedDatabase.get();
    }

    @Override
    public Map<String, String> start() {
        TestDatabase server = database();
        return server.appEnvironment(server.createDatabase());
    }

    /** The server outlives this app: the next app starts on it; it stops when the JVM exits. */
    @Override
    public void stop() {}
}
