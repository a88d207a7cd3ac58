package dev.scaleout.app.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a database for each start of the app under test and hands the app its connection
 * settings through the same variables the env file sets on an instance. Each test profile
 * runs in a class loader of its own, so the database lives as long as that app, not the JVM.
 */
public class DatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static TestDatabase database;

    /** The running database (started on first use), for resources and outage tests. */
    public static synchronized TestDatabase database() {
        if (database == null) {
            // Each test profile loads this class anew (statics reset): the clock keeps the names apart.
            database =
                    TestDatabase.start("test-mariadb-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
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
                database.close();
                database = null;
            }
        }
    }
}
