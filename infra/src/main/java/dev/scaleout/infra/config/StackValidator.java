package dev.scaleout.infra.config;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every check that needs no AWS call, run before the first one. The first broken rule
 * ends the run with exit 2 and one line: the key, what is wrong, and the fix.
 *
 * <p>Availability zones are checked by form, not by a call: a zone is the region's name
 * plus one letter a–f ("eu-west-1a"), given as that letter or in full. The SDK's region
 * metadata does not list zones, and the letters a–f cover every region today; a zone the
 * account lacks is then AWS's error on apply.
 */
public final class StackValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern AZ_SUFFIX = Pattern.compile("[a-f]");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-f]{8,17}");
    private static final Pattern SSM_PARAMETER = Pattern.compile("/?[A-Za-z0-9_.\\-/]+");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern HOSTED_ZONE = Pattern.compile("(/hostedzone/)?Z[A-Z0-9]{1,31}");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern DB_USER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,15}");
    private static final Set<String> MYSQL_RESERVED_USERS = Set.of("root", "mysql", "rdsadmin");
    /**
     * What RDS for MySQL can publish to CloudWatch Logs and the stack turns on (the parameter
     * group enables the slow and general logs when exported). Not "audit": it needs an option
     * group with the MariaDB audit plugin, which the stack does not make.
     */
    static final List<String> MYSQL_LOG_EXPORTS = List.of("error", "general", "iam-db-auth-error", "slowquery");
    /** Longest suffix the load balancer and target group names get after the prefix ("-asg-ec2-tg-8080"). */
    static final int LONGEST_ELB_SUFFIX = "-asg-ec2-tg-8080".length();

    static final int ELB_NAME_MAX = 32;

    private StackValidator() {}

    /** {@code region} is the one the run uses (option, config or environment). */
    public static void validate(StackConfig c, String region) {
        name("project", c.project(), 64);
        name("stack", c.stack(), 32);
        name("prefix", c.prefix(), ELB_NAME_MAX - LONGEST_ELB_SUFFIX);
        if (c.region() != null && !AwsClients.isRegion(c.region())) {
            fail("region", "'" + c.region() + "' is not an AWS region", "e.g. region: eu-west-1");
        }
        if (region != null && !AwsClients.isRegion(region)) {
            fail(
                    "region",
                    "'" + region + "' (from --region, AWS_REGION or the profile) is not an AWS region",
                    "e.g. --region eu-west-1");
        }
        network(c.network(), region);
        security(c.security());
        if (c.bastion().enabled()) {
            instanceType("bastion.instanceType", c.bastion().instanceType());
        }
        database(c.database());
        flowLogs(c.network());
        loadBalancer(c.loadBalancer());
        dns(c.dns());
        instances(c.instances());
        autoScaling(c.autoScaling());
        rollout(c.rollout());
        peering(c.peering(), c.network(), region);
        vpn(c.vpn(), c.network(), c.peering());
    }

    /**
     * The peer region is checked even when peering is off (a later run may still find a
     * peering of this stack there); the rest only when it is on. Cross-region peering needs
     * CIDRs that do not overlap: AWS refuses the request otherwise, after the peer VPC exists.
     */
    private static void peering(StackConfig.Peering p, StackConfig.Network n, String region) {
        if (p == null) {
            return;
        }
        if (!AwsClients.isRegion(p.region())) {
            fail("peering.region", "'" + p.region() + "' is not an AWS region", "e.g. peering.region: ap-northeast-1");
        }
        if (!p.enabled()) {
            return;
        }
        if (p.region().equals(region)) {
            fail(
                    "peering.region",
                    p.region() + " is the stack's own region; the course peers two regions",
                    "pick another region, e.g. "
                            + ("ap-northeast-1".equals(region) ? "ap-northeast-2" : "ap-northeast-1"));
        }
        Cidr peer = cidr("peering.vpcCidr", p.vpcCidr());
        if (peer.prefix() < 16 || peer.prefix() > 28) {
            fail(
                    "peering.vpcCidr",
                    p.vpcCidr() + " has a /" + peer.prefix() + " mask; AWS allows /16 to /28",
                    "e.g. 192.168.10.0/24");
        }
        Cidr vpc = Cidr.parse(n.vpcCidr()).orElseThrow();
        if (peer.overlaps(vpc)) {
            fail(
                    "peering.vpcCidr",
                    p.vpcCidr() + " overlaps network.vpcCidr (" + vpc.canonical()
                            + "); AWS does not peer overlapping VPCs",
                    "pick a block outside it, e.g. 192.168.10.0/24");
        }
    }

    private static void network(StackConfig.Network n, String region) {
        Cidr vpc = cidr("network.vpcCidr", n.vpcCidr());
        if (vpc.prefix() < 16 || vpc.prefix() > 28) {
            fail(
                    "network.vpcCidr",
                    n.vpcCidr() + " has a /" + vpc.prefix() + " mask; AWS allows /16 to /28",
                    "e.g. 10.1.0.0/16");
        }
        List<String> azs = n.availabilityZones();
        if (azs == null || azs.size() < 2) {
            fail(
                    "network.availabilityZones",
                    "needs at least two zones (the ALB and the DB subnet group span two)",
                    "e.g. [a, c]");
        }
        Set<String> seen = new HashSet<>();
        for (String az : azs) {
            boolean ok = az != null
                    && (AZ_SUFFIX.matcher(az).matches()
                            || (az.startsWith(region)
                                    && AZ_SUFFIX
                                            .matcher(az.substring(region.length()))
                                            .matches()));
            if (!ok) {
                fail(
                        "network.availabilityZones",
                        "'" + az + "' is not a zone of region " + region,
                        "use a letter a-f or a full name such as " + region + "a");
            }
            if (!seen.add(StackConfig.zone(region, az))) {
                fail("network.availabilityZones", "'" + az + "' is listed twice", "list each zone once");
            }
        }
        List<Cidr> all = new ArrayList<>();
        List<String> allKeys = new ArrayList<>();
        for (var list : List.of(
                new Object[] {"network.publicSubnetCidrs", n.publicSubnetCidrs()},
                new Object[] {"network.appSubnetCidrs", n.appSubnetCidrs()},
                new Object[] {"network.dbSubnetCidrs", n.dbSubnetCidrs()})) {
            String key = (String) list[0];
            @SuppressWarnings("unchecked")
            List<String> cidrs = (List<String>) list[1];
            if (cidrs == null || cidrs.size() != azs.size()) {
                fail(
                        key,
                        "has " + (cidrs == null ? 0 : cidrs.size()) + " blocks for " + azs.size() + " zones",
                        "give one CIDR per zone in network.availabilityZones");
            }
            for (int i = 0; i < cidrs.size(); i++) {
                String itemKey = key + "[" + i + "]";
                Cidr subnet = cidr(itemKey, cidrs.get(i));
                if (!vpc.contains(subnet)) {
                    fail(
                            itemKey,
                            cidrs.get(i) + " is outside the VPC " + n.vpcCidr(),
                            "pick a block inside network.vpcCidr");
                }
                if (subnet.prefix() > 28) {
                    fail(
                            itemKey,
                            cidrs.get(i) + " is smaller than AWS's smallest subnet (/28)",
                            "use /28 or larger, e.g. /24");
                }
                for (int j = 0; j < all.size(); j++) {
                    if (all.get(j).overlaps(subnet)) {
                        fail(
                                itemKey,
                                cidrs.get(i) + " overlaps " + allKeys.get(j) + " ("
                                        + all.get(j).canonical() + ")",
                                "give every subnet its own block");
                    }
                }
                all.add(subnet);
                allKeys.add(itemKey);
            }
        }
    }

    private static void security(StackConfig.Security s) {
        if (s.adminCidr() == null) {
            return;
        }
        if (s.adminCidr().trim().equals("::/0")) {
            fail(
                    "security.adminCidr",
                    "::/0 opens SSH to the whole internet",
                    "give your own address, e.g. 203.0.113.7/32");
        }
        Cidr admin = cidr("security.adminCidr", s.adminCidr());
        if (admin.prefix() == 0) {
            fail(
                    "security.adminCidr",
                    "0.0.0.0/0 opens SSH to the whole internet",
                    "give your own address, e.g. 203.0.113.7/32 (curl https://checkip.amazonaws.com), or leave it unset and use SSM");
        }
    }

    /** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
    static final List<Integer> LOG_RETENTION_DAYS = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static void flowLogs(StackConfig.Network n) {
        if (n.flowLogRetentionDays() != 0 && !LOG_RETENTION_DAYS.contains(n.flowLogRetentionDays())) {
            fail(
                    "network.flowLogRetentionDays",
                    n.flowLogRetentionDays() + " is not a retention CloudWatch Logs offers",
                    "one of " + LOG_RETENTION_DAYS
                            + " (e.g. 30, or 365 as security scanners expect), or 0 for no flow logs");
        }
    }

    private static void database(StackConfig.Database d) {
        if (d.engineVersion() == null || !d.engineVersion().matches("8(\\.\\d+)*")) {
            fail("database.engineVersion", "'" + d.engineVersion() + "' is not a MySQL 8 version", "e.g. 8.0");
        }
        if (d.instanceClass() == null || !d.instanceClass().matches("db\\.[a-z0-9]+\\.[a-z0-9]+")) {
            fail(
                    "database.instanceClass",
                    "'" + d.instanceClass() + "' is not a DB instance class",
                    "e.g. db.t3.micro");
        }
        if (d.allocatedStorageGb() < 20 || d.allocatedStorageGb() > 65536) {
            fail(
                    "database.allocatedStorageGb",
                    d.allocatedStorageGb() + " GB is outside RDS MySQL's 20-65536",
                    "e.g. 20");
        }
        if (d.databaseName() == null || !DB_NAME.matcher(d.databaseName()).matches()) {
            fail(
                    "database.databaseName",
                    "'" + d.databaseName() + "' is not a MySQL database name",
                    "start with a letter; letters, digits, _; at most 64");
        }
        if (d.masterUsername() == null
                || !DB_USER.matcher(d.masterUsername()).matches()
                || MYSQL_RESERVED_USERS.contains(d.masterUsername().toLowerCase())) {
            fail(
                    "database.masterUsername",
                    "'" + d.masterUsername() + "' is not allowed as RDS MySQL's master user",
                    "start with a letter; letters, digits, _; at most 16; not root/mysql/rdsadmin; e.g. fleetadmin");
        }
        for (String log : d.logExports() == null ? List.<String>of("null") : d.logExports()) {
            if (!MYSQL_LOG_EXPORTS.contains(log)) {
                fail(
                        "database.logExports",
                        "'" + log + "' is not a log RDS for MySQL exports",
                        "use some of " + String.join(", ", MYSQL_LOG_EXPORTS) + ", or [] for none");
            }
        }
        if (!StackConfig.Database.MONITORING_INTERVALS.contains(d.monitoringIntervalSeconds())) {
            fail(
                    "database.monitoringIntervalSeconds",
                    d.monitoringIntervalSeconds() + " is not an interval RDS Enhanced Monitoring offers",
                    "use one of 1, 5, 10, 15, 30, 60 (seconds), or 0 for no Enhanced Monitoring");
        }
    }

    private static void loadBalancer(StackConfig.LoadBalancer lb) {
        if (lb.healthCheckPath() == null || !lb.healthCheckPath().startsWith("/")) {
            fail(
                    "loadBalancer.healthCheckPath",
                    "'" + lb.healthCheckPath() + "' is not a path",
                    "e.g. /ec2meta-webpage/index.php");
        }
        range("loadBalancer.healthCheckIntervalSeconds", lb.healthCheckIntervalSeconds(), 5, 300);
        range("loadBalancer.healthCheckTimeoutSeconds", lb.healthCheckTimeoutSeconds(), 2, 120);
        if (lb.healthCheckTimeoutSeconds() >= lb.healthCheckIntervalSeconds()) {
            fail(
                    "loadBalancer.healthCheckTimeoutSeconds",
                    lb.healthCheckTimeoutSeconds() + " s is not shorter than the interval ("
                            + lb.healthCheckIntervalSeconds() + " s)",
                    "make it less than loadBalancer.healthCheckIntervalSeconds");
        }
        range("loadBalancer.healthyThreshold", lb.healthyThreshold(), 2, 10);
        range("loadBalancer.unhealthyThreshold", lb.unhealthyThreshold(), 2, 10);
        range("loadBalancer.deregistrationDelaySeconds", lb.deregistrationDelaySeconds(), 0, 3600);
        if (lb.accessLogs()) {
            // an S3 lifecycle expiry takes whole days; ten years is past any audit rule we know
            range("loadBalancer.accessLogsRetentionDays", lb.accessLogsRetentionDays(), 1, 3650);
        }
        if (lb.waf()) {
            wafRuleGroups(lb.wafManagedRuleGroups());
        }
    }

    /**
     * The AWS managed rule groups the web ACL may use, with their capacity (WCUs, as AWS lists
     * them): those without a subscription fee. Bot Control, account takeover and account
     * creation fraud prevention and anti-DDoS cost extra per request and need settings of their own.
     */
    static final Map<String, Integer> WAF_RULE_GROUP_CAPACITY = Map.ofEntries(
            Map.entry("AWSManagedRulesCommonRuleSet", 700),
            Map.entry("AWSManagedRulesKnownBadInputsRuleSet", 200),
            Map.entry("AWSManagedRulesAmazonIpReputationList", 25),
            Map.entry("AWSManagedRulesAnonymousIpList", 50),
            Map.entry("AWSManagedRulesAdminProtectionRuleSet", 100),
            Map.entry("AWSManagedRulesSQLiRuleSet", 200),
            Map.entry("AWSManagedRulesLinuxRuleSet", 200),
            Map.entry("AWSManagedRulesUnixRuleSet", 100),
            Map.entry("AWSManagedRulesPHPRuleSet", 100),
            Map.entry("AWSManagedRulesWordPressRuleSet", 100),
            Map.entry("AWSManagedRulesWindowsRuleSet", 200));

    /** Web ACL capacity AWS includes in the base price; beyond it each request costs more. */
    static final int WAF_INCLUDED_CAPACITY = 1500;

    private static void wafRuleGroups(List<String> groups) {
        String key = "loadBalancer.wafManagedRuleGroups";
        if (groups == null || groups.isEmpty()) {
            fail(
                    key,
                    "is empty while loadBalancer.waf is true",
                    "name at least one, e.g. " + StackConfig.LoadBalancer.DEFAULT_WAF_RULE_GROUPS.get(0)
                            + ", or set loadBalancer.waf: false");
        }
        Set<String> seen = new HashSet<>();
        int capacity = 0;
        for (String g : groups) {
            if (!WAF_RULE_GROUP_CAPACITY.containsKey(g)) {
                fail(
                        key,
                        "'" + g + "' is not an AWS managed rule group without a subscription fee",
                        "use some of " + String.join(", ", new java.util.TreeSet<>(WAF_RULE_GROUP_CAPACITY.keySet())));
            }
            if (!seen.add(g)) {
                fail(key, "'" + g + "' is listed twice", "list each rule group once");
            }
            capacity += WAF_RULE_GROUP_CAPACITY.get(g);
        }
        if (capacity > WAF_INCLUDED_CAPACITY) {
            fail(
                    key,
                    "the groups need " + capacity + " WCUs, more than the " + WAF_INCLUDED_CAPACITY
                            + " a web ACL includes (beyond them every request costs more)",
                    "drop a group, e.g. AWSManagedRulesSQLiRuleSet or AWSManagedRulesLinuxRuleSet");
        }
    }

    private static void dns(StackConfig.Dns d) {
        boolean domain = d.domain() != null && !d.domain().isBlank();
        boolean zone = d.hostedZoneId() != null && !d.hostedZoneId().isBlank();
        if (domain && !zone) {
            fail(
                    "dns.hostedZoneId",
                    "is missing while dns.domain is set",
                    "give the Route 53 hosted zone id of " + d.domain()
                            + " (aws route53 list-hosted-zones), or remove dns.domain");
        }
        if (zone && !domain) {
            fail(
                    "dns.domain",
                    "is missing while dns.hostedZoneId is set",
                    "give the zone's domain, e.g. example.com, or remove dns.hostedZoneId");
        }
        if (!domain) {
            return;
        }
        if (!DOMAIN.matcher(d.domain()).matches()) {
            fail(
                    "dns.domain",
                    "'" + d.domain() + "' is not a domain name",
                    "e.g. example.com (lower case, no trailing dot)");
        }
        if (!HOSTED_ZONE.matcher(d.hostedZoneId()).matches()) {
            fail(
                    "dns.hostedZoneId",
                    "'" + d.hostedZoneId() + "' is not a hosted zone id",
                    "e.g. Z0123456789ABCDEFGHIJ");
        }
        if (d.recordName() == null || !d.recordName().matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            fail("dns.recordName", "'" + d.recordName() + "' is not a DNS label", "e.g. asg-ec2");
        }
    }

    private static void instances(StackConfig.Instances i) {
        boolean id = i.amiId() != null && !i.amiId().isBlank();
        if (id && !AMI_ID.matcher(i.amiId()).matches()) {
            fail(
                    "instances.amiId",
                    "'" + i.amiId() + "' is not an AMI id",
                    "e.g. ami-0123456789abcdef0, or remove it to use instances.amiParameter");
        }
        if (!id && (i.amiParameter() == null || i.amiParameter().isBlank())) {
            fail(
                    "instances.amiParameter",
                    "is missing and no instances.amiId is given",
                    "set the SSM parameter ami-builder publishes, e.g. /scaleout/golden-ami/latest, or an instances.amiId");
        }
        if (!id && !SSM_PARAMETER.matcher(i.amiParameter()).matches()) {
            fail(
                    "instances.amiParameter",
                    "'" + i.amiParameter() + "' is not an SSM parameter name",
                    "e.g. /scaleout/golden-ami/latest");
        }
        instanceType("instances.instanceType", i.instanceType());
        range("instances.rootVolumeGb", i.rootVolumeGb(), 8, 16384);
        if (i.stressTokenParameter() != null
                && !SSM_PARAMETER.matcher(i.stressTokenParameter()).matches()) {
            fail(
                    "instances.stressTokenParameter",
                    "'" + i.stressTokenParameter() + "' is not an SSM parameter name",
                    "e.g. /scaleout/stress-token, or remove it");
        }
    }

    private static void autoScaling(StackConfig.AutoScaling a) {
        if (a.min() < 0) {
            fail("autoScaling.min", a.min() + " is negative", "use 0 or more");
        }
        if (a.max() < 1) {
            fail("autoScaling.max", a.max() + " is below 1", "use 1 or more");
        }
        if (a.min() > a.max()) {
            fail("autoScaling.min", "min " + a.min() + " is greater than max " + a.max(), "make min <= max");
        }
        if (a.desired() < a.min() || a.desired() > a.max()) {
            fail(
                    "autoScaling.desired",
                    "desired " + a.desired() + " is outside min " + a.min() + " .. max " + a.max(),
                    "pick a value between min and max");
        }
        range("autoScaling.healthCheckGracePeriodSeconds", a.healthCheckGracePeriodSeconds(), 0, 7200);
        if (!(a.targetCpuPercent() > 0 && a.targetCpuPercent() <= 100)) {
            fail("autoScaling.targetCpuPercent", a.targetCpuPercent() + " is not a CPU percentage", "e.g. 70");
        }
        range("autoScaling.instanceWarmupSeconds", a.instanceWarmupSeconds(), 0, 3600);
        if (!List.of(StackConfig.AutoScaling.EC2_METRIC, StackConfig.AutoScaling.AGENT_METRIC)
                .contains(a.cpuMetric())) {
            fail(
                    "autoScaling.cpuMetric",
                    "'" + a.cpuMetric() + "' is not a CPU metric this kit knows",
                    "use ec2 (1-minute EC2 metric) or agent (10-second CloudWatch agent metric, AMI baked with --cloudwatch-agent)");
        }
        instanceTypes(a);
    }

    /** AWS takes at most 40 instance types in a group's overrides (the API reference of LaunchTemplateOverrides). */
    static final int MAX_INSTANCE_TYPES = 40;

    private static void instanceTypes(StackConfig.AutoScaling a) {
        List<String> types = a.instanceTypes();
        if (types.size() == 1) {
            fail(
                    "autoScaling.instanceTypes",
                    "names one type; a mixed instances policy needs two or more",
                    "add another type of the same size (e.g. [t3.micro, t3a.micro]), or remove the key and set"
                            + " instances.instanceType");
        }
        if (types.size() > MAX_INSTANCE_TYPES) {
            fail(
                    "autoScaling.instanceTypes",
                    "names " + types.size() + " types; AWS takes at most " + MAX_INSTANCE_TYPES,
                    "keep the " + MAX_INSTANCE_TYPES + " you prefer");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            instanceType("autoScaling.instanceTypes[" + i + "]", types.get(i));
            if (!seen.add(types.get(i))) {
                fail("autoScaling.instanceTypes", types.get(i) + " is listed twice", "list each type once");
            }
        }
        // without types the on-demand numbers are not used, so they are not checked (a warning says so)
        if (a.mixed()) {
            range("autoScaling.onDemandPercentageAboveBase", a.onDemandPercentageAboveBase(), 0, 100);
            range("autoScaling.onDemandBaseCapacity", a.onDemandBaseCapacity(), 0, a.max());
        }
    }

    /**
     * What is allowed but likely not meant, one line each naming the key: the run goes on. A
     * launch template type missing from autoScaling.instanceTypes is never launched by the group
     * (the overrides replace it), yet the private instance uses it; on-demand numbers without
     * instance types do nothing.
     */
    public static List<String> warnings(StackConfig c) {
        List<String> warnings = new ArrayList<>();
        StackConfig.AutoScaling a = c.autoScaling();
        if (a.mixed() && !a.instanceTypes().contains(c.instances().instanceType())) {
            warnings.add("autoScaling.instanceTypes " + a.instanceTypes() + " does not name instances.instanceType ("
                    + c.instances().instanceType() + "): the group never launches it; list it first, or set"
                    + " instances.instanceType to one of the list");
        }
        if (!a.mixed() && (a.onDemandBaseCapacity() != 0 || a.onDemandPercentageAboveBase() != 100)) {
            warnings.add("autoScaling.onDemandBaseCapacity and onDemandPercentageAboveBase apply only with"
                    + " autoScaling.instanceTypes, which is empty: every instance is on-demand "
                    + c.instances().instanceType()
                    + "; list two or more instance types to use Spot");
        }
        return warnings;
    }

    private static void rollout(StackConfig.Rollout r) {
        range("rollout.minHealthyPercent", r.minHealthyPercent(), 0, 100);
        range("rollout.maxHealthyPercent", r.maxHealthyPercent(), 100, 200);
        if (r.maxHealthyPercent() - r.minHealthyPercent() > 100) {
            fail(
                    "rollout.maxHealthyPercent",
                    r.maxHealthyPercent() + " is more than 100 above minHealthyPercent " + r.minHealthyPercent()
                            + " (AWS refuses it)",
                    "raise minHealthyPercent or lower maxHealthyPercent");
        }
        range("rollout.instanceWarmupSeconds", r.instanceWarmupSeconds(), 0, 3600);
        List<Integer> checkpoints = r.checkpointPercentages() == null ? List.of() : r.checkpointPercentages();
        int last = 0;
        for (Integer p : checkpoints) {
            if (p == null || p <= last || p > 100) {
                fail(
                        "rollout.checkpointPercentages",
                        checkpoints + " is not a rising list of percentages",
                        "e.g. [50, 100], or [] for no pause");
            }
            last = p;
        }
        if (!checkpoints.isEmpty() && last != 100) {
            fail(
                    "rollout.checkpointPercentages",
                    checkpoints + " does not end at 100",
                    "end the list with 100, e.g. [50, 100]");
        }
        range("rollout.checkpointDelaySeconds", r.checkpointDelaySeconds(), 0, 172800);
        for (String alarm : r.rollbackAlarms() == null ? List.<String>of() : r.rollbackAlarms()) {
            if (alarm == null || alarm.isBlank() || alarm.length() > 255) {
                fail("rollout.rollbackAlarms", "'" + alarm + "' is not a CloudWatch alarm name", "e.g. [my-app-5xx]");
            }
        }
        if (!r.autoRollback()
                && r.rollbackAlarms() != null
                && !r.rollbackAlarms().isEmpty()) {
            fail(
                    "rollout.rollbackAlarms",
                    "alarms roll back only with rollout.autoRollback: true",
                    "set autoRollback: true or remove the alarms");
        }
        range("rollout.keepVersions", r.keepVersions(), 1, 1000);
    }

    /**
     * Client VPN's rules (CreateClientVpnEndpoint): the client block is /12 to /22 and must not
     * overlap the VPC's, or clients could not reach it. Checked whenever a block is given, so a
     * config turned on later is already right.
     */
    private static void vpn(StackConfig.Vpn v, StackConfig.Network n, StackConfig.Peering p) {
        if (v == null) {
            fail("vpn", "is empty", "give enabled and clientCidr, or leave the section out");
        }
        if (v.clientCidr() == null || v.clientCidr().isBlank()) {
            if (v.enabled()) {
                fail("vpn.clientCidr", "is missing while vpn.enabled is true", "e.g. 172.16.0.0/22");
            }
            return;
        }
        Cidr client = cidr("vpn.clientCidr", v.clientCidr());
        if (client.prefix() < 12 || client.prefix() > 22) {
            fail(
                    "vpn.clientCidr",
                    v.clientCidr() + " has a /" + client.prefix() + " mask; Client VPN takes /12 to /22",
                    "e.g. 172.16.0.0/22");
        }
        Cidr.parse(n.vpcCidr())
                .filter(client::overlaps)
                .ifPresent(vpc -> fail(
                        "vpn.clientCidr",
                        v.clientCidr() + " overlaps the VPC " + n.vpcCidr() + " (clients could not reach it)",
                        "pick a block outside network.vpcCidr, e.g. 172.16.0.0/22"));
        if (p != null && p.enabled()) {
            Cidr.parse(p.vpcCidr())
                    .filter(client::overlaps)
                    .ifPresent(peer -> fail(
                            "vpn.clientCidr",
                            v.clientCidr() + " overlaps the peer VPC " + p.vpcCidr() + " (peering.vpcCidr)",
                            "pick a block outside both VPCs, e.g. 172.16.0.0/22"));
        }
    }

    private static void name(String key, String value, int max) {
        if (value == null || value.length() > max || !NAME.matcher(value).matches()) {
            fail(
                    key,
                    "'" + value + "' is not a valid name",
                    "use lower-case letters, digits and '-', at most " + max + " characters");
        }
    }

    private static void instanceType(String key, String value) {
        if (value == null || !INSTANCE_TYPE.matcher(value).matches()) {
            fail(key, "'" + value + "' is not an instance type", "e.g. t3.micro");
        }
    }

    private static Cidr cidr(String key, String value) {
        Cidr cidr = Cidr.parse(value)
                .orElseThrow(() -> ExitException.userError(
                        key + ": '" + value + "' is not an IPv4 CIDR block: write it as e.g. 10.1.0.0/16"));
        if (cidr.hostBitsSet()) {
            fail(key, value + " has host bits set", "use " + cidr.canonical());
        }
        return cidr;
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            fail(key, value + " is out of range", "use " + min + " to " + max);
        }
    }

    private static void fail(String key, String problem, String fix) {
        throw ExitException.userError(key + ": " + problem + ": " + fix);
    }
}
