package dev.scaleout.app.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.MutableClock;
import io.quarkus.credentials.CredentialsProvider;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rotation and bad input, against the moto server, without starting the app. */
class DatabaseCredentialsIT {

    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @AfterAll
    static void stopMoto() {
        System.clearProperty("aws.endpointUrl");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        moto.close();
    }

    @Test
    void aRotatedPasswordIsPickedUpAfterTheRefreshInterval() {
        String arn = DatabaseSecretResource.createSecret(moto, "rds!db-rotating", "admin", "first");
        MutableClock clock = new MutableClock();
        DatabaseCredentials credentials = new DatabaseCredentials(config(arn, Duration.ofSeconds(60)), clock);

        assertThat(credentials.getCredentials("database"))
                .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "first")
                .containsEntry(CredentialsProvider.USER_PROPERTY_NAME, "admin");
        try (var client = DatabaseSecretResource.client(moto)) {
            client.putSecretValue(
                    r -> r.secretId(arn).secretString("{\"username\":\"admin\",\"password\":\"second\"}"));
        }
        clock.advance(Duration.ofSeconds(30));
        assertThat(credentials.getCredentials("database"))
                .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "first");
        clock.advance(Duration.ofSeconds(31));
        assertThat(credentials.getCredentials("database"))
                .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "second");
    }

    @Test
    void withoutASecretTheEnvironmentLoginIsUsed() {
        DatabaseCredentials credentials = new DatabaseCredentials(
                new TestConfig(
                        "app", Optional.of("pw"), Optional.empty(), Duration.ofSeconds(60), Duration.ofSeconds(1)),
                new MutableClock());
        assertThat(credentials.getCredentials("database"))
                .containsEntry(CredentialsProvider.USER_PROPERTY_NAME, "app")
                .containsEntry(CredentialsProvider.PASSWORD_PROPERTY_NAME, "pw");
    }

    @Test
    void aMalformedArnIsRejectedNamingTheVariableAndTheFix() {
        assertThatThrownBy(() ->
                        new DatabaseCredentials(config("my-db-secret", Duration.ofSeconds(60)), new MutableClock()))
                .hasMessageContaining("DB_SECRET_ARN")
                .hasMessageContaining("arn:aws:secretsmanager:");
    }

    @Test
    void aSecretWithoutAPasswordFieldSaysWhatToPointAt() {
        String arn;
        try (var client = DatabaseSecretResource.client(moto)) {
            arn = client.createSecret(r -> r.name("not-rds").secretString("{\"token\":\"x\"}"))
                    .arn();
        }
        DatabaseCredentials credentials =
                new DatabaseCredentials(config(arn, Duration.ofSeconds(60)), new MutableClock());
        assertThatThrownBy(() -> credentials.getCredentials("database"))
                .hasMessageContaining("RDS master user secret")
                .hasMessageNotContaining("\"x\"");
    }

    private static DatabaseConfig config(String arn, Duration refresh) {
        // moto's first answer includes the SDK's warm-up, slower than a call on an instance
        return new TestConfig("unused", Optional.empty(), Optional.of(arn), refresh, Duration.ofSeconds(5));
    }

    record TestConfig(
            String user,
            Optional<String> password,
            Optional<String> secretArn,
            Duration secretRefresh,
            Duration timeout)
            implements DatabaseConfig {
        @Override
        public Duration checkInterval() {
            return Duration.ofSeconds(1);
        }
    }
}
