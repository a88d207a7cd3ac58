package dev.scaleout.app.database;

import dev.scaleout.app.testsupport.DatabaseResource;
import dev.scaleout.app.testsupport.TestDatabase;
import dev.scaleout.support.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Puts the test database's login into a secret on the moto server, shaped as RDS makes it,
 * and points the SDK's default chains at moto, as an instance role would point at AWS.
 */
public class DatabaseSecretResource implements QuarkusTestResourceLifecycleManager {

    static final String REGION = "ap-northeast-2";
    private MotoServer moto;

    @Override
    public Map<String, String> start() {
        moto = MotoServer.start();
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        TestDatabase db = DatabaseResource.database();
        String arn = createSecret(moto, "rds!db-test", db.user(), db.password());
        return Map.of("DB_SECRET_ARN", arn, "DB_USER", "nobody", "DB_PASSWORD", "not-the-password");
    }

    static SecretsManagerClient client(MotoServer moto) {
        return SecretsManagerClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    static String createSecret(MotoServer moto, String name, String user, String password) {
        try (SecretsManagerClient client = client(moto)) {
            return client.createSecret(r -> r.name(name)
                            .secretString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                    .arn();
        }
    }

    @Override
    public void stop() {
        System.clearProperty("aws.endpointUrl");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (moto != null) {
            moto.close();
        }
    }
}
