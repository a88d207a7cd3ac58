package dev.scaleout.infra;

import dev.scaleout.infra.config.StackConfig;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The test stack with every option that adds AWS calls: the bastion, a domain (ACM, Route 53)
 * in a fresh zone, the ALB's access logs (S3) and its WAF web ACL, deletion protection of the
 * ALB and the database (destroy turns it off), and Enhanced Monitoring with its role.
 */
final class FullStack {

    private FullStack() {}

    static StackConfig config(Route53Client route53) {
        String zone = route53.createHostedZone(r -> r.name("example.com").callerReference("full-" + System.nanoTime()))
                .hostedZone()
                .id();
        StackConfig d = TestStacks.config();
        return new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                d.network(),
                d.security(),
                new StackConfig.Bastion(true, "t3.micro"),
                d.database().withDeletionProtection(true).withMonitoringIntervalSeconds(60),
                d.loadBalancer().withAccessLogs(true).withWaf(true).withDeletionProtection(true),
                new StackConfig.Dns("example.com", zone, "asg-ec2"),
                d.instances(),
                d.autoScaling());
    }
}
