package dev.scaleout.app.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * Real MySQL 8, as RDS runs it, in a container. An outage is a paused container: connections
 * hang rather than being refused, the harder case for timeouts.
 */
final class ContainerDatabase implements TestDatabase {

    private final MySQLContainer container;

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
