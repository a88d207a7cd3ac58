package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ami-builder iam-policy: valid JSON, the prefix's resources, PassRole only to EC2; no AWS call. */
class IamPolicyTest {

    @Test
    void printsThePolicyForThePrefixWithoutCredentials() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Env env = new Env(
                region -> {
                    throw new AssertionError("no AWS client for iam-policy");
                },
                null,
                null,
                d -> {},
                Env.NO_TERMINAL,
                o,
                o,
                Path.of(""));

        assertThat(AmiBuilderCli.run(env, "iam-policy", "--prefix", "demo")).isZero();

        JsonNode policy = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        JsonNode passRole = null;
        StringBuilder all = new StringBuilder();
        for (JsonNode s : policy.get("Statement")) {
            all.append(s).append('\n');
            if (s.get("Action").toString().contains("iam:PassRole")) {
                passRole = s;
            }
        }
        assertThat(passRole).isNotNull();
        assertThat(passRole.get("Action")).hasSize(1);
        assertThat(passRole.get("Resource").asText()).isEqualTo("arn:aws:iam::*:role/demo-ami-builder-instance");
        assertThat(passRole.at("/Condition/StringEquals/iam:PassedToService").asText())
                .isEqualTo("ec2.amazonaws.com");
        assertThat(all)
                .contains(
                        "ec2:DescribeImages",
                        "imagebuilder:ListImages",
                        "imagebuilder:ListImageBuildVersions",
                        "imagebuilder:DeleteImage",
                        "arn:aws:s3:::demo-ami-artifacts-*",
                        "parameter/demo/*")
                .doesNotContain("\"*:*\"", "\"iam:*\"", "\"s3:*\"");
    }

    @Test
    void theReadmeShowsThePolicyTheCommandPrints() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        assertThat(readme)
                .as("ami-builder/README.md: paste 'ami-builder iam-policy' into it")
                .contains(dev.scaleout.amibuilder.iam.OperatorPolicy.json("scaleout"));
    }
}
