package dev.scaleout.app.database;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;

/** Who the app logs in to MySQL as: DB_USER and DB_PASSWORD, or the RDS secret DB_SECRET_ARN. */
@ConfigMapping(prefix = "database")
public interface DatabaseConfig {

    String user();

    Optional<String> password();

    /** The Secrets Manager secret RDS keeps the master credentials in; wins over user/password. */
    Optional<String> secretArn();

    /** How long a secret read is reused; RDS rotates managed secrets, so keep it short. */
    Duration secretRefresh();

    /**
     * How long any database path may take before the app gives up (DB_TIMEOUT_MS, 1 s by
     * default): JDBC connect and socket timeouts, pool acquisition, transactions, the secret
     * read, and how long a page waits for a fleet read.
     */
    Duration timeout();

    /** How often readiness checks the database in the background. */
    Duration checkInterval();
}
