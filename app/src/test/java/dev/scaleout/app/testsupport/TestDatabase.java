package dev.scaleout.app.testsupport;

import java.util.Map;

/**
 * A MySQL-compatible server for tests and for the local run. Picked in the order the design
 * notes give: an explicit JDBC URL from the environment, a MySQL 8 container when a Docker
 * engine is present, otherwise an embedded MariaDB.
 */
public interface TestDatabase extends AutoCloseable {

    String DATABASE = "scaleout";

    String host();

    int port();

    String user();

    String password();

    /** Whether {@link #stop()} and {@link #restart()} work (not for a server we do not own). */
    boolean canSimulateOutage();

    /** Takes the server down, as an outage would; clients see refused or dead connections. */
    void stop();

    /** Brings the server back on the same port with its data. */
    void restart();

    /** Whether {@link #freeze()} works: only for a server process of our own. */
    default boolean canFreeze() {
        return false;
    }

    /** SIGSTOP of the server process: connections stay open and nothing answers (a frozen host). */
    default void freeze() {
        throw new UnsupportedOperationException("this database cannot be frozen");
    }

    /** SIGCONT after {@link #freeze()}. */
    default void thaw() {
        throw new UnsupportedOperationException("this database cannot be frozen");
    }

    @Override
    void close();

    /**
     * A new, empty database on this server that {@link #user()} may use, for one app of several
     * sharing the server; its name. Where we cannot create one, the one database: {@link #DATABASE}.
     */
    default String createDatabase() {
        return DATABASE;
    }

    /** The variables the app reads (the env-file contract), pointing at this server. */
    default Map<String, String> appEnvironment() {
        return appEnvironment(DATABASE);
    }

    /** The variables the app reads, pointing at the named database on this server. */
    default Map<String, String> appEnvironment(String database) {
        return Map.of(
                "DB_HOST", host(),
                "DB_PORT", String.valueOf(port()),
                "DB_NAME", database,
                "DB_USER", user(),
                "DB_PASSWORD", password());
    }

    static TestDatabase start(String dataDirName) {
        String url = System.getenv("TEST_DB_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return ExternalDatabase.fromEnvironment(url);
        }
        if (ContainerDatabase.dockerAvailable()) {
            return ContainerDatabase.start();
        }
        return EmbeddedMariaDb.start(dataDirName);
    }
}
