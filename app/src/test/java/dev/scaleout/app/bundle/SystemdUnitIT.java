package dev.scaleout.app.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * (a) The bundle's unit passes {@code systemd-analyze verify} and keeps the settings the AMI
 * relies on; its env-file template documents the whole env-var contract.
 */
class SystemdUnitIT {

    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private static final Path DIR = Bundle.WORK.resolve("verify");

    @BeforeAll
    static void systemdAnalyzeIsHere() {
        assertThat(SYSTEMD_ANALYZE)
                .as("systemd-analyze (Debian package systemd)")
                .isExecutable();
        Bundle.deleteTree(DIR);
    }

    /**
     * verify checks that ExecStart's binary exists, so it runs on a copy whose /usr/bin/java is
     * the JDK standing in for the AMI's; every other line is the bundle's own. Its exit code is 0
     * even for unknown keys and unparsable values (they are warnings), so any output fails.
     */
    @Test
    void unitPassesSystemdAnalyzeVerify() {
        Result result = verify("unit", Bundle.read(Bundle.unit()));
        assertThat(result.exit())
                .as("systemd-analyze verify: %s", result.output())
                .isZero();
        assertThat(result.output()).as("warnings of systemd-analyze verify").isBlank();
    }

    /** Guards the test above: verify does report a bad key and a bad value on this machine. */
    @Test
    void verifyReallyChecksHere() {
        String broken = Bundle.read(Bundle.unit())
                .replace("NoNewPrivileges=yes", "NoNewPrivilegs=yes")
                .replace("Restart=on-failure", "Restart=sometimes");
        Result result = verify("broken", broken);
        assertThat(result.output()).contains("Unknown key 'NoNewPrivilegs'").contains("sometimes");
        Result missingBinary = verify(
                "missing-binary",
                Bundle.read(Bundle.unit()).replace("ExecStart=/usr/bin/java", "ExecStart=/nonexistent/java"));
        assertThat(missingBinary.exit())
                .as("verify with a missing ExecStart binary")
                .isNotZero();
    }

    @Test
    void unitKeepsWhatTheAmiReliesOn() {
        Path unit = Bundle.unit();
        assertThat(Bundle.value(unit, "Service", "User")).isEqualTo("scaleout-app");
        assertThat(Bundle.value(unit, "Service", "Group")).isEqualTo("scaleout-app");
        assertThat(Bundle.value(unit, "Service", "EnvironmentFile")).isEqualTo("/etc/scaleout-app/app.env");
        assertThat(Bundle.value(unit, "Service", "Restart")).isEqualTo("on-failure");
        assertThat(Bundle.value(unit, "Service", "AmbientCapabilities")).isEqualTo("CAP_NET_BIND_SERVICE");
        assertThat(Bundle.value(unit, "Service", "CapabilityBoundingSet")).isEqualTo("CAP_NET_BIND_SERVICE");
        assertThat(Bundle.value(unit, "Install", "WantedBy")).isEqualTo("multi-user.target");
        for (String key : List.of(
                "NoNewPrivileges",
                "ProtectHome",
                "PrivateTmp",
                "PrivateDevices",
                "ProtectKernelTunables",
                "ProtectKernelModules",
                "ProtectControlGroups",
                "RestrictSUIDSGID")) {
            assertThat(Bundle.value(unit, "Service", key)).as(key).isEqualTo("yes");
        }
        assertThat(Bundle.value(unit, "Service", "ProtectSystem")).isEqualTo("strict");
        // the drain: SIGTERM, readiness DOWN for DRAIN_SECONDS, then as long again for requests
        int drain = Integer.parseInt(Bundle.unitEnvironment(unit).get("DRAIN_SECONDS"));
        assertThat(Integer.parseInt(Bundle.value(unit, "Service", "TimeoutStopSec")))
                .as("TimeoutStopSec vs 2 x DRAIN_SECONDS")
                .isGreaterThan(2 * drain);
        assertThat(Bundle.value(unit, "Service", "SuccessExitStatus"))
                .as("a JVM stopped by SIGTERM exits 143")
                .contains("143");
        assertThat(Bundle.unitEnvironment(unit)).containsEntry("HTTP_PORT", "80");
        List<String> exec = Bundle.execStart(unit);
        assertThat(exec.get(0)).isEqualTo("/usr/bin/java");
        assertThat(exec)
                .contains("-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/scaleout-app/quarkus-app/quarkus-run.jar")
                .anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage="))
                .noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-Xms"));
        // whatever the JVM writes lives where the sandbox lets it write
        assertThat(exec)
                .filteredOn(a -> a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:ErrorFile="))
                .allMatch(a -> a.contains("=/var/cache/scaleout-app/") || a.contains("=/var/log/scaleout-app/"));
        assertThat(Bundle.value(unit, "Service", "CacheDirectory")).isEqualTo("scaleout-app");
        assertThat(Bundle.value(unit, "Service", "LogsDirectory")).isEqualTo("scaleout-app");
    }

    /** systemd's own hardening score (0 best, 10 worst) for the unit, offline. */
    @Test
    void exposureStaysLow() {
        Path copy = DIR.resolve("security").resolve(Bundle.APP + ".service");
        Bundle.write(copy, Bundle.read(Bundle.unit()));
        Bundle.Result r = Bundle.run(
                List.of(SYSTEMD_ANALYZE.toString(), "security", "--offline=yes", copy.toString()),
                Map.of("SYSTEMD_COLORS", "0"),
                60);
        Matcher m = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)")
                .matcher(r.stdout());
        assertThat(m.find())
                .as("systemd-analyze security output: %s %s", r.stdout(), r.stderr())
                .isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("exposure level").isLessThanOrEqualTo(2.0);
    }

    /** Every variable application.properties reads, plus DB_SECRET_ARN, is in the template. */
    @Test
    void templateDocumentsTheWholeContract() {
        Set<String> contract = new TreeSet<>(List.of(
                "DB_HOST",
                "DB_PORT",
                "DB_NAME",
                "DB_USER",
                "DB_PASSWORD",
                "DB_SECRET_ARN",
                "STRESS_ENABLED",
                "STRESS_TOKEN",
                "DRAIN_SECONDS",
                "HTTP_PORT"));
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]")
                .matcher(Bundle.read(Path.of("src/main/resources/application.properties")));
        while (m.find()) {
            contract.add(m.group(1));
        }
        String template = Bundle.read(Bundle.dir().resolve("app.env.template"));
        for (String variable : contract) {
            assertThat(template)
                    .as("app.env.template documents %s", variable)
                    .containsPattern("(?m)^#?" + variable + "=");
        }
        assertThat(template).containsIgnoringCase("user data").contains("DB_SECRET_ARN");
        assertThat(Bundle.environmentFile(Bundle.dir().resolve("app.env.template")))
                .as("the template sets no password")
                .doesNotContainKey("DB_PASSWORD");
    }

    private record Result(int exit, String output) {}

    private static Result verify(String name, String unitText) {
        Path copy = DIR.resolve(name).resolve(Bundle.APP + ".service");
        Bundle.write(copy, unitText.replace("ExecStart=/usr/bin/java", "ExecStart=" + Bundle.javaForUnit()));
        assertThat(Files.exists(copy)).isTrue();
        Bundle.Result r = Bundle.run(
                List.of(SYSTEMD_ANALYZE.toString(), "verify", copy.toString()), Map.of("SYSTEMD_COLORS", "0"), 60);
        return new Result(r.exit(), (r.stdout() + r.stderr()).strip());
    }
}
