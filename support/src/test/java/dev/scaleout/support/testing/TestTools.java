package dev.scaleout.support.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the servers and tools scripts/install-test-tools puts in .tools/: an environment
 * variable names each (scripts/test sets them), else the default place in the checkout.
 */
public final class TestTools {

    private TestTools() {}

    public static Path require(String envVar, String defaultRelativeToRepo) {
        String fromEnv = System.getenv(envVar);
        Path path = fromEnv != null && !fromEnv.isBlank()
                ? Path.of(fromEnv)
                : repoRoot().resolve(defaultRelativeToRepo);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: run scripts/test (it installs the test tools), "
                    + "or scripts/install-test-tools, or set " + envVar + " to the tool's path");
        }
        return path;
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/install-test-tools"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }
}
