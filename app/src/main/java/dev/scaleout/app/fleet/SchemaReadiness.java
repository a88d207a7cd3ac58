package dev.scaleout.app.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the schema is current: the migration runs on first contact with the
 * database (the heartbeat, every few seconds), so a reachable database alone does not mean
 * the fleet pages can be served. Reads a flag; never waits on the database.
 */
@Readiness
@ApplicationScoped
class SchemaReadiness implements HealthCheck {

    static final String NAME = "schema";

    private final SchemaMigrator schema;

    SchemaReadiness(SchemaMigrator schema) {
        this.schema = schema;
    }

    @Override
    public HealthCheckResponse call() {
        return schema.migrated()
                ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME)
                        .down()
                        .withData("reason", "schema not migrated yet (runs once the database answers)")
                        .build();
    }
}
