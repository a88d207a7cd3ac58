package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfirmationTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {"yes|true", "  yes  |true", "y|false", "Yes|false", "YES|false", "no|false", "''|false"})
    void onlyYesGoesOn(String typed, boolean goesOn) {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Confirmation c = new Confirmation(
                new ByteArrayInputStream((typed + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(shown, true, StandardCharsets.UTF_8),
                true);

        assertThat(c.ask("Apply?")).isEqualTo(goesOn);
        assertThat(shown.toString(StandardCharsets.UTF_8)).isEqualTo("Apply? Only 'yes' is accepted: ");
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void theEndOfInputIsARefusal(boolean canAsk) {
        Confirmation c = new Confirmation(
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), canAsk);
        assertThat(c.ask("Destroy?")).isFalse();
        assertThat(c.canAsk()).isEqualTo(canAsk);
    }

    @org.junit.jupiter.api.Test
    void aRefusalIsExit1AndNoTerminalIsExit2() {
        assertThat(Confirmation.cancelled("nothing deleted").code()).isEqualTo(1);
        assertThat(Confirmation.cancelled("nothing deleted"))
                .hasMessage("not confirmed: nothing deleted (pass --yes to skip the question)");
        assertThat(Confirmation.needsYes("destroy deletes resources").code()).isEqualTo(2);
        assertThat(Confirmation.needsYes("destroy deletes resources"))
                .hasMessage("destroy deletes resources and there is no terminal to confirm on: pass --yes");
    }
}
