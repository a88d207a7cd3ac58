package dev.scaleout.app.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the database, checked in the background every {@code database.check-interval}
 * with a {@code SELECT 1}: a readiness call reads the last result and never waits on the
 * database, so it answers at once even while the database is frozen. A check still running
 * after {@code database.timeout} counts as a failure.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "database";

    private final AgroalDataSource dataSource;
    private final Duration timeout;
    private final Duration interval;
    private ScheduledExecutorService checker;
    private volatile String failure = "not checked yet";
    private volatile long checkStartedNanos; // 0 when no check runs

    DatabaseReadiness(AgroalDataSource dataSource, DatabaseConfig config) {
        this.dataSource = dataSource;
        this.timeout = config.timeout();
        this.interval = config.checkInterval();
    }

    void start(@Observes StartupEvent event) {
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "database-readiness");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    private void check() {
        checkStartedNanos = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            statement.execute("SELECT 1");
            failure = null;
        } catch (Exception e) {
            failure = describe(e);
        } finally {
            checkStartedNanos = 0;
        }
    }

    @Override
    public HealthCheckResponse call() {
        String reason = failure;
        long started = checkStartedNanos;
        if (started != 0 && System.nanoTime() - started > timeout.toNanos()) {
            reason = "no answer within " + timeout.toMillis() + " ms";
        }
        return reason == null
                ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME)
                        .down()
                        .withData("reason", reason)
                        .build();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
