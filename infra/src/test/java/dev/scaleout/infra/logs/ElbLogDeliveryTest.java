package dev.scaleout.infra.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Who may write the access logs, per region, as AWS's "Enable access logs for your Application Load Balancer" lists it. */
class ElbLogDeliveryTest {

    static final String BUCKET = "arn:aws:s3:::my-alb-logs-123456789012-x";

    @Test
    void aRegionOlderThanAugust2022NamesElasticLoadBalancingsAccountThere() throws Exception {
        JsonNode st = new ObjectMapper()
                .readTree(ElbLogDelivery.statement("aws", "us-east-1", BUCKET, "alb", "123456789012"));
        assertThat(st.at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::127311923021:root");
        assertThat(st.get("Resource").asText()).isEqualTo(BUCKET + "/alb/AWSLogs/123456789012/*");
        assertThat(st.get("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(ElbLogDelivery.elbAccount("ap-northeast-2")).contains("600734575887");
        // China's partition in the principal's ARN
        assertThat(ElbLogDelivery.statement("aws-cn", "cn-north-1", BUCKET, "alb", "1"))
                .contains("arn:aws-cn:iam::638102146993:root");
    }

    @Test
    void aNewerRegionNamesTheLogDeliveryServicePrincipal() throws Exception {
        // Melbourne (2023) and Mexico (2025) have no ELB account in AWS's table
        for (String region : new String[] {"ap-southeast-4", "mx-central-1"}) {
            JsonNode st =
                    new ObjectMapper().readTree(ElbLogDelivery.statement("aws", region, BUCKET, "alb", "123456789012"));
            assertThat(st.at("/Principal/Service").asText())
                    .isEqualTo("logdelivery.elasticloadbalancing.amazonaws.com");
            assertThat(st.at("/Principal/AWS").isMissingNode()).isTrue();
        }
    }

    @Test
    void theFoundPolicyCountsOnlyTheStatementsAsWritten() {
        String wanted = dev.scaleout.support.S3Buckets.policy(
                ElbLogDelivery.statement("aws", "eu-west-1", BUCKET, "alb", "1"),
                dev.scaleout.support.S3Buckets.denyInsecureTransport(BUCKET));
        assertThat(AccessLogBucketType.statementsAsWritten(wanted, wanted))
                .isEqualTo("AllowElbLogDelivery,DenyInsecureTransport");
        assertThat(AccessLogBucketType.logPrefix(wanted)).contains("alb");
        // the TLS rule taken out by hand: the plan shows the policy as changed
        String loosened = wanted.replace("\"false\"", "\"true\"");
        assertThat(AccessLogBucketType.statementsAsWritten(loosened, wanted)).isEqualTo("AllowElbLogDelivery");
    }
}
