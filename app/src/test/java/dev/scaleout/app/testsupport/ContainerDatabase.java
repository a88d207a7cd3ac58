package dev.scaleout.app.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.mysql.MySQLContainer;

/**
 * Real MySQL 8, as RDS runs it, in a container. An outage is a paused container: connections
 * hang rather than being refused, the harder case for timeouts.
 */
final class ContainerDatabase implements TestDatabase {

    private final MySQLContainer container;
    private final AtomicInteger databases = new AtomicInteger();

    private ContainerDatabase(MySQLContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static ContainerDatabase start() {
        MySQLContainer mysql = new MySQLContainer("mysql:8.4")
                .withDatabaseName(DATABASE)
                .withUsername("app")
                .withPassword("app-test-password");
        mysql.start();
        return new ContainerDatabase(mysql);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(3306);
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    /** As root, whose password the container sets to the user's. */
    @Override
    public String createDatabase() {
        String name = DATABASE + "_" + databases.incrementAndGet();
        String sql = "CREATE DATABASE " + name + "; GRANT ALL ON " + name + ".* TO '" + user() + "'@'%'";
        try {
            Container.ExecResult r = container.execInContainer("mysql", "-uroot", "-p" + password(), "-e", sql);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("could not create database " + name + ": " + r.getStderr());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return name;
    }

    @Override
    public boolean canSimulateOutage() {
        return true;
    }

    @Override
    public void stop() {
        container
                .getDockerClient()
                .pauseContainerCmd(container.getContainerId())
                .exec();
    }

    @Override
    public void restart() {
        container
                .getDockerClient()
                .unpauseContainerCmd(container.getContainerId())
                .exec();
    }

    @Override
    public void close() {
        container.stop();
    }
}
