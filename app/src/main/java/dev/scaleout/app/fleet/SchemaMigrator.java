package dev.scaleout.app.fleet;

import io.agroal.api.AgroalDataSource;
import io.quarkus.liquibase.LiquibaseFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.util.Optional;
import liquibase.Liquibase;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies the Liquibase changelog once the database is reachable. Not at start-up: an
 * instance must boot and pass the shallow health check even while RDS is unreachable.
 * Liquibase's lock table keeps instances that start together from migrating twice. When the
 * history table already lists every change set (every boot after the first deployment of a
 * version), Liquibase is not loaded at all ({@link ChangelogState}).
 */
@ApplicationScoped
class SchemaMigrator {

    private final Instance<LiquibaseFactory> liquibaseFactory; // looked up only when needed
    private final AgroalDataSource dataSource;
    private final Optional<ChangelogState> changelog;
    private volatile boolean migrated;

    SchemaMigrator(
            Instance<LiquibaseFactory> liquibaseFactory,
            AgroalDataSource dataSource,
            @ConfigProperty(name = "quarkus.liquibase.change-log") String changeLog) {
        this.liquibaseFactory = liquibaseFactory;
        this.dataSource = dataSource;
        this.changelog = ChangelogState.read(changeLog);
    }

    /** Whether the schema is known to be current (readiness waits for it). */
    boolean migrated() {
        return migrated;
    }

    /** Cheap once done; the first reader or heartbeat after the database answers does it. */
    void migrateOnce() {
        if (!migrated) {
            migrate();
        }
    }

    private synchronized void migrate() {
        if (migrated) {
            return;
        }
        if (alreadyApplied()) {
            migrated = true;
            return;
        }
        LiquibaseFactory factory = liquibaseFactory.get();
        try (Liquibase liquibase = factory.createLiquibase()) {
            liquibase.update(factory.createContexts(), factory.createLabels());
        } catch (Exception e) {
            throw new PersistenceException("schema migration failed: " + e.getMessage(), e);
        }
        migrated = true;
    }

    private boolean alreadyApplied() {
        if (changelog.isEmpty()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return changelog.get().isApplied(connection);
        } catch (Exception e) {
            throw new PersistenceException("schema check failed: " + e.getMessage(), e);
        }
    }
}
