package dev.scaleout.amibuilder.bundle;

import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the bundle to bake: --bundle, else app/target/scaleout-app-bundle-*.tar.gz in the
 * checkout, else builds it with Maven (saying so, since that takes a minute).
 */
public final class BundleLocator {

    private final Path repoRoot;
    private final PrintStream out;

    public BundleLocator(Path repoRoot, PrintStream out) {
        this.repoRoot = repoRoot;
        this.out = out;
    }

    /** The checkout containing the working directory (the folder with app/pom.xml), if any. */
    public static Optional<Path> findRepoRoot(Path from) {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("app/pom.xml")) && Files.isDirectory(dir.resolve("ami-builder"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The bundle already built in app/target, newest first, if there is one. */
    public Optional<Path> existing() {
        Path target = repoRoot.resolve("app/target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> BundleReader.FILE_NAME
                            .matcher(f.getFileName().toString())
                            .matches())
                    .max((a, b) ->
                            Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** `mvn -B -q -pl app package -DskipTests -Dgit.commit=<HEAD>` from the checkout. */
    public Path build() {
        String commit = gitHead().orElse("unknown");
        List<String> command =
                List.of("mvn", "-B", "-q", "-pl", "app", "package", "-DskipTests", "-Dgit.commit=" + commit);
        out.println("no bundle in app/target: building it with '" + String.join(" ", command) + "' (about a minute)");
        int exit = run(command, 900);
        if (exit != 0) {
            throw ExitException.userError("building the bundle failed ('" + String.join(" ", command) + "' exited "
                    + exit + "): fix the app build, or pass --bundle PATH");
        }
        return existing()
                .orElseThrow(() -> ExitException.userError(
                        "the app build made no app/target/scaleout-app-bundle-*.tar.gz: pass --bundle PATH"));
    }

    private Optional<String> gitHead() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .directory(repoRoot.toFile())
                    .redirectErrorStream(true)
                    .start();
            String head = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(head) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private int run(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(repoRoot.toFile())
                    .inheritIO()
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw ExitException.userError("could not run '" + command.get(0) + "' (" + e.getMessage()
                    + "): install Maven or pass --bundle PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExitException.failure("interrupted while building the bundle");
        }
    }
}
