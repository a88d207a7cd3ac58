package dev.scaleout.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.config.StackConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra iam-policy: valid JSON scoped to the config's stack, what AWS checks beyond the calls; no AWS call. */
class OperatorPolicyTest {

    @TempDir
    Path dir;

    @Test
    void printsThePolicyForTheConfigsStackWithoutCredentials() throws Exception {
        Path config = dir.resolve("stack.yaml");
        Files.writeString(
                config,
                "stack: staging\nprefix: shop\ndns: {domain: example.com, hostedZoneId: /hostedzone/Z0123, recordName: www}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        InfraCli cli = new InfraCli(
                region -> {
                    throw new AssertionError("no AWS client for iam-policy");
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        var line = InfraCli.commandLine(cli);
        line.setErr(new PrintWriter(err, true));

        assertThat(line.execute("iam-policy", "--config", config.toString(), "--region", "eu-west-1"))
                .as(err.toString())
                .isZero();

        JsonNode policy = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        Map<String, JsonNode> bySid = new HashMap<>();
        policy.get("Statement").forEach(s -> bySid.put(s.get("Sid").asText(), s));
        // what the calls alone would not show (the list)
        assertThat(policy.toString())
                .contains(
                        "iam:CreateServiceLinkedRole",
                        "kms:DescribeKey",
                        "ec2:DescribeVolumes",
                        "secretsmanager:CreateSecret",
                        "elasticloadbalancing:AddTags",
                        "iam:TagRole")
                .doesNotContain("\"ec2:*\"", "\"iam:*\"", "Describe*");
        JsonNode pass = bySid.get("PassInstanceRole");
        assertThat(pass.get("Action")).hasSize(1);
        assertThat(pass.get("Resource").asText()).isEqualTo("arn:aws:iam::*:role/scaleout-kit/staging/*");
        assertThat(pass.at("/Condition/StringEquals/iam:PassedToService").asText())
                .isEqualTo("ec2.amazonaws.com");
        assertThat(bySid.get("Ec2ChangeStack")
                        .at("/Condition/StringEquals/aws:ResourceTag~1Stack")
                        .asText())
                .isEqualTo("staging");
        assertThat(bySid.get("Ec2ChangeStack").toString()).contains("ec2:DeleteVpc", "ec2:TerminateInstances");
        assertThat(bySid.get("Ec2Create")
                        .at("/Condition/StringEquals/aws:RequestTag~1Stack")
                        .asText())
                .isEqualTo("staging");
        assertThat(bySid.get("DnsRecords").get("Resource").asText()).isEqualTo("arn:aws:route53:::hostedzone/Z0123");
        assertThat(bySid.get("LoadBalancer").toString()).contains("loadbalancer/app/shop-*", "targetgroup/shop-*");
        assertThat(bySid.get("AutoScalingGroup").toString()).contains("autoScalingGroupName/shop-*");
        assertThat(bySid.get("Database").toString()).contains("db:shop-*", "subgrp:shop-*");
        assertThat(bySid.get("Parameters").toString())
                .contains("parameter/scaleout/golden-ami/latest", "al2023-ami-kernel-default-x86_64");
    }

    @Test
    void withoutADomainNoCertificateOrDnsPermission() {
        String json = OperatorPolicy.json(StackConfig.defaults());
        assertThat(json).doesNotContain("acm:", "route53:");
        assertThat(json).contains("ec2:CreateVpc", "tag:GetResources");
    }

    /**
     * Spot and the extra types are launched by Auto Scaling's own service-linked role; the
     * caller needs what a plain group needs: RunInstances for the template check, and the
     * Auto Scaling service-linked role created on first use. So the policy is the same.
     */
    @Test
    void aMixedInstancesGroupNeedsNoOtherPermission() {
        StackConfig mixed = StackConfig.defaults()
                .withAutoScaling(StackConfig.defaults()
                        .autoScaling()
                        .withInstanceTypes(java.util.List.of("t3.micro", "t3a.micro"), 0, 0));
        assertThat(OperatorPolicy.json(mixed)).isEqualTo(OperatorPolicy.json(StackConfig.defaults()));
        assertThat(OperatorPolicy.json(mixed))
                .contains("\"ec2:RunInstances\"", "\"iam:CreateServiceLinkedRole\"", "autoscaling.amazonaws.com")
                .doesNotContain("spot.amazonaws.com", "ec2:RequestSpotInstances", "ec2:CreateFleet");
    }

    @Test
    void everyDeclaredCallHasARuleAndAnAction() {
        StackConfig withDomain = new StackConfig(
                "p",
                "s",
                "x",
                "eu-west-1",
                StackConfig.defaults().network(),
                StackConfig.defaults().security(),
                StackConfig.defaults().bastion(),
                StackConfig.defaults().database(),
                StackConfig.defaults().loadBalancer(),
                new StackConfig.Dns("example.com", "Z1", "www"),
                StackConfig.defaults().instances(),
                StackConfig.defaults().autoScaling());
        for (String call : OperatorPolicy.CALLS) {
            assertThat(OperatorPolicy.place(OperatorPolicy.actionFor(call), withDomain))
                    .as(call)
                    .isNotEmpty();
        }
        assertThat(OperatorPolicy.actions(withDomain)).hasSizeGreaterThan(OperatorPolicy.CALLS.size());
        assertThat(OperatorPolicy.actionFor("ElasticLoadBalancingV2:CreateListener"))
                .isEqualTo("elasticloadbalancing:CreateListener");
        assertThat(OperatorPolicy.actionFor("ResourceGroupsTaggingApi:GetResources"))
                .isEqualTo("tag:GetResources");
        // S3's REST operations have IAM actions of other names; a batch delete of versions needs two
        assertThat(OperatorPolicy.actionsFor("S3:DeleteObjects"))
                .containsExactly("s3:DeleteObject", "s3:DeleteObjectVersion");
        assertThat(OperatorPolicy.actionFor("S3:HeadBucket")).isEqualTo("s3:ListBucket");
        assertThat(OperatorPolicy.actionFor("Wafv2:AssociateWebACL")).isEqualTo("wafv2:AssociateWebACL");
    }

    @Test
    void theLogBucketAndTheWebAclAreScopedToTheStacksNames() throws Exception {
        JsonNode policy = new ObjectMapper().readTree(OperatorPolicy.json(StackConfig.defaults()));
        Map<String, JsonNode> bySid = new HashMap<>();
        policy.get("Statement").forEach(s -> bySid.put(s.get("Sid").asText(), s));
        assertThat(bySid.get("AccessLogBucket").get("Resource").toString())
                .contains("arn:aws:s3:::my-alb-logs-*", "arn:aws:s3:::my-alb-logs-*/*");
        assertThat(bySid.get("AccessLogBucket").get("Action").toString())
                .contains("s3:CreateBucket", "s3:PutBucketPolicy", "s3:DeleteObjectVersion", "s3:DeleteBucket");
        // WAF attaches the ACL through ELB on the caller's behalf
        assertThat(bySid.get("LoadBalancer").get("Action").toString()).contains("elasticloadbalancing:SetWebAcl");
        assertThat(bySid.get("WebAcl").get("Resource").toString())
                .contains("regional/webacl/my-alb-waf/*", "regional/managedruleset/*/*", "loadbalancer/app/my-*");
    }

    @Test
    void theMonitoringRoleMayBePassedToRdsOnlyAndIsMadeUnderTheStacksPath() throws Exception {
        JsonNode policy = new ObjectMapper().readTree(OperatorPolicy.json(StackConfig.defaults()));
        Map<String, JsonNode> bySid = new HashMap<>();
        policy.get("Statement").forEach(s -> bySid.put(s.get("Sid").asText(), s));
        JsonNode pass = bySid.get("PassMonitoringRole");
        assertThat(pass.get("Action").toString()).isEqualTo("[\"iam:PassRole\"]");
        assertThat(pass.get("Resource").asText()).isEqualTo("arn:aws:iam::*:role/scaleout-kit/demo/rds-monitoring/*");
        assertThat(pass.at("/Condition/StringEquals/iam:PassedToService").toString())
                .isEqualTo("[\"monitoring.rds.amazonaws.com\",\"rds.amazonaws.com\"]");
        // its CreateRole, AttachRolePolicy, DeleteRole fall under the stack's IAM path, deeper paths included
        assertThat(bySid.get("InstanceRole").get("Resource").toString())
                .contains("arn:aws:iam::*:role/scaleout-kit/demo/*");
        assertThat(bySid.get("InstanceRole").get("Action").toString())
                .contains("iam:CreateRole", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRole");
        // the database and the ALB drop their deletion protection with calls the policy already has
        assertThat(bySid.get("Database").get("Action").toString()).contains("rds:ModifyDBInstance");
        assertThat(bySid.get("LoadBalancer").get("Action").toString())
                .contains("elasticloadbalancing:ModifyLoadBalancerAttributes");
    }
}
