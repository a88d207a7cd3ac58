package dev.scaleout.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.support.ExitException;
import org.junit.jupiter.api.Test;

/** Real RDS has no endpoint while creating (moto has one at once). */
class DbConnectionTest {

    @Test
    void aDatabaseStillCreatingHasNoConnectionYet() {
        assertThat(DbConnection.find(DbInstanceWaitTest.states("creating"), "my-db"))
                .isEmpty();
        assertThatThrownBy(() -> DbConnection.read(DbInstanceWaitTest.states("creating"), "my-db"))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("has no endpoint yet (it is creating)");
    }

    @Test
    void aMissingDatabaseHasNone() {
        assertThat(DbConnection.find(DbInstanceWaitTest.states((String) null), "my-db"))
                .isEmpty();
    }
}
