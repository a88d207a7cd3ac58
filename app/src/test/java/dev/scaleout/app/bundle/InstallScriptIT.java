package dev.scaleout.app.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * (b) install.sh --root lays out the app, the unit and the env file with the right modes, and
 * a second run changes nothing; it keeps an edited env file, drops files an older version
 * left, and refuses to install without Java 17+.
 */
class InstallScriptIT {

    @Test
    void bundleKeepsInstallShExecutable() throws IOException {
        Path dir = Bundle.dir();
        assertThat(mode(dir.resolve("install.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(dir.resolve(Bundle.APP + ".service"))).isEqualTo("rw-r--r--");
        assertThat(mode(dir.resolve("app.env.template"))).isEqualTo("rw-r--r--");
        assertThat(dir.resolve("quarkus-app/quarkus-run.jar")).isRegularFile();
        assertThat(dir.resolve("quarkus-app/lib/main")).isDirectory();
    }

    @Test
    void laysOutTheFilesAndASecondRunChangesNothing() throws IOException {
        Path root = freshRoot("layout");
        Bundle.Result first = install(root, Map.of());
        assertThat(first.exit()).as("first run: %s", first.stderr()).isZero();

        Path opt = root.resolve("opt/scaleout-app");
        Path unit = root.resolve("etc/systemd/system/scaleout-app.service");
        Path env = root.resolve("etc/scaleout-app/app.env");
        assertThat(Bundle.read(unit)).isEqualTo(Bundle.read(Bundle.unit()));
        assertThat(mode(unit)).isEqualTo("rw-r--r--");
        assertThat(Bundle.read(env)).isEqualTo(Bundle.read(Bundle.dir().resolve("app.env.template")));
        assertThat(mode(env))
                .as("app.env: root:scaleout-app 0640 on a real install")
                .isEqualTo("rw-r-----");
        assertThat(mode(root.resolve("etc/scaleout-app"))).isEqualTo("rwxr-x---");
        assertThat(mode(opt.resolve("install.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(opt.resolve("train-aot.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(opt.resolve("app.env.template")).isRegularFile();
        // the app tree is the bundle's, file for file, read-only for the service
        assertThat(tree(opt.resolve("quarkus-app")).keySet())
                .isEqualTo(tree(Bundle.dir().resolve("quarkus-app")).keySet());
        try (Stream<Path> files = Files.walk(opt)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !f.endsWith("install.sh") && !f.endsWith("train-aot.sh"))
                    .forEach(f -> assertThat(mode(f)).as("mode of %s", f).isEqualTo("rw-r--r--"));
        }

        Map<String, String> before = tree(root);
        Bundle.Result second = install(root, Map.of());
        assertThat(second.exit()).as("second run: %s", second.stderr()).isZero();
        assertThat(second.stdout()).contains("done: 0 change(s)");
        assertThat(tree(root))
                .as("files, modes, sizes, times and contents after a second run")
                .isEqualTo(before);
    }

    @Test
    void keepsAnEditedEnvFileAndRemovesFilesOfAnOlderVersion() throws IOException {
        Path root = freshRoot("upgrade");
        assertThat(install(root, Map.of()).exit()).isZero();
        Path env = root.resolve("etc/scaleout-app/app.env");
        Bundle.write(env, "DB_HOST=db.example.internal\n");
        Path stale = root.resolve("opt/scaleout-app/quarkus-app/lib/main/old-dependency-1.0.jar");
        Bundle.write(stale, "from an older bundle");

        Bundle.Result again = install(root, Map.of());
        assertThat(again.exit()).as(again.stderr()).isZero();
        assertThat(Bundle.read(env)).isEqualTo("DB_HOST=db.example.internal\n");
        assertThat(stale).doesNotExist();
        assertThat(again.stdout()).contains("removed /opt/scaleout-app/quarkus-app/lib/main/old-dependency-1.0.jar");
    }

    @Test
    void refusesWithoutJava17() throws IOException {
        Path bin = Bundle.WORK.resolve("path-without-java");
        Bundle.deleteTree(bin);
        Files.createDirectories(bin);
        for (String dir : List.of("/usr/bin", "/bin")) { // everything install.sh may call, minus java
            try (Stream<Path> tools = Files.list(Path.of(dir))) {
                for (Path tool : tools.toList()) {
                    Path link = bin.resolve(tool.getFileName().toString());
                    if (!tool.getFileName().toString().equals("java")
                            && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, tool);
                    }
                }
            }
        }
        Bundle.Result none = install(freshRoot("no-java"), Map.of("PATH", bin.toString()));
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.stderr()).contains("java not found").contains("JDK 17+");

        Path old = Bundle.WORK.resolve("old-java/java");
        Bundle.write(old, "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        Bundle.Result eleven = install(freshRoot("old-java"), Map.of("PATH", old.getParent() + ":" + bin));
        assertThat(eleven.exit()).isEqualTo(2);
        assertThat(eleven.stderr()).contains("Java '11.0.22'").contains("needs Java 17 or newer");
    }

    private static Bundle.Result install(Path root, Map<String, String> env) {
        return Bundle.run(List.of(Bundle.dir().resolve("install.sh").toString(), "--root", root.toString()), env, 120);
    }

    private static Path freshRoot(String name) {
        Path root = Bundle.WORK.resolve("root-" + name);
        Bundle.deleteTree(root);
        return root;
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** relative path -> mode, size, mtime and SHA-256 of every file and directory under dir. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                String entry = mode(p);
                if (Files.isRegularFile(p)) {
                    entry += " " + Files.size(p) + " " + Files.getLastModifiedTime(p) + " " + sha256(p);
                }
                tree.put(dir.relativize(p).toString(), entry);
            }
        }
        return tree;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
