package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** "Not found" as the services say it, and what a failed call becomes. */
class AwsCallTest {

    static AwsServiceException error(String code, String message) {
        return AwsServiceException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .build();
    }

    @Test
    void theServicesWaysOfSayingNotFound() {
        assertThat(AwsCall.notFound(error("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist")))
                .isTrue();
        assertThat(AwsCall.notFound(error("DBInstanceNotFound", "DBInstance my-db not found.")))
                .isTrue();
        assertThat(AwsCall.notFound(error("InvalidLaunchTemplateName.NotFoundException", "no template")))
                .isTrue();
        assertThat(AwsCall.notFound(error("ValidationError", "AutoScalingGroup name not found - my-asg")))
                .isTrue();
        assertThat(AwsCall.notFound(error("ValidationError", "MinSize is greater than MaxSize")))
                .isFalse();
        assertThat(AwsCall.notFound(error("DependencyViolation", "resource sg-1 has a dependent object")))
                .isFalse();
    }

    @Test
    void aDeleteOfWhatIsGoneIsDoneAndAnyOtherErrorNamesOperationResourceAndCode() {
        AwsCall.delete("DeleteVpc", "vpc-1", () -> {
            throw error("InvalidVpcID.NotFound", "gone");
        });
        assertThatThrownBy(() -> AwsCall.delete("DeleteVpc", "vpc-1", () -> {
                    throw error("DependencyViolation", "has dependencies");
                }))
                .isInstanceOfSatisfying(ExitException.class, e -> {
                    assertThat(e.code()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo("DeleteVpc vpc-1: DependencyViolation: has dependencies");
                });
        // For a retry that reads the code itself, the error stays as AWS threw it.
        assertThatThrownBy(() -> AwsCall.ignoreNotFound(() -> {
                    throw error("DependencyViolation", "has dependencies");
                }))
                .isInstanceOf(AwsServiceException.class);
    }
}
