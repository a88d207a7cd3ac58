package dev.scaleout.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands as the infra CLI will mount them: options, help, and user errors before any AWS call. */
class OperateCliTest extends WithoutAwsCli {

    @Test
    void aZeroIntervalIsAUserErrorNamingTheOption() {
        int exit = run("status", "--watch", "--interval", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--interval must be at least 1 second: pass e.g. --interval 5");
    }

    @Test
    void aZeroCountIsAUserError() {
        assertThat(run("status", "--watch", "--count", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--count must be at least 1");
    }

    @Test
    void rolloutToVersionZeroIsAUserError() {
        assertThat(run("rollout", "--to", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--to must be a launch template version number");
    }

    @Test
    void aVersionThatIsNotANumberIsAUserError() {
        assertThat(run("rollout", "--to", "latest")).isEqualTo(2);
        assertThat(err.toString()).contains("--to").contains("latest");
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run("status", "--help")).isZero();
        assertThat(out.toString()).contains("--watch", "--json", "--interval=SECONDS", "--count=N");
        out.getBuffer().setLength(0);
        assertThat(run("rollout", "--help")).isZero();
        assertThat(out.toString()).contains("--to=VERSION", "--timeout=MINUTES", "--url=URL");
    }

    @Test
    void everySubcommandTakesTheStackOptions() {
        for (String command : List.of("plan", "apply", "destroy", "status", "rollout", "demo")) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).isZero();
            assertThat(out.toString()).as(command).contains("--config=FILE", "--region=<region>", "--stats");
        }
    }

    @Test
    void aRegionThatIsNotOneIsExit2BeforeAnyAwsCall() {
        assertThat(run("status", "--region", "moon")).isEqualTo(2);
        assertThat(err.toString()).contains("'moon' is not an AWS region").doesNotContain("\tat ");
    }
}
