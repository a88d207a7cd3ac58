package dev.scaleout.infra;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.CallerAccount;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.vpn.VpnClientFiles;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.wafv2.Wafv2Client;

/**
 * The one place that builds the run's AWS clients (one per service) and, from
 * {@link StackTypes}, every {@link ManagedType}, keyed by its type word in creation order.
 */
public final class Registry {

    /** What the types are built from: the run's clients, its progress line, waits and config. */
    record Clients(
            Ec2Client ec2,
            SsmClient ssm,
            IamClient iam,
            RdsClient rds,
            AcmClient acm,
            Route53Client route53,
            AutoScalingClient autoscaling,
            ElasticLoadBalancingV2Client elbv2,
            ResourceGroupsTaggingApiClient tagging,
            Progress progress,
            Poll poll,
            StackConfig config,
            Retry retry,
            Peer peer,
            CloudWatchLogsClient logs,
            VpnClientFiles vpnFiles,
            S3Client s3,
            Wafv2Client wafv2,
            CallerAccount account) {}

    /** The peering's region and its clients (built without a call; used only when the run looks there). */
    record Peer(Region region, Ec2Client ec2, SsmClient ssm, ResourceGroupsTaggingApiClient tagging) {}

    private final Map<String, ManagedType> types = new LinkedHashMap<>();
    private final Clients clients;

    public Registry(AwsClients aws, Progress progress, StackConfig config) {
        this(aws, progress, config, Retry.real(progress));
    }

    /** {@code retry}: how calls wait out AWS's eventual consistency and refused deletes (tests pass a fast one). */
    public Registry(AwsClients aws, Progress progress, StackConfig config, Retry retry) {
        this(aws, progress, config, retry, VpnClientFiles.here());
    }

    /** {@code vpnFiles}: where the VPN's client file goes (the current directory, or a test's). */
    public Registry(AwsClients aws, Progress progress, StackConfig config, Retry retry, VpnClientFiles vpnFiles) {
        // NAT gateways and RDS take minutes: poll every few seconds, no faster than every 15.
        Poll poll = retry.poll(Duration.ofSeconds(2), Duration.ofSeconds(15));
        clients = new Clients(
                aws.build(Ec2Client.builder()),
                aws.build(SsmClient.builder()),
                aws.build(IamClient.builder()),
                aws.build(RdsClient.builder()),
                aws.build(AcmClient.builder()),
                aws.build(Route53Client.builder()),
                aws.build(AutoScalingClient.builder()),
                aws.build(ElasticLoadBalancingV2Client.builder()),
                aws.build(ResourceGroupsTaggingApiClient.builder()),
                progress,
                poll,
                config,
                retry,
                peer(aws, config),
                aws.build(CloudWatchLogsClient.builder()),
                vpnFiles,
                // an emulator answers on one host: bucket names in the path, not in the host name
                aws.build(S3Client.builder().forcePathStyle(aws.endpoint().isPresent())),
                aws.build(Wafv2Client.builder()),
                new CallerAccount(aws.build(StsClient.builder())));
        for (StackTypes.Entry entry : StackTypes.ORDER) {
            ManagedType type = entry.make().apply(clients);
            if (type.schema() != entry.schema()) {
                throw new IllegalStateException(
                        entry.schema().type() + " builds a type of another schema: " + type.type());
            }
            types.put(type.type(), type);
        }
    }

    private static Peer peer(AwsClients aws, StackConfig config) {
        Region region = Region.of(config.peering().region());
        AwsClients there = aws.inRegion(region);
        return new Peer(
                region,
                there.build(Ec2Client.builder()),
                there.build(SsmClient.builder()),
                there.build(ResourceGroupsTaggingApiClient.builder()));
    }

    /** The peering's region and its clients. */
    public Peer peer() {
        return clients.peer();
    }

    /** Every type, by its word, in creation order. */
    public Map<String, ManagedType> types() {
        return types;
    }

    public SsmClient ssm() {
        return clients.ssm();
    }

    public Ec2Client ec2() {
        return clients.ec2();
    }

    /** The run's type of this class, for a caller that needs what only that type knows (the ALB's DNS name). */
    public <T extends ManagedType> T type(Class<T> kind) {
        return types.values().stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no type of " + kind.getSimpleName() + " registered"));
    }

    /** The EC2 client of the region an ARN names: the peering's second region, or the stack's. */
    Ec2Client ec2(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length > 3 && parts[3].equals(clients.peer().region().id())
                ? clients.peer().ec2()
                : clients.ec2();
    }

    public RdsClient rds() {
        return clients.rds();
    }

    CloudWatchLogsClient logs() {
        return clients.logs();
    }

    /** Where the VPN's client file is written. */
    public VpnClientFiles vpnFiles() {
        return clients.vpnFiles();
    }

    public ResourceGroupsTaggingApiClient tagging() {
        return clients.tagging();
    }

    // the teardown check confirms each ARN the tagging API lists with its own service's describe (Gone)

    S3Client s3() {
        return clients.s3();
    }

    Wafv2Client wafv2() {
        return clients.wafv2();
    }

    ElasticLoadBalancingV2Client elbv2() {
        return clients.elbv2();
    }

    AcmClient acm() {
        return clients.acm();
    }

    AutoScalingClient autoscaling() {
        return clients.autoscaling();
    }

    IamClient iam() {
        return clients.iam();
    }
}
