package dev.scaleout.app.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

/**
 * The install bundle as the build produced it (target/scaleout-app-bundle-*.tar.gz), unpacked
 * with tar as ami-builder would, plus the few systemd rules the ITs need to read its unit.
 */
final class Bundle {

    static final String APP = "scaleout-app";
    static final Path WORK = Path.of("target", "bundle-it").toAbsolutePath();

    private static Path unpacked;

    private Bundle() {}

    /** The bundle's top directory (scaleout-app/), unpacked once per test JVM. */
    static synchronized Path dir() {
        if (unpacked == null) {
            String archive = System.getProperty("bundle.archive");
            assertThat(archive)
                    .as("system property bundle.archive (set by failsafe)")
                    .isNotBlank();
            assertThat(Path.of(archive))
                    .as("the bundle: run the package phase first")
                    .isRegularFile();
            Path target = WORK.resolve("unpacked");
            deleteTree(target);
            mkdirs(target);
            Result tar = run(List.of("tar", "-xpzf", archive, "-C", target.toString()), Map.of(), 120);
            assertThat(tar.exit()).as("tar -xpzf %s: %s", archive, tar.stderr()).isZero();
            unpacked = target.resolve(APP);
        }
        return unpacked;
    }

    static Path unit() {
        return dir().resolve(APP + ".service");
    }

    record Result(int exit, String stdout, String stderr) {}

    static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("bundle-it", ".out");
            Path err = Files.createTempFile("bundle-it", ".err");
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // --- the unit file, read as systemd reads it (the subset this unit uses) ---

    /** Lines of the unit with backslash continuations joined and comments dropped. */
    static List<String> logicalLines(Path unit) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : read(unit).split("\n", -1)) {
            String line = raw.strip();
            if (current.length() == 0 && (line.startsWith("#") || line.startsWith(";"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            lines.add(current.toString());
            current.setLength(0);
        }
        return lines;
    }

    /** All values of a key in a section, in order. */
    static List<String> values(Path unit, String section, String key) {
        List<String> values = new ArrayList<>();
        String currentSection = "";
        for (String line : logicalLines(unit)) {
            if (line.startsWith("[")) {
                currentSection = line;
            } else if (currentSection.equals("[" + section + "]") && line.startsWith(key + "=")) {
                values.add(line.substring(key.length() + 1).strip());
            }
        }
        return values;
    }

    static String value(Path unit, String section, String key) {
        List<String> values = values(unit, section, key);
        assertThat(values).as("%s= in [%s] of %s", key, section, unit).hasSize(1);
        return values.get(0);
    }

    /** ExecStart split into words: systemd quoting, %% specifiers; no $VAR expansion is used. */
    static List<String> execStart(Path unit) {
        String line = value(unit, "Service", "ExecStart");
        assertThat(line)
                .as("ExecStart uses no prefixes or $VARs the ITs would have to emulate")
                .doesNotStartWith("-")
                .doesNotStartWith("@")
                .doesNotStartWith("+")
                .doesNotStartWith("!")
                .doesNotContain("$");
        List<String> words = new ArrayList<>();
        Matcher m =
                Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+)").matcher(line);
        while (m.find()) {
            String word = m.group(1) != null
                    ? m.group(1).replaceAll("\\\\(.)", "$1")
                    : m.group(2) != null ? m.group(2) : m.group(3);
            assertThat(word.replace("%%", ""))
                    .as("specifier in %s (only %%%% is handled)", word)
                    .doesNotContain("%");
            words.add(word.replace("%%", "%"));
        }
        return words;
    }

    /** Environment= assignments of the unit (systemd: the EnvironmentFile overrides them). */
    static Map<String, String> unitEnvironment(Path unit) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String value : values(unit, "Service", "Environment")) {
            for (String assignment : value.split("\\s+")) {
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        return env;
    }

    /** An EnvironmentFile as systemd parses the simple KEY=value form the template uses. */
    static Map<String, String> environmentFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertThat(eq).as("line of %s: %s", file, l).isPositive();
            env.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return env;
    }

    // --- java for the unit ---

    static int javaMajor(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?").matcher(read(release));
        if (!m.find()) {
            return -1;
        }
        int major = Integer.parseInt(m.group(1));
        return major == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : major;
    }

    /** The lowest Java the unit's ExecStart needs: 25 for -XX:AOTCache, else 17. */
    static int javaNeededByUnit() {
        return execStart(unit()).stream().anyMatch(a -> a.startsWith("-XX:AOTCache=")) ? 25 : 17;
    }

    /**
     * The java binary standing in for the unit's /usr/bin/java (Corretto 25 on the AMI): the
     * property bundle.it.java, else this JVM if new enough, else the newest JDK under /usr/lib/jvm.
     */
    static Path javaForUnit() {
        String forced = System.getProperty("bundle.it.java");
        if (forced != null && !forced.isBlank()) {
            return Path.of(forced);
        }
        int needed = javaNeededByUnit();
        Path self = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= needed) {
            return self.resolve("bin/java");
        }
        Optional<Path> newest;
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            newest = jdks.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> javaMajor(home) >= needed)
                    .max(Comparator.comparingInt(Bundle::javaMajor));
        } catch (IOException e) {
            newest = Optional.empty();
        }
        return newest.map(home -> home.resolve("bin/java"))
                .orElseThrow(() -> new AssertionError("the unit's ExecStart needs Java " + needed
                        + "+ (Corretto 25 on the AMI); this JVM is " + Runtime.version()
                        + " and /usr/lib/jvm has none: pass -Dbundle.it.java=/path/to/bin/java"));
    }

    // --- files ---

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
