package dev.scaleout.app.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a database for the running Quarkus app and hands the app its connection settings
 * through the same variables the env file sets on an instance. Test classes that share a
 * test profile share one app and so one database.
 *
 * <p>Quarkus loads test classes again for each test profile, so a static field does not
 * survive a profile change: the database is stopped with the app that used it, and the next
 * profile's app starts it again (same data directory, so it comes back with its data).
 */
public class DatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static TestDatabase database;
    private static Thread shutdownHook;

    /** The running database, for tests that simulate an outage. */
    public static synchronized TestDatabase database() {
        if (database == null) {
            database = TestDatabase.start("test-mariadb");
            shutdownHook = new Thread(database::close);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return database;
    }

    @Override
    public Map<String, String> start() {
        return database().appEnvironment();
    }

    @Override
    public void stop() {
        synchronized (DatabaseResource.class) {
            if (database != null) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
                database.close();
                database = null;
            }
        }
    }
}
