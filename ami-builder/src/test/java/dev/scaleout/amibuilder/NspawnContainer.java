package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian root filesystem booted by {@code systemd-nspawn --boot}: a real systemd as PID 1,
 * so units run with their sandbox as on an instance. No machined and no system bus here:
 * {@code --register=no --keep-unit}. {@code --private-network}: only loopback inside, so the
 * unit's port 80 clashes with nothing on the host. Commands run inside with nsenter into the
 * container's PID 1.
 */
final class NspawnContainer implements AutoCloseable {

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path root;
    private final List<String> bindsReadOnly;
    private final Path consoleLog;
    private Process nspawn;
    private long leader;

    private NspawnContainer(Path root, List<String> bindsReadOnly, Path consoleLog) {
        this.root = root;
        this.bindsReadOnly = bindsReadOnly;
        this.consoleLog = consoleLog;
    }

    /** Boots ROOT with the given host paths bound read-only at the same place inside. */
    static NspawnContainer boot(Path root, List<String> bindsReadOnly, Path consoleLog) throws Exception {
        NspawnContainer container = new NspawnContainer(root, bindsReadOnly, consoleLog);
        try {
            container.start();
        } catch (Exception | AssertionError e) {
            container.close();
            throw e;
        }
        return container;
    }

    private void start() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "systemd-nspawn",
                "--quiet",
                "--directory=" + root,
                "--machine=scaleout-unit-it-" + ProcessHandle.current().pid(),
                "--boot",
                "--register=no",
                "--keep-unit",
                "--private-network",
                "--console=read-only"));
        bindsReadOnly.forEach(bind -> command.add("--bind-ro=" + bind));
        nspawn = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (leader == 0) {
            assertThat(nspawn.isAlive())
                    .as("systemd-nspawn exited; console:\n%s", console())
                    .isTrue();
            assertThat(System.nanoTime()).as("no container PID 1 after 120 s").isLessThan(deadline);
            leader = nspawn.toHandle()
                    .descendants()
                    .mapToLong(ProcessHandle::pid)
                    .filter(NspawnContainer::isNamespaceInit)
                    .findFirst()
                    .orElse(0L);
            Thread.sleep(50);
        }
        // systemd answers on its private socket once it runs; --wait then blocks until boot is done
        String state = "";
        while (!state.equals("running") && !state.equals("degraded")) {
            assertThat(System.nanoTime())
                    .as("boot did not finish in 120 s (state %s); console:\n%s", state, console())
                    .isLessThan(deadline);
            state = exec("systemctl is-system-running --wait 2>/dev/null || true", 130)
                    .output()
                    .strip();
            if (!state.equals("running") && !state.equals("degraded")) {
                Thread.sleep(100); // "offline" (or nothing) until systemd listens
            }
        }
        assertThat(state)
                .as(
                        "boot state; failed units:\n%s",
                        exec("systemctl --failed --no-legend", 30).output())
                .isEqualTo("running");
    }

    /** PID 1 of its own PID namespace (nspawn's intermediate child is not): the last NSpid is 1. */
    private static boolean isNamespaceInit(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .anyMatch(l -> l.startsWith("NSpid:") && l.endsWith("\t1"));
        } catch (IOException e) {
            return false; // gone already
        }
    }

    record Result(int exit, String output) {}

    /** A bash script run as root inside, with a clean environment; stdout and stderr together. */
    Result exec(String script, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("nspawn-exec", ".out");
        try {
            Process p = new ProcessBuilder(
                            "nsenter",
                            "--target=" + leader,
                            "--all",
                            "env",
                            "-i",
                            "PATH=" + PATH,
                            "LANG=C.UTF-8",
                            "bash",
                            "-c",
                            script)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("did not finish in " + timeoutSeconds + " s inside the container: " + script
                        + "\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A single value of {@code systemctl show}. */
    String show(String unit, String property) throws Exception {
        Result r = exec("systemctl show --value -p " + property + " " + unit, 30);
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output().strip();
    }

    /** Shuts the container down as a reboot would, and boots it again from the same root. */
    void reboot() throws Exception {
        close();
        start();
    }

    String console() {
        try {
            List<String> lines = Files.readAllLines(consoleLog);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e + ")";
        }
    }

    /**
     * Ends the container at once, without the orderly shutdown (which waits out the app's drain):
     * SIGKILL to its PID 1 ends every process of its PID namespace, then systemd-nspawn exits.
     * For the end of a test, where the shutdown shows nothing.
     */
    void kill() throws InterruptedException {
        if (nspawn == null) {
            return;
        }
        if (leader != 0) {
            ProcessHandle.of(leader).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (!nspawn.waitFor(60, TimeUnit.SECONDS)) {
            nspawn.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        nspawn = null;
        leader = 0;
    }

    /** SIGTERM to systemd-nspawn: an orderly shutdown of the container's systemd. */
    @Override
    public void close() throws InterruptedException {
        if (nspawn == null) {
            return;
        }
        nspawn.destroy();
        if (!nspawn.waitFor(90, TimeUnit.SECONDS)) {
            if (leader != 0) {
                ProcessHandle.of(leader).ifPresent(ProcessHandle::destroyForcibly); // ends the whole PID namespace
            }
            nspawn.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        nspawn = null;
        leader = 0;
    }
}
