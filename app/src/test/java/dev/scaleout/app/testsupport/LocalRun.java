package dev.scaleout.app.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The local run: an embedded database (or MySQL in a container where Docker exists) and the
 * packaged app on localhost:8080, no AWS needed. With {@code --db-only} it starts just the
 * database and writes its settings to {@code target/local-db.env} for scripts to source.
 */
public final class LocalRun {

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        boolean dbOnly = args.length > 0 && args[0].equals("--db-only");
        TestDatabase database = TestDatabase.start("local-mariadb");
        Map<String, String> env = database.appEnvironment();
        Path envFile = Path.of("target", "local-db.env");
        Files.writeString(
                envFile,
                env.entrySet().stream()
                        .map(e -> "export " + e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
        System.out.println("database ready on " + database.host() + ":" + database.port() + " (settings in "
                + envFile.toAbsolutePath() + ")");
        if (dbOnly) {
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
            Thread.currentThread().join(); // until killed; the hook stops the database
            return;
        }
        runApp(env, database);
    }

    /**
     * One shutdown hook for both, in order: the JVM runs separate hooks at the same time, and
     * the database must outlive the app's drain (its last heartbeat writes the final counts).
     */
    private static void runApp(Map<String, String> env, TestDatabase database)
            throws IOException, InterruptedException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build with mvn -pl app package first");
        }
        ProcessBuilder app = new ProcessBuilder("java", "-jar", jar.toString()).inheritIO();
        app.environment().putAll(env);
        app.environment().putIfAbsent("AWS_EC2_METADATA_DISABLED", "true"); // not on EC2: skip the IMDS probe
        Process process = app.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy(); // SIGTERM: the app drains, then exits
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            database.close();
        }));
        System.exit(process.waitFor());
    }
}
