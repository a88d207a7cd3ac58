package dev.scaleout.app.database;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives the connection pool its login each time it opens a connection. With DB_SECRET_ARN the
 * login comes from Secrets Manager, reused for {@code database.secret-refresh} so that a
 * rotated RDS password is picked up without a restart; if a refresh fails the last good
 * login is kept. Without it, DB_USER and DB_PASSWORD. The password is never logged.
 */
@ApplicationScoped
@Named("database-credentials")
@Unremovable
public class DatabaseCredentials implements CredentialsProvider {

    private static final Logger LOG = Logger.getLogger(DatabaseCredentials.class);

    private final DatabaseConfig config;
    private final Clock clock;
    private SecretsManagerCredentials secrets;
    private SecretsManagerCredentials.UserPassword cached;
    private Instant cachedAt = Instant.MIN;

    @Inject
    DatabaseCredentials(DatabaseConfig config) {
        this(config, Clock.systemUTC());
    }

    DatabaseCredentials(DatabaseConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        config.secretArn()
                .filter(arn -> !arn.isBlank())
                .map(SecretArn::parse) // bad ARN: fail at start
                .ifPresent(arn -> secrets =
                        new SecretsManagerCredentials(arn, config.timeout().multipliedBy(3)));
    }

    @Override
    public synchronized Map<String, String> getCredentials(String name) {
        SecretsManagerCredentials.UserPassword login = secrets == null
                ? new SecretsManagerCredentials.UserPassword(
                        config.user(), config.password().orElse(""))
                : fromSecret();
        return Map.of(USER_PROPERTY_NAME, login.user(), PASSWORD_PROPERTY_NAME, login.password());
    }

    private SecretsManagerCredentials.UserPassword fromSecret() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cachedAt.plus(config.secretRefresh()))) {
            return cached;
        }
        try {
            cached = secrets.read();
            cachedAt = now;
        } catch (RuntimeException e) {
            if (cached == null) {
                throw e; // nothing to fall back on: the connection attempt fails and readiness says so
            }
            LOG.warnf("could not refresh the database secret, keeping the last one: %s", e.getMessage());
        }
        return cached;
    }

    @PreDestroy
    void close() {
        if (secrets != null) {
            secrets.close();
        }
    }
}
