package dev.scaleout.infra.operate.demo;

import dev.scaleout.infra.operate.chart.RunReport;
import dev.scaleout.infra.operate.timeline.RunRecord;
import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Demo runs saved earlier, each a folder with a run.json: for --compare and the two-mode comparison. */
public final class SavedRuns {

    private SavedRuns() {}

    /** A run folder, or its run.json itself; anything else is the user's to fix. */
    public static RunRecord read(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(RunReport.RUN) : dirOrFile;
        if (!Files.isRegularFile(file)) {
            throw ExitException.userError("--compare " + dirOrFile + ": no " + RunReport.RUN
                    + " there; pass folders a demo run wrote, e.g. --compare target/demo/*");
        }
        return RunRecord.read(file);
    }

    public static List<RunRecord> readAll(List<Path> dirs) {
        return dirs.stream().map(SavedRuns::read).toList();
    }

    /** The latest run in {@code parent}, other than {@code self}, made in the other mode. */
    static Optional<RunRecord> latestOtherMode(Path parent, Path self, DemoMode mode) {
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        Path selfAbsolute = self.toAbsolutePath().normalize();
        try (Stream<Path> dirs = Files.list(parent)) {
            return dirs.filter(d -> !d.toAbsolutePath().normalize().equals(selfAbsolute))
                    .filter(d -> Files.isRegularFile(d.resolve(RunReport.RUN)))
                    .map(d -> readQuietly(d.resolve(RunReport.RUN)))
                    .flatMap(Optional::stream)
                    .filter(r -> DemoMode.ofLabel(r.label()) != null && DemoMode.ofLabel(r.label()) != mode)
                    .max(Comparator.comparing(SavedRuns::startedAt));
        } catch (IOException e) {
            throw ExitException.failure("cannot list " + parent + ": " + e.getMessage());
        }
    }

    /** A folder that is not a readable run (another tool's, a run cut short) is simply not a candidate. */
    private static Optional<RunRecord> readQuietly(Path file) {
        try {
            return Optional.of(RunRecord.read(file));
        } catch (ExitException unreadable) {
            return Optional.empty();
        }
    }

    private static Instant startedAt(RunRecord run) {
        Instant at = run.timeline().stressStartedAt();
        return at == null ? Instant.EPOCH : at;
    }
}
