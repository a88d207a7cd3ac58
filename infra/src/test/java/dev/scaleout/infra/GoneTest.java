package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the teardown check reads the ARNs the tagging API lists: which describe, with which id. */
class GoneTest {

    @Test
    void eachArnFormatGivesItsTypeAndTheIdItsDescribeTakes() {
        assertKind("arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc", "ec2:vpc", "vpc-0abc");
        assertKind("arn:aws:ec2:eu-west-1:123456789012:elastic-ip/eipalloc-1", "ec2:elastic-ip", "eipalloc-1");
        assertKind("arn:aws:ec2:eu-west-1::snapshot/snap-1", "ec2:snapshot", "snap-1");
        assertKind(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/my-asg-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
                "elasticloadbalancing:listener",
                "f2f7dc8efc522ab2");
        assertKind(
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/my-asg-ec2-tg/73e2d6bc24d8a067",
                "elasticloadbalancing:targetgroup",
                "73e2d6bc24d8a067");
        assertKind("arn:aws:rds:eu-west-1:123456789012:db:my-db", "rds:db", "my-db");
        assertKind("arn:aws:rds:eu-west-1:123456789012:subgrp:my-db-subnet-group", "rds:subgrp", "my-db-subnet-group");
        assertKind(
                "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0c7d9a8e-1:autoScalingGroupName/my-asg-ec2",
                "autoscaling:autoScalingGroup",
                "my-asg-ec2");
        assertKind("arn:aws:iam::123456789012:role/scaleout-kit/demo/my-app-role", "iam:role", "my-app-role");
        assertKind("arn:aws:acm:eu-west-1:123456789012:certificate/1234-abcd", "acm:certificate", "1234-abcd");
        assertKind("arn:aws:logs:eu-west-1:123456789012:log-group:/demo/x", "logs:log-group", "x");
        // a bucket's ARN has no type word; a web ACL's names its scope, then webacl/<name>/<id>
        assertKind(
                "arn:aws:s3:::my-alb-logs-123456789012-eu-west-1", "s3:bucket", "my-alb-logs-123456789012-eu-west-1");
        assertKind(
                "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/my-alb-waf/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
                "wafv2:regional",
                "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
        assertThat(Gone.checkable("arn:aws:s3:::my-alb-logs-123456789012-eu-west-1"))
                .isTrue();
        assertThat(Gone.logGroupName("arn:aws:logs:eu-west-1:123456789012:log-group:/demo/x:*"))
                .isEqualTo("/demo/x");
        assertThat(Gone.checkable("arn:aws:logs:eu-west-1:123456789012:log-group:/demo/x"))
                .isTrue();
        assertThat(Gone.checkable("arn:aws:sns:eu-west-1:123456789012:topic")).isFalse();
        assertThat(Gone.checkable("arn:aws:rds:eu-west-1:123456789012:db:my-db"))
                .isTrue();
        assertThat(Gone.kind("not-an-arn")).isEmpty();
    }

    private static void assertKind(String arn, String kind, String id) {
        assertThat(Gone.kind(arn)).as(arn).isEqualTo(kind);
        assertThat(Gone.id(arn)).as(arn).isEqualTo(id);
    }
}
