package dev.scaleout.app.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts one database for the whole test JVM and hands the app its connection settings
 * through the same variables the env file sets on an instance.
 */
public class DatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static TestDatabase database;

    /** The running database, for tests that simulate an outage. */
    public static synchronized TestDatabase database() {
        if (database == null) {
            database = TestDatabase.start("test-mariadb");
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        }
        return database;
    }

    @Override
    public Map<String, String> start() {
        return database().appEnvironment();
    }

    @Override
    public void stop() {
        // Kept for the next test class; the shutdown hook stops it with the JVM.
    }
}
