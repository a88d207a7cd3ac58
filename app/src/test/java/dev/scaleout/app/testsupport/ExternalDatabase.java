package dev.scaleout.app.testsupport;

import java.net.URI;

/** A server given by TEST_DB_JDBC_URL (with TEST_DB_USER and TEST_DB_PASSWORD); we do not own it. */
record ExternalDatabase(String host, int port, String user, String password) implements TestDatabase {

    static ExternalDatabase fromEnvironment(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:mysql://")) {
            throw new IllegalArgumentException(
                    "TEST_DB_JDBC_URL must look like jdbc:mysql://host:3306/" + DATABASE + ", got " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return new ExternalDatabase(
                uri.getHost(),
                uri.getPort() < 0 ? 3306 : uri.getPort(),
                envOr("TEST_DB_USER", "root"),
                envOr("TEST_DB_PASSWORD", ""));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    @Override
    public boolean canSimulateOutage() {
        return false;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("cannot stop a database given by TEST_DB_JDBC_URL");
    }

    @Override
    public void restart() {
        throw new UnsupportedOperationException("cannot restart a database given by TEST_DB_JDBC_URL");
    }

    @Override
    public void close() {}
}
