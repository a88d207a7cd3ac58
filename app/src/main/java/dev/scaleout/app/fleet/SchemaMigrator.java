package dev.scaleout.app.fleet;

import io.quarkus.liquibase.LiquibaseFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import liquibase.Liquibase;

/**
 * Applies the Liquibase changelog once the database is reachable. Not at start-up: an
 * instance must boot and pass the shallow health check even while RDS is unreachable.
 * Liquibase's lock table keeps instances that start together from migrating twice.
 */
@ApplicationScoped
class SchemaMigrator {

    private final LiquibaseFactory liquibaseFactory;
    private volatile boolean migrated;

    SchemaMigrator(LiquibaseFactory liquibaseFactory) {
        this.liquibaseFactory = liquibaseFactory;
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
        try (Liquibase liquibase = liquibaseFactory.createLiquibase()) {
            liquibase.update(liquibaseFactory.createContexts(), liquibaseFactory.createLabels());
        } catch (Exception e) {
            throw new PersistenceException("schema migration failed: " + e.getMessage(), e);
        }
        migrated = true;
    }
}
