package dev.scaleout.amibuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/** A tiny bundle with the real layout (made with tar, as the assembly makes it), for tests that need no real app. */
final class FakeBundle {

    private FakeBundle() {}

    /** scaleout-app-bundle-{version}.tar.gz in {dir}; {salt} changes the content (a rebuilt SNAPSHOT). */
    static Path create(Path dir, String version, String commit, String salt) {
        try {
            Path work = Files.createTempDirectory(dir, "bundle-src");
            Path top = work.resolve("scaleout-app");
            Files.createDirectories(top.resolve("quarkus-app/app"));
            Files.writeString(top.resolve("install.sh"), "#!/usr/bin/env bash\necho fake install " + salt + "\n");
            top.resolve("install.sh").toFile().setExecutable(true);
            Files.writeString(top.resolve("scaleout-app.service"), "[Service]\nExecStart=/usr/bin/java -jar x.jar\n");
            Files.writeString(top.resolve("app.env.template"), "HTTP_PORT=80\n");
            Files.writeString(top.resolve("quarkus-app/quarkus-run.jar"), "not really a jar " + salt);
            try (OutputStream out = Files.newOutputStream(top.resolve("quarkus-app/app/app-" + version + ".jar"));
                    JarOutputStream jar = new JarOutputStream(out)) {
                jar.putNextEntry(new ZipEntry("build-info.properties"));
                jar.write(("build.time=2026-01-01T00:00:00Z\ngit.commit=" + commit + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
            Path archive = dir.resolve("scaleout-app-bundle-" + version + ".tar.gz");
            Process tar = new ProcessBuilder(
                            "tar", "--format=posix", "-czf", archive.toString(), "-C", work.toString(), "scaleout-app")
                    .inheritIO()
                    .start();
            if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IllegalStateException("tar failed");
            }
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
