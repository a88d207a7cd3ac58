package dev.scaleout.app.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** A tool the tests run, from its environment variable (set by scripts/test) or a default path. */
public final class TestTool {

    private TestTool() {}

    public static Path find(String variable, String defaultPath) {
        String fromEnv = System.getenv(variable);
        Path path = Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : defaultPath);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path
                    + " is missing: run scripts/test (scripts/install-test-tools installs it) " + "or set " + variable);
        }
        return path;
    }
}
