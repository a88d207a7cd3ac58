package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.amibuilder.bundle.BundleLocator;
import dev.scaleout.amibuilder.bundle.BundleReader;
import dev.scaleout.amibuilder.imagebuilder.ComponentDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first real start of the unit, as on the build instance: a minimal Debian (the root
 * filesystem scripts/install-test-tools caches) booted by systemd-nspawn, so a real systemd
 * applies the unit's sandbox (SystemCallFilter, RestrictAddressFamilies, capabilities, ...),
 * where the other ITs only run its command line. The component document's own lines run
 * inside: the build phase's InstallBundle (the real install.sh, as root, with systemctl),
 * the validate phase, and after a reboot the test phase. Stand-ins for what needs AWS:
 * InstallCorretto is the host's JDK 25 bound read-only with /usr/bin/java linked to it;
 * DownloadBundle is a copy of the real bundle to the step's destination. No database, as on
 * the build instance (the env file is the template): the health page does not need one.
 * Not exercised here: Amazon Linux 2023's own systemd build, SELinux policy and kernel.
 */
class UnitBootIT {

    static final String APP = ComponentDocument.APP;
    static final String HEALTH = "http://localhost" + ComponentDocument.HEALTH_PATH;
    static final String ROOTFS = "nspawn/debian-bookworm-minbase.tar";

    static Path root;
    static String document;
    static NspawnContainer container;

    @BeforeAll
    static void installTheBundleInABootedDebian() throws Exception {
        Assumptions.assumeTrue(run("id -u").strip().equals("0"), "systemd-nspawn needs root");
        assertThat(run("command -v systemd-nspawn nsenter || true"))
                .as("systemd-nspawn (Debian: systemd-container): " + "run scripts/install-test-tools")
                .contains("systemd-nspawn")
                .contains("nsenter");
        Path tarball = rootfsTarball();
        Path repo = BundleLocator.findRepoRoot(Path.of("")).orElseThrow();
        Path bundle = new BundleLocator(repo, System.out)
                .existing()
                .orElseThrow(() ->
                        new AssertionError("app/target/scaleout-app-bundle-*.tar.gz is missing: build the app first"));
        document =
                ComponentDocument.render(APP, BundleReader.read(bundle), "bucket", "key.tar.gz", "123456789012", false);

        Path work = Path.of("target", "unit-boot").toAbsolutePath();
        root = work.resolve("root");
        Path console = work.resolve("console.log");
        run("rm -rf --one-file-system " + root + " " + console + " && mkdir -p " + root
                + " && tar --numeric-owner -xpf " + tarball + " -C " + root);
        Path javaHome =
                ComponentInstallIT.javaForUnit().toRealPath().getParent().getParent();
        Files.createSymbolicLink(root.resolve("usr/bin/java"), javaHome.resolve("bin/java")); // InstallCorretto
        container = NspawnContainer.boot(root, List.of(javaHome.toString(), bundle.toString()), console);

        String download = "install -m 0644 " + bundle + " " + ComponentDocument.DOWNLOAD; // DownloadBundle
        NspawnContainer.Result install =
                container.exec(download + "\n" + String.join("\n", commands("InstallBundle")), 300);
        assertThat(install.exit()).as(install.output()).isZero();
        assertThat(install.output())
                .contains(ComponentDocument.DOWNLOAD + ": OK")
                .contains("Created symlink")
                .contains("enabled, not started");
        // each stop below (the reboot's too) waits out the drain: 2 s instead of the template's 10;
        // the stop test reads the value back from this file
        String env = "/etc/" + APP + "/app.env";
        NspawnContainer.Result shortDrain = container.exec(
                "sed -i 's/^DRAIN_SECONDS=.*/DRAIN_SECONDS=2/' " + env + " && grep -x DRAIN_SECONDS=2 " + env, 30);
        assertThat(shortDrain.exit()).as(shortDrain.output()).isZero();

        NspawnContainer.Result validate = container.exec(String.join("\n", commands("ServiceAnswersHealthPath")), 400);
        assertThat(validate.exit()).as("validate phase:\n%s", validate.output()).isZero();
        assertThat(validate.output()).contains(HEALTH + " answered 200");
    }

    @AfterAll
    static void shutDownAndRemoveTheRoot() throws Exception {
        if (container != null) {
            container.kill(); // the reboot test covers the orderly shutdown; this one would only wait out the drain
        }
        if (root != null) {
            run("rm -rf --one-file-system " + root);
        }
    }

    @Test
    void afterARebootTheServiceRunsByItselfInsideItsSandbox() throws Exception {
        container.reboot();
        // the test phase's ServiceUpAfterBoot, as AWSTOE runs it after its Reboot step
        NspawnContainer.Result up = container.exec(String.join("\n", commands("ServiceUpAfterBoot")), 400);
        assertThat(up.exit()).as("test phase:\n%s", up.output()).isZero();
        assertThat(up.output())
                .contains("enabled")
                .contains(HEALTH + " answered 200")
                .contains("active");
        assertThat(container.show(APP, "NRestarts"))
                .as("started once, not crash-looping")
                .isEqualTo("0");

        // the sandbox is applied to the running JVM, not only written in the unit
        String status = container
                .exec("cat /proc/" + container.show(APP, "MainPID") + "/status", 30)
                .output();
        String uid = container.exec("id -u " + APP, 30).output().strip();
        assertThat(status)
                .containsPattern("(?m)^Uid:\\s+" + uid + "\\s+" + uid + "\\s")
                .containsPattern("(?m)^NoNewPrivs:\\s+1$")
                .containsPattern("(?m)^Seccomp:\\s+2$") // SystemCallFilter: a seccomp filter is installed
                .containsPattern("(?m)^CapEff:\\s+0000000000000400$") // CAP_NET_BIND_SERVICE only
                .containsPattern("(?m)^CapBnd:\\s+0000000000000400$");
    }

