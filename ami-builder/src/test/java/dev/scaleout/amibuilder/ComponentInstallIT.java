package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scaleout.amibuilder.bundle.Bundle;
import dev.scaleout.amibuilder.bundle.BundleLocator;
import dev.scaleout.amibuilder.bundle.BundleReader;
import dev.scaleout.amibuilder.imagebuilder.ComponentDocument;
import dev.scaleout.support.testing.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered component document run for real against the app's real bundle: the build
 * phase's InstallBundle lines (checksum, unpack, install.sh; the one adaptation is
 * install.sh --root, as there is no root or systemd here), the installed unit through
 * systemd-analyze verify, then the app started with the unit's exact ExecStart and env
 * file, and the validate phase's own wait_for_200 against the health path. What the app
 * module's bundle ITs already check about the unit itself is not repeated.
 */
class ComponentInstallIT {

    static Path realBundle;
    static Bundle bundle;
    static String document;

    @TempDir
    Path dir;

    @BeforeAll
    static void renderForTheRealBundle() {
        Path repo = BundleLocator.findRepoRoot(Path.of("")).orElseThrow();
        realBundle = new BundleLocator(repo, System.out)
                .existing()
                .orElseThrow(() -> new AssertionError(
                        "app/target/scaleout-app-bundle-*.tar.gz is missing: build the app first ('mvn -pl app package -DskipTests', "
                                + "or 'mvn verify' from the root, which builds app before ami-builder)"));
        bundle = BundleReader.read(realBundle);
        document =
                ComponentDocument.render("scaleout-app", bundle, "bucket", "bundles/key.tar.gz", "123456789012", false);
    }

    /** The commands of one step, read back from the YAML document. */
    static List<String> commands(String step) throws IOException {
        return commands(document, step);
    }

    static List<String> commands(String document, String step) throws IOException {
        List<String> commands = new ArrayList<>();
        for (JsonNode phase : new YAMLMapper().readTree(document).get("phases")) {
            for (JsonNode s : phase.get("steps")) {
                if (s.get("name").asText().equals(step)) {
                    s.at("/inputs/commands").forEach(c -> commands.add(c.asText()));
                }
            }
        }
        assertThat(commands).as("step %s in the document", step).isNotEmpty();
        return commands;
    }

