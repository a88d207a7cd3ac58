package dev.scaleout.app.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the username and password from the secret RDS manages. Credentials come from the
 * default chain (the instance role on EC2); AWS_ENDPOINT_URL points it at an emulator in tests.
 */
final class SecretsManagerCredentials implements AutoCloseable {

    record UserPassword(String user, String password) {
        @Override
        public String toString() {
            return "UserPassword[user=" + user + ", password=***]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretArn secret;
    private final SecretsManagerClient client;

    /**
     * {@code timeout} bounds the whole call. It runs while the pool opens a connection, never on
     * a request's path (pages and readiness wait at most database.timeout whatever it does),
     * and the first call also loads the SDK: callers pass a multiple of database.timeout.
     */
    SecretsManagerCredentials(SecretArn secret, Duration timeout) {
        this.secret = secret;
        this.client = SecretsManagerClient.builder()
                .region(secret.region())
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout)
                        .build())
                .build();
    }

    UserPassword read() {
        String value = client.getSecretValue(r -> r.secretId(secret.arn())).secretString();
        try {
            JsonNode json = JSON.readTree(value == null ? "" : value);
            JsonNode user = json == null ? null : json.get("username");
            JsonNode password = json == null ? null : json.get("password");
            if (user == null || password == null) {
                throw new IllegalStateException("secret " + secret.arn()
                        + " has no username/password fields; point DB_SECRET_ARN at the RDS master user secret");
            }
            return new UserPassword(user.asText(), password.asText());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "secret " + secret.arn() + " is not JSON; point DB_SECRET_ARN at the RDS master user secret");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
