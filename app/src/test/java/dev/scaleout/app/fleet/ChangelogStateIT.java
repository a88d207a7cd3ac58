package dev.scaleout.app.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.app.testsupport.SharedDatabase;
import dev.scaleout.app.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The "schema is current" check against Liquibase's real history table on a real server. */
class ChangelogStateIT {

    private static TestDatabase database;
    private static String databaseName;

    @BeforeAll
    static void startDatabase() {
        database = SharedDatabase.get();
        databaseName = database.createDatabase();
    }

    @Test
    @SuppressWarnings("deprecation") // Liquibase(...).update: the shortest way to apply a changelog
    void currentOnlyOnceLiquibaseAppliedEveryChangeSet() throws Exception {
        ChangelogState shipped = ChangelogState.read("db/changelog.xml").orElseThrow();
        try (Connection connection = connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS fleet_instance, DATABASECHANGELOG, DATABASECHANGELOGLOCK");
            }
            assertThat(shipped.isApplied(connection)).as("no history table").isFalse();

            try (Liquibase liquibase = new Liquibase(
                    "db/changelog.xml", new ClassLoaderResourceAccessor(), new JdbcConnection(connect()))) {
                liquibase.update("");
            }
            assertThat(shipped.isApplied(connection))
                    .as("after Liquibase's update")
                    .isTrue();

            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM DATABASECHANGELOG WHERE ID = '2-fleet-instance-run'");
            }
            assertThat(shipped.isApplied(connection)).as("a change set missing").isFalse();
        }
    }

    private static Connection connect() throws Exception {
        String url = "jdbc:mysql://" + database.host() + ":" + database.port() + "/" + databaseName;
        return DriverManager.getConnection(url, database.user(), database.password());
    }
}
