package dev.scaleout.infra.config;

import java.util.List;

/**
 * A stack's whole configuration, as read from its YAML file over {@link #defaults()}:
 * the defaults reproduce the course. Field names are the YAML keys.
 */
public record StackConfig(
        String project,
        String stack,
        String prefix,
        String region,
        Network network,
        Security security,
        Bastion bastion,
        Database database,
        LoadBalancer loadBalancer,
        Dns dns,
        Instances instances,
        AutoScaling autoScaling,
        Rollout rollout,
        Peering peering,
        PrivateInstance privateInstance,
        Vpn vpn) {

    /** The config without the private instance and VPN sections: both off. */
    public StackConfig(
            String project,
            String stack,
            String prefix,
            String region,
            Network network,
            Security security,
            Bastion bastion,
            Database database,
            LoadBalancer loadBalancer,
            Dns dns,
            Instances instances,
            AutoScaling autoScaling,
            Rollout rollout,
            Peering peering) {
        this(
                project,
                stack,
                prefix,
                region,
                network,
                security,
                bastion,
                database,
                loadBalancer,
                dns,
                instances,
                autoScaling,
                rollout,
                peering,
                PrivateInstance.off(),
                Vpn.off());
    }

    /** The config without a peering section: peering off. */
    public StackConfig(
            String project,
            String stack,
            String prefix,
            String region,
            Network network,
            Security security,
            Bastion bastion,
            Database database,
            LoadBalancer loadBalancer,
            Dns dns,
            Instances instances,
            AutoScaling autoScaling,
            Rollout rollout) {
        this(
                project,
                stack,
                prefix,
                region,
                network,
                security,
                bastion,
                database,
                loadBalancer,
                dns,
                instances,
                autoScaling,
                rollout,
                Peering.defaults());
    }

    /** The config without a rollout section: the rollout's defaults. */
    public StackConfig(
            String project,
            String stack,
            String prefix,
            String region,
            Network network,
            Security security,
            Bastion bastion,
            Database database,
            LoadBalancer loadBalancer,
            Dns dns,
            Instances instances,
            AutoScaling autoScaling) {
        this(
                project,
                stack,
                prefix,
                region,
                network,
                security,
                bastion,
                database,
                loadBalancer,
                dns,
                instances,
                autoScaling,
                Rollout.defaults());
    }

    /**
     * VPC and subnets; AZs as suffixes of the region ("a", "c") or full names.
     * flowLogRetentionDays: the VPC's flow logs go to CloudWatch Logs, kept this long; 0 = no flow logs.
     */
    public record Network(
            String vpcCidr,
            List<String> availabilityZones,
            List<String> publicSubnetCidrs,
            List<String> appSubnetCidrs,
            List<String> dbSubnetCidrs,
            boolean natGatewayPerAz,
            int flowLogRetentionDays) {

        /** Without the flow log key: the default retention (365 days). */
        public Network(
                String vpcCidr,
                List<String> availabilityZones,
                List<String> publicSubnetCidrs,
                List<String> appSubnetCidrs,
                List<String> dbSubnetCidrs,
                boolean natGatewayPerAz) {
            this(vpcCidr, availabilityZones, publicSubnetCidrs, appSubnetCidrs, dbSubnetCidrs, natGatewayPerAz, 365);
        }
    }

    /** adminCidr: where SSH to the admin group comes from (e.g. your IP/32); null = no SSH at all. */
    public record Security(String adminCidr) {}

    public record Bastion(boolean enabled, String instanceType) {}

    /** The course's my-private-ec2 in private app subnet a, with my-private-ec2-sg (SSH from admin and VPN only). */
    public record PrivateInstance(boolean enabled) {

        public static PrivateInstance off() {
            return new PrivateInstance(false);
        }
    }

    /**
     * AWS Client VPN (OpenVPN clients, mutual TLS) into the VPC. clientCidr: the addresses
     * clients get, /12 to /22, outside the VPC.
     */
    public record Vpn(boolean enabled, String clientCidr) {

        public static Vpn off() {
            return new Vpn(false, "172.16.0.0/22");
        }
    }

    /**
     * extendedSupport: false sends EngineLifecycleSupport=open-source-rds-extended-support-disabled,
     * so a version past RDS standard support is never billed for Extended Support by surprise
     * (AWS then refuses to create it); true enrolls it and pays. logExports: the MySQL logs RDS
     * publishes to CloudWatch Logs. Production options, off by default: deletionProtection makes
     * RDS refuse to delete the instance (destroy turns it off after its confirmation; apply
     * refuses to replace it); monitoringIntervalSeconds above 0 turns on Enhanced Monitoring
     * (OS metrics into CloudWatch Logs every that many seconds) with a role of the stack's.
     */
    public record Database(
            String engineVersion,
            String instanceClass,
            int allocatedStorageGb,
            boolean multiAz,
            String databaseName,
            String masterUsername,
            boolean finalSnapshotOnDestroy,
            boolean extendedSupport,
            List<String> logExports,
            boolean deletionProtection,
            int monitoringIntervalSeconds) {

        /** The intervals RDS accepts for Enhanced Monitoring; 0 is off. */
        public static final List<Integer> MONITORING_INTERVALS = List.of(0, 1, 5, 10, 15, 30, 60);

        /** Without the production options: no deletion protection, no Enhanced Monitoring. */
        public Database(
                String engineVersion,
                String instanceClass,
                int allocatedStorageGb,
                boolean multiAz,
                String databaseName,
                String masterUsername,
                boolean finalSnapshotOnDestroy,
                boolean extendedSupport,
                List<String> logExports) {
            this(
                    engineVersion,
                    instanceClass,
                    allocatedStorageGb,
                    multiAz,
                    databaseName,
                    masterUsername,
                    finalSnapshotOnDestroy,
                    extendedSupport,
                    logExports,
                    false,
                    0);
        }

        public boolean enhancedMonitoring() {
            return monitoringIntervalSeconds > 0;
        }

        /** The same with deletion protection on or off. */
        public Database withDeletionProtection(boolean on) {
            return withProductionOptions(on, monitoringIntervalSeconds);
        }

        /** The same with Enhanced Monitoring every {@code seconds} (0: off). */
        public Database withMonitoringIntervalSeconds(int seconds) {
            return withProductionOptions(deletionProtection, seconds);
        }

        private Database withProductionOptions(boolean protection, int interval) {
            return new Database(
                    engineVersion,
                    instanceClass,
                    allocatedStorageGb,
                    multiAz,
                    databaseName,
                    masterUsername,
                    finalSnapshotOnDestroy,
                    extendedSupport,
                    logExports,
                    protection,
                    interval);
        }
    }

    /**
     * secondTargetGroup: the course's extra target group on port 8080. Production options, off
     * by default: accessLogs writes the ALB's access logs to an S3 bucket of the stack, kept
     * accessLogsRetentionDays; waf puts an AWS WAF web ACL with the AWS managed rule groups
     * wafManagedRuleGroups (in that order) in front of the ALB; deletionProtection makes ELB
     * refuse to delete the ALB (destroy turns it off after its confirmation; apply refuses to
     * replace it).
     */
    public record LoadBalancer(
            String healthCheckPath,
            int healthCheckIntervalSeconds,
            int healthCheckTimeoutSeconds,
            int healthyThreshold,
            int unhealthyThreshold,
            int deregistrationDelaySeconds,
            boolean secondTargetGroup,
            boolean accessLogs,
            int accessLogsRetentionDays,
            boolean waf,
            List<String> wafManagedRuleGroups,
            boolean deletionProtection) {

        /** AWS managed rule groups without a subscription fee: the common rules, bad inputs, IP reputation. */
        public static final List<String> DEFAULT_WAF_RULE_GROUPS = List.of(
                "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList");

        /** Without the production options: no access logs (90 days once on), no WAF. */
        public LoadBalancer(
                String healthCheckPath,
                int healthCheckIntervalSeconds,
                int healthCheckTimeoutSeconds,
                int healthyThreshold,
                int unhealthyThreshold,
                int deregistrationDelaySeconds,
                boolean secondTargetGroup) {
            this(
                    healthCheckPath,
                    healthCheckIntervalSeconds,
                    healthCheckTimeoutSeconds,
                    healthyThreshold,
                    unhealthyThreshold,
                    deregistrationDelaySeconds,
                    secondTargetGroup,
                    false,
                    90,
                    false,
                    DEFAULT_WAF_RULE_GROUPS,
                    false);
        }

        /** The same with access logs on or off. */
        public LoadBalancer withAccessLogs(boolean on) {
            return withProductionOptions(on, waf, deletionProtection);
        }

        /** The same with the WAF on or off. */
        public LoadBalancer withWaf(boolean on) {
            return withProductionOptions(accessLogs, on, deletionProtection);
        }

        /** The same with deletion protection on or off. */
        public LoadBalancer withDeletionProtection(boolean on) {
            return withProductionOptions(accessLogs, waf, on);
        }

        private LoadBalancer withProductionOptions(boolean logs, boolean webAcl, boolean protection) {
            return new LoadBalancer(
                    healthCheckPath,
                    healthCheckIntervalSeconds,
                    healthCheckTimeoutSeconds,
                    healthyThreshold,
                    unhealthyThreshold,
                    deregistrationDelaySeconds,
                    secondTargetGroup,
                    logs,
                    accessLogsRetentionDays,
                    webAcl,
                    wafManagedRuleGroups,
                    protection);
        }
    }

    /** When domain and hostedZoneId are set: ACM certificate, HTTPS listener, alias recordName.domain. */
    public record Dns(String domain, String hostedZoneId, String recordName) {

        public boolean enabled() {
            return domain != null && !domain.isBlank();
        }
    }

    /**
     * amiParameter: the SSM parameter ami-builder publishes; amiId overrides it.
     * stressTokenParameter: an SSM SecureString the instances read at boot for the stress
     * API's token (never the token itself in user data); null = stress API off.
     */
    public record Instances(
            String amiParameter, String amiId, String instanceType, int rootVolumeGb, String stressTokenParameter) {}

    /**
     * cpuMetric: what target tracking follows. "ec2" is the 1-minute AWS/EC2 CPUUtilization
     * (the course); "agent" is CWAgent cpu_usage_active every 10 s, which the AMI publishes when
     * baked with ami-builder --cloudwatch-agent, and which lets the group react in seconds.
     */
    public record AutoScaling(
            int min,
            int desired,
            int max,
            int healthCheckGracePeriodSeconds,
            double targetCpuPercent,
            int instanceWarmupSeconds,
            boolean launchingLifecycleHook,
            String cpuMetric,
            List<String> instanceTypes,
            int onDemandBaseCapacity,
            int onDemandPercentageAboveBase) {

        public static final String EC2_METRIC = "ec2";
        public static final String AGENT_METRIC = "agent";

        /**
         * instanceTypes: empty = the launch template's one instances.instanceType; otherwise a mixed
         * instances policy over these types (on-demand launches in list order), with the first
         * onDemandBaseCapacity instances on-demand and onDemandPercentageAboveBase percent of the
         * rest (the others Spot).
         */
        public AutoScaling {
            instanceTypes = instanceTypes == null
                    ? List.of()
                    : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(instanceTypes));
        }

        /** Without the instance types keys: one instance type, all on-demand. */
        public AutoScaling(
                int min,
                int desired,
                int max,
                int healthCheckGracePeriodSeconds,
                double targetCpuPercent,
                int instanceWarmupSeconds,
                boolean launchingLifecycleHook,
                String cpuMetric) {
            this(
                    min,
                    desired,
                    max,
                    healthCheckGracePeriodSeconds,
                    targetCpuPercent,
                    instanceWarmupSeconds,
                    launchingLifecycleHook,
                    cpuMetric,
                    List.of(),
                    0,
                    100);
        }

        /** Whether the group uses a mixed instances policy rather than the launch template alone. */
        public boolean mixed() {
            return !instanceTypes.isEmpty();
        }

        /** The same with another instance types policy (tests and examples). */
        public AutoScaling withInstanceTypes(List<String> types, int base, int percentageAboveBase) {
            return new AutoScaling(
                    min,
                    desired,
                    max,
                    healthCheckGracePeriodSeconds,
                    targetCpuPercent,
                    instanceWarmupSeconds,
                    launchingLifecycleHook,
                    cpuMetric,
                    types,
                    base,
                    percentageAboveBase);
        }
    }

    /**
     * How an image reaches the running instances (rollout, and apply when the image changes):
     * the instance refresh's preferences and how many launch template versions to keep.
     *
     * @param minHealthyPercent        share of the group kept in service while instances are replaced
     * @param maxHealthyPercent        share the group may grow to meanwhile (100-200): above 100 new instances
     *                                 start before old ones stop, so a group of one never drops to none
     * @param instanceWarmupSeconds    how long a new instance counts as warming up before the next batch
     * @param skipMatching             leave instances that already run the desired version alone
     * @param checkpointPercentages    pause at these shares replaced (ending at 100), e.g. [50, 100]; [] = no pause
     * @param checkpointDelaySeconds   how long each checkpoint pauses
     * @param autoRollback             a failed refresh (or an alarm below) puts the previous version back by itself
     * @param rollbackAlarms           CloudWatch alarm names that, in ALARM during the refresh, fail and roll it back
     * @param keepVersions             launch template versions kept besides the default (never one in use)
     */
    public record Rollout(
            int minHealthyPercent,
            int maxHealthyPercent,
            int instanceWarmupSeconds,
            boolean skipMatching,
            List<Integer> checkpointPercentages,
            int checkpointDelaySeconds,
            boolean autoRollback,
            List<String> rollbackAlarms,
            int keepVersions) {

        public static Rollout defaults() {
            return new Rollout(100, 200, 60, true, List.of(), 300, true, List.of(), 10);
        }
    }

    /**
     * The course's chapter 3-5: a VPC in another region ({@code region}, {@code vpcCidr}) peered
     * with the stack's, requested from there and accepted in the stack's region; with
     * {@code testInstance}, an instance there that answers ICMP from the stack's VPC.
     */
    public record Peering(boolean enabled, String region, String vpcCidr, boolean testInstance) {

        public static Peering defaults() {
            return new Peering(false, "ap-northeast-1", "192.168.10.0/24", true);
        }
    }

    /** The same config with the region the run resolved (option > file > environment), for spec builders. */
    public StackConfig withRegion(String resolvedRegion) {
        return with(resolvedRegion, database, loadBalancer, autoScaling);
    }

    /** The same config with another database section. */
    public StackConfig withDatabase(Database other) {
        return with(region, other, loadBalancer, autoScaling);
    }

    /** The same config with another load balancer section. */
    public StackConfig withLoadBalancer(LoadBalancer other) {
        return with(region, database, other, autoScaling);
    }

    /** The same config with another Auto Scaling section. */
    public StackConfig withAutoScaling(AutoScaling other) {
        return with(region, database, loadBalancer, other);
    }

    private StackConfig with(String region, Database database, LoadBalancer loadBalancer, AutoScaling autoScaling) {
        return new StackConfig(
                project,
                stack,
                prefix,
                region,
                network,
                security,
                bastion,
                database,
                loadBalancer,
                dns,
                instances,
                autoScaling,
                rollout,
                peering,
                privateInstance,
                vpn);
    }

    /** The availability zones as full names ("eu-west-1a"); needs {@link #region()} set. */
    public List<String> zones() {
        return network.availabilityZones().stream().map(az -> zone(region, az)).toList();
    }

    /** "a" or "eu-west-1a" → "eu-west-1a": a zone as the config may give it, in full. */
    public static String zone(String region, String az) {
        return az.length() == 1 ? region + az : az;
    }

    /** The zone's letter, as names use it: "my-public-subnet-a". */
    public static String zoneLetter(String zone) {
        return zone.substring(zone.length() - 1);
    }

    /** The course's architecture. */
    public static StackConfig defaults() {
        return new StackConfig(
                "scaleout-kit",
                "demo",
                "my",
                null,
                new Network(
                        "10.1.0.0/16",
                        List.of("a", "c"),
                        List.of("10.1.1.0/24", "10.1.2.0/24"),
                        List.of("10.1.11.0/24", "10.1.12.0/24"),
                        List.of("10.1.21.0/24", "10.1.22.0/24"),
                        false,
                        365),
                new Security(null),
                new Bastion(false, "t3.micro"),
                new Database(
                        "8.4",
                        "db.t3.micro",
                        20,
                        false,
                        "fleet",
                        "fleetadmin",
                        false,
                        false,
                        List.of("error", "slowquery"),
                        false,
                        0),
                new LoadBalancer("/ec2meta-webpage/index.php", 5, 3, 2, 2, 10, false),
                new Dns(null, null, "asg-ec2"),
                new Instances("/scaleout/golden-ami/latest", null, "t3.micro", 20, null),
                new AutoScaling(1, 1, 3, 60, 70.0, 60, false, AutoScaling.EC2_METRIC),
                Rollout.defaults(),
                Peering.defaults(),
                PrivateInstance.off(),
                Vpn.off());
    }
}
