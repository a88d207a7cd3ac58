package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

@ExtendWith(MotoExtension.class)
class AwsClientsIT {

    static MotoServer moto;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    @Test
    void countsEveryCallByOperationAndSortsReadsFromWrites() {
        AwsClients clients = moto.clients();
        try (StsClient sts = clients.build(StsClient.builder())) {
            sts.getCallerIdentity();
            sts.getCallerIdentity();
            sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/x").roleSessionName("t"));
        }
        assertThat(clients.calls().byOperation())
                .containsEntry("Sts:GetCallerIdentity", 2)
                .containsEntry("Sts:AssumeRole", 1);
        assertThat(clients.calls().reads()).isEqualTo(2);
        assertThat(clients.calls().mutating()).isEqualTo(1);
    }

    @Test
    void anAwsErrorNamesOperationResourceAndCode() {
        StsException denied = (StsException) StsException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("AccessDenied")
                        .errorMessage("not allowed")
                        .build())
                .build();

        ExitException exit = ExitException.aws("AssumeRole", "role/x", denied);

        assertThat(exit.getMessage()).isEqualTo("AssumeRole role/x: AccessDenied: not allowed");
        assertThat(exit.code()).isEqualTo(1);
    }

    @Test
    void aRegionThatIsNotOneIsAUserError() {
        assertThatThrownBy(() -> AwsClients.fromEnvironment(Optional.of("mars-north")))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining("--region");
    }
}