    @Test
    void aKilledJavaProcessIsRestartedBySystemd() throws Exception {
        ensureServing();
        String pid = container.show(APP, "MainPID");
        int restarts = Integer.parseInt(container.show(APP, "NRestarts"));
        String since = container.exec("date +%s", 30).output().strip();

        assertThat(container.exec("kill -9 " + pid, 30).exit()).isZero();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Integer.parseInt(container.show(APP, "NRestarts")) == restarts) {
            assertThat(System.nanoTime())
                    .as("no restart within 120 s; journal:\n%s", journal(since))
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(waitFor200().exit())
                .as("answers again after the restart; journal:\n%s", journal(since))
                .isZero();
        assertThat(container.show(APP, "MainPID")).isNotEqualTo(pid).isNotEqualTo("0");
        assertThat(Integer.parseInt(container.show(APP, "NRestarts"))).isEqualTo(restarts + 1);
        assertThat(journal(since))
                .contains("Main process exited, code=killed, status=9/KILL")
                .contains("Scheduled restart job");
    }

    @Test
    void stopIsCleanAndTakesTheDrainTimeButNotTheStopTimeout() throws Exception {
        ensureServing();
        int drainSeconds = Integer.parseInt(container
                .exec("sed -n 's/^DRAIN_SECONDS=//p' /etc/" + APP + "/app.env", 30)
                .output()
                .strip());
        String timeoutStop = container.show(APP, "TimeoutStopUSec");
        assertThat(timeoutStop).as("TimeoutStopSec in whole seconds").matches("\\d+s");
        long timeoutStopMs = Long.parseLong(timeoutStop.replace("s", "")) * 1000;
        String since = container.exec("date +%s", 30).output().strip();

        long start = System.nanoTime();
        NspawnContainer.Result stop = container.exec("systemctl stop " + APP, 120);
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("UnitBootIT: systemctl stop took %d ms (DRAIN_SECONDS=%d)%n", stopMs, drainSeconds);

        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(container.show(APP, "Result"))
                .as("journal:\n%s", journal(since))
                .isEqualTo("success");
        assertThat(container.show(APP, "ExecMainStatus"))
                .as("SIGTERM: 143 is in SuccessExitStatus")
                .isIn("0", "143");
        assertThat(stopMs)
                .as("readiness stays DOWN for DRAIN_SECONDS before the JVM exits")
                .isGreaterThanOrEqualTo(drainSeconds * 1000L)
                .isLessThan(timeoutStopMs);
        assertThat(journal(since))
                .contains("stopped in")
                .doesNotContain("timed out")
                .doesNotContain("SIGKILL")
                .doesNotContain("Killing");
    }

    /**
     * The build phase's TrainAotCache step as root, as on the build instance: the cache is
     * written and the service starts from it. This test found that train-aot.sh under runuser
     * lost the cache (runuser SIGKILLs its child 2 s after a SIGTERM); ComponentInstallIT runs
     * it with --root, which skips the user switch, and could not see it.
     */
    @Test
    void theTrainAotCacheStepWritesTheCacheTheServiceStartsFrom() throws Exception {
        container.exec("systemctl stop " + APP, 120);
        NspawnContainer.Result train = container.exec(String.join("\n", commands("TrainAotCache")), 600);
        assertThat(train.exit()).as(train.output()).isZero();
        assertThat(container.exec("test -s /var/cache/" + APP + "/app.aot", 30).exit())
                .isZero();
        ensureServing();
    }

    private static void ensureServing() throws Exception {
        assertThat(container.exec("systemctl start " + APP, 120).exit()).isZero();
        NspawnContainer.Result up = waitFor200();
        assertThat(up.exit()).as("%s\njournal:\n%s", up.output(), journal("")).isZero();
    }

    private static NspawnContainer.Result waitFor200() throws Exception {
        return container.exec(ComponentDocument.WAIT_FOR_200 + "\nwait_for_200 " + HEALTH + " 180", 200);
    }

    /** The unit's journal (messages only), since a Unix time or, for "", the last 200 lines. */
    private static String journal(String sinceEpoch) throws Exception {
        String range = sinceEpoch.isEmpty() ? "-n 200" : "--since @" + sinceEpoch;
        return container
                .exec("journalctl -u " + APP + " --no-pager -o cat " + range, 60)
                .output();
    }

    static List<String> commands(String step) throws Exception {
        return ComponentInstallIT.commands(document, step);
    }

    /**
     * The cached root filesystem: NSPAWN_ROOTFS, else under SCALEOUT_TOOLS, else under the
     * checkout's .tools (where scripts/install-test-tools puts it).
     */
    static Path rootfsTarball() {
        String explicit = System.getenv("NSPAWN_ROOTFS");
        String tools = System.getenv("SCALEOUT_TOOLS");
        Path tarball = explicit != null && !explicit.isBlank()
                ? Path.of(explicit)
                : tools != null && !tools.isBlank()
                        ? Path.of(tools, ROOTFS)
                        : BundleLocator.findRepoRoot(Path.of(""))
                                .orElseThrow()
                                .resolve(".tools")
                                .resolve(ROOTFS);
        assertThat(tarball)
                .as("the Debian root filesystem: run scripts/install-test-tools, or set NSPAWN_ROOTFS")
                .isRegularFile();
        return tarball;
    }

    /** A host command through bash; its output, or an AssertionError with it. */
    static String run(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS))
                .as("%s did not finish", script)
                .isTrue();
        assertThat(p.exitValue()).as("%s:\n%s", script, out).isZero();
        return out;
    }
}