    static Result bash(String script, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {}

    @Test
    void buildPhaseInstallsTheRealBundleAndTheServiceAnswersTheHealthPathWithTheUnitsCommandLine() throws Exception {
        // --- build phase: InstallBundle, with the download where DownloadBundle puts it ---
        Path download = Files.copy(realBundle, dir.resolve("download.tar.gz"));
        Path unpack = dir.resolve("unpack");
        Path root = dir.resolve("root");
        List<String> install = new ArrayList<>();
        for (String line : commands("InstallBundle")) {
            String l = line.replace(ComponentDocument.DOWNLOAD, download.toString())
                    .replace(ComponentDocument.UNPACK_DIR, unpack.toString());
            install.add(l.endsWith("/install.sh") ? l + " --root " + root : l);
        }
        assertThat(install)
                .anyMatch(l -> l.contains("sha256sum -c"))
                .last()
                .asString()
                .endsWith("install.sh --root " + root);
        Path javaForUnit = javaForUnit();
        Result installed = bash(
                String.join("\n", install), Map.of("PATH", javaForUnit.getParent() + ":" + System.getenv("PATH")), 300);
        assertThat(installed.exit()).as(installed.output()).isZero();
        assertThat(installed.output()).contains(": OK").contains("installing scaleout-app");

        Path unit = root.resolve("etc/systemd/system/scaleout-app.service");
        Path envFile = root.resolve("etc/scaleout-app/app.env");
        assertThat(unit).isRegularFile();
        assertThat(root.resolve("opt/scaleout-app/quarkus-app/quarkus-run.jar")).isRegularFile();

        // --- the installed unit passes systemd-analyze verify (any output is a warning) ---
        Path verifyDir = Files.createDirectories(dir.resolve("verify"));
        Files.copy(unit, verifyDir.resolve("scaleout-app.service"));
        Result verify = bash("systemd-analyze verify " + verifyDir.resolve("scaleout-app.service"), Map.of(), 60);
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify warnings").isBlank();

        // --- the service as systemd would start it: ExecStart, Environment=, then the env file ---
        int port = FreePort.find();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", "/nonexistent");
        for (String assignment : values(unit, "Environment")) {
            for (String kv : assignment.split("\\s+")) {
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        assertThat(values(unit, "EnvironmentFile")).containsExactly("/etc/scaleout-app/app.env");
        for (String line : Files.readAllLines(envFile)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        env.put("HTTP_PORT", String.valueOf(port)); // port 80 needs the unit's capability
        env.put("DRAIN_SECONDS", "1");
        env.put("AWS_EC2_METADATA_DISABLED", "true"); // not an EC2 instance
        Files.createDirectories(root.resolve("var/cache/scaleout-app"));
        Files.createDirectories(root.resolve("var/log/scaleout-app"));

        List<String> execStart = List.of(values(unit, "ExecStart").get(0).split("\\s+"));
        assertThat(execStart.get(0)).isEqualTo("/usr/bin/java");
        List<String> command = new ArrayList<>(List.of(javaForUnit.toString()));
        for (String arg : execStart.subList(1, execStart.size())) {
            command.add(arg.replace("%%", "%").replaceAll("(^|=)/(opt|var|etc)/", "$1" + root + "/$2/"));
        }
        Path log = dir.resolve("service.log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.resolve("opt/scaleout-app").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process app = pb.start();
        try {
            // --- validate phase: its own wait_for_200, pointed at this port ---
            List<String> validate = commands("ServiceAnswersHealthPath");
            String waitFunction = validate.stream()
                    .filter(l -> l.startsWith("wait_for_200()"))
                    .findFirst()
                    .orElseThrow();
            String waitCall = validate.stream()
                    .filter(l -> l.startsWith("wait_for_200 http://localhost/ec2meta-webpage/index.php"))
                    .findFirst()
                    .orElseThrow()
                    .replace("http://localhost/", "http://127.0.0.1:" + port + "/")
                    .replaceFirst(" \\d+$", " 90");
            Result health = bash("set -euo pipefail\n" + waitFunction + "\n" + waitCall, Map.of(), 200);
            assertThat(health.exit())
                    .as("%s\nservice log:\n%s", health.output(), tail(log))
                    .isZero();
            assertThat(health.output()).contains("/ec2meta-webpage/index.php answered 200");
        } finally {
            app.destroy(); // SIGTERM, as systemctl stop
            assertThat(app.waitFor(45, TimeUnit.SECONDS)).isTrue();
        }
        // the TrainAotCache step: the bundle's train-aot.sh writes the cache the unit starts from
        Result trained = bash(
                root.resolve("opt/scaleout-app/train-aot.sh") + " --root " + root + " --port " + FreePort.find(),
                Map.of("PATH", javaForUnit.getParent() + ":" + System.getenv("PATH")),
                240);
        assertThat(trained.exit()).as(trained.output()).isZero();
        assertThat(root.resolve("var/cache/scaleout-app/app.aot"))
                .as(trained.output())
                .isNotEmptyFile();
    }

    @Test
    void validateWaitGivesUpWithANonZeroExitWhenNothingAnswers() throws Exception {
        String waitFunction = commands("ServiceAnswersHealthPath").stream()
                .filter(l -> l.startsWith("wait_for_200()"))
                .findFirst()
                .orElseThrow();
        Result r = bash(waitFunction + "\nwait_for_200 http://127.0.0.1:" + FreePort.find() + "/ 3", Map.of(), 30);
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("did not answer 200 within 3 s");
    }

    @Test
    void aTamperedDownloadFailsTheChecksumLine() throws Exception {
        Path download = dir.resolve("download.tar.gz");
        Files.writeString(download, "not the bundle");
        String check = commands("InstallBundle").stream()
                .filter(l -> l.contains("sha256sum -c"))
                .findFirst()
                .orElseThrow()
                .replace(ComponentDocument.DOWNLOAD, download.toString());
        assertThat(bash("set -euo pipefail\n" + check, Map.of(), 30).exit()).isNotZero();
    }

    @Test
    void aFailingStepPrintsTheUnitsJournalToStderrAndStillFails() throws Exception {
        // journalctl and systemctl stand-ins: the trap's effect, not systemd, is under test here
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(
                bin.resolve("journalctl"),
                "#!/bin/sh\necho \"journal: $*\"\necho 'scaleout-app[42]: Failed to bind port 80'\n");
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\nexit 0\n");
        bin.resolve("journalctl").toFile().setExecutable(true);
        bin.resolve("systemctl").toFile().setExecutable(true);
        List<String> validate = new ArrayList<>();
        for (String line : commands("ServiceAnswersHealthPath")) {
            validate.add(line.replace("http://localhost/", "http://127.0.0.1:" + FreePort.find() + "/")
                    .replaceFirst(" 180$", " 3"));
        }

        ProcessBuilder pb = new ProcessBuilder("bash", "-c", String.join("\n", validate));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes());
        String stderr = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(stdout + stderr).isNotZero();
        assertThat(stderr)
                .contains("did not answer 200 within 3 s")
                .contains("--- journalctl -u scaleout-app")
                .contains("journal: -u scaleout-app --no-pager -n 200")
                .contains("Failed to bind port 80");
        assertThat(stdout).doesNotContain("journal:");
    }

    /** Values of a [Service] key, continuation lines joined, comments skipped. */
    static List<String> values(Path unit, String key) throws IOException {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(unit)) {
            String line = raw.strip();
            if (current.length() == 0 && line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String logical = current.toString();
            current.setLength(0);
            if (logical.startsWith(key + "=")) {
                values.add(logical.substring(key.length() + 1).strip().replaceAll("\\s+", " "));
            }
        }
        return values;
    }

    /** A JDK 25+ standing in for the AMI's Corretto (the unit uses -XX:AOTCache). */
    static Path javaForUnit() throws IOException {
        if (Runtime.version().feature() >= 25) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            Optional<Path> newest = jdks.filter(h -> Files.isExecutable(h.resolve("bin/java")))
                    .filter(h -> major(h) >= 25)
                    .max(Comparator.comparingInt(ComponentInstallIT::major));
            return newest.map(h -> h.resolve("bin/java"))
                    .orElseThrow(() -> new AssertionError(
                            "the unit needs Java 25+ (Corretto 25 on the AMI) and /usr/lib/jvm has none"));
        }
    }

    static int major(Path home) {
        try {
            Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
