package dev.scaleout.infra.cost;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.peering.PeeringSpecs;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An hourly estimate of what the stack runs once applied, from a small on-demand price
 * table (Linux, USD, list prices as of {@link #PRICES_AS_OF}). Regions outside the table
 * use us-east-1 times a factor, and say so. The ALB's LCUs are priced at an assumed one LCU
 * (see {@link #ASSUMED_LCUS}); RDS storage from the config's allocated GB; RDS Extended
 * Support when the engine's major version is past RDS standard support on the day of the
 * estimate ({@link MySqlSupport}). Left out: data processed by the NAT gateway, data
 * transfer, the instances' EBS volumes, backups beyond the free allowance, CloudWatch,
 * Secrets Manager and Route 53: usage-driven or a few dollars a month. It is an estimate:
 * the AWS pricing pages decide.
 */
public final class CostEstimate {

    public static final String PRICES_AS_OF = "2025-06";
    /** Unlisted regions: us-east-1 is about the cheapest; most others are 5-25 % dearer. */
    static final double FALLBACK_FACTOR = 1.15;

    static final String BASE_REGION = "us-east-1";
    /**
     * LCUs an hour: an LCU is the most of 25 new connections/s, 3,000 active connections,
     * 1 GB processed an hour, 1,000 rule evaluations/s. A demo or light use stays within one;
     * an idle ALB uses a fraction of one (billed as used); heavy traffic uses more.
     */
    static final int ASSUMED_LCUS = 1;
    /**
     * Flow log data an hour: a record (about 130 bytes) per flow per 10 minutes on each of the
     * stack's ENIs (ALB nodes, NAT, instances, database); the ALB's health checks every 5 s from
     * two nodes are most of it at rest. Measured use varies with traffic: the bill decides.
     * Storage ($0.03/GB-month) is left out: a few cents a month.
     */
    static final int ASSUMED_FLOW_LOG_MB_PER_HOUR = 1;
    /** Clients connected at once: billed per connection-hour, none while nobody is connected. */
    static final int ASSUMED_VPN_CONNECTIONS = 1;

    /**
     * Requests a month through the ALB with the production options on (WAF inspects each; each
     * writes an access-log line): light use, about one request every two seconds. The ALB's own
     * health checks go to the targets, not through WAF or into the logs.
     */
    static final double ASSUMED_MILLION_REQUESTS_A_MONTH = 1.0;
    /** An access-log line (about 700 bytes) as ELB stores it, gzipped. */
    static final int ACCESS_LOG_BYTES_PER_REQUEST = 100;
    /** Log files an hour: each ALB node (one per AZ) delivers one every five minutes. */
    static final int ACCESS_LOG_FILES_PER_NODE_HOUR = 12;

    /**
     * What one Enhanced Monitoring sample of a small MySQL instance (OS metrics and its process
     * list, as JSON) adds to CloudWatch Logs: a few KB. RDS bills nothing for it; CloudWatch Logs
     * bills the ingestion (beyond its free tier), so the interval decides: every 60 s about
     * 0.17 GB a month (cents), every second about 10 GB (about $5 at $0.50/GB). Storage in the
     * RDSOSMetrics group (30 days by default) is left out: cents.
     */
    static final int ASSUMED_MONITORING_KB_PER_SAMPLE = 4;

    /** Hours in a month as AWS prorates GB-month prices (and its pricing calculator uses). */
    static final double HOURS_PER_MONTH = 730;

    /**
     * Per region: NAT gateway hour, ALB hour and LCU-hour, public IPv4 hour, instance and DB
     * class hours, RDS gp3 storage per GB-month (single-AZ; Multi-AZ stores twice), and RDS
     * Extended Support per vCPU-hour at the year-1 (and year-2) price; Client VPN per subnet
     * association hour and per connection hour.
     */
    static final Map<String, Map<String, Double>> PRICES = Map.of(
            "us-east-1",
                    Map.ofEntries(
                            Map.entry("nat-gateway", 0.045),
                            Map.entry("alb", 0.0225),
                            Map.entry("alb-lcu", 0.008),
                            Map.entry("public-ipv4", 0.005),
                            Map.entry("t3.micro", 0.0104),
                            Map.entry("t3.small", 0.0208),
                            Map.entry("t3.medium", 0.0416),
                            Map.entry("db.t3.micro", 0.017),
                            Map.entry("db.t3.small", 0.034),
                            Map.entry("db.t3.medium", 0.068),
                            Map.entry("rds-gp3-gb-month", 0.115),
                            Map.entry("client-vpn-association", 0.10),
                            Map.entry("client-vpn-connection", 0.05),
                            Map.entry("rds-extended-support-vcpu", 0.100),
                            Map.entry("logs-ingest-gb", 0.50),
                            Map.entry("s3-gb-month", 0.023),
                            Map.entry("s3-put-thousand", 0.005),
                            Map.entry("waf-web-acl-month", 5.00),
                            Map.entry("waf-rule-month", 1.00),
                            Map.entry("waf-million-requests", 0.60)),
            "eu-west-1",
                    Map.ofEntries(
                            Map.entry("nat-gateway", 0.048),
                            Map.entry("alb", 0.0252),
                            Map.entry("alb-lcu", 0.008),
                            Map.entry("public-ipv4", 0.005),
                            Map.entry("t3.micro", 0.0114),
                            Map.entry("t3.small", 0.0228),
                            Map.entry("t3.medium", 0.0456),
                            Map.entry("db.t3.micro", 0.018),
                            Map.entry("db.t3.small", 0.036),
                            Map.entry("db.t3.medium", 0.072),
                            Map.entry("rds-gp3-gb-month", 0.127),
                            Map.entry("client-vpn-association", 0.10),
                            Map.entry("client-vpn-connection", 0.05),
                            Map.entry("rds-extended-support-vcpu", 0.112),
                            Map.entry("logs-ingest-gb", 0.57),
                            Map.entry("s3-gb-month", 0.023),
                            Map.entry("s3-put-thousand", 0.005),
                            Map.entry("waf-web-acl-month", 5.00),
                            Map.entry("waf-rule-month", 1.00),
                            Map.entry("waf-million-requests", 0.60)),
            "ap-northeast-2",
                    Map.ofEntries(
                            Map.entry("nat-gateway", 0.059),
                            Map.entry("alb", 0.0225),
                            Map.entry("alb-lcu", 0.008),
                            Map.entry("public-ipv4", 0.005),
                            Map.entry("t3.micro", 0.013),
                            Map.entry("t3.small", 0.026),
                            Map.entry("t3.medium", 0.052),
                            Map.entry("db.t3.micro", 0.026),
                            Map.entry("db.t3.small", 0.052),
                            Map.entry("db.t3.medium", 0.104),
                            Map.entry("rds-gp3-gb-month", 0.131),
                            Map.entry("client-vpn-association", 0.15),
                            Map.entry("client-vpn-connection", 0.05),
                            Map.entry("rds-extended-support-vcpu", 0.120),
                            Map.entry("logs-ingest-gb", 0.76),
                            Map.entry("s3-gb-month", 0.025),
                            Map.entry("s3-put-thousand", 0.0045),
                            Map.entry("waf-web-acl-month", 5.00),
                            Map.entry("waf-rule-month", 1.00),
                            Map.entry("waf-million-requests", 0.60)));

    /** One priced thing: how many, what, its unit price an hour. */
    public record Line(int count, String what, double unitHourly) {
        public double hourly() {
            return count * unitHourly;
        }
    }

    private final String region;
    private final boolean fallback;
    private final List<Line> lines;
    private final List<String> notes;

    private CostEstimate(String region, boolean fallback, List<Line> lines, List<String> notes) {
        this.region = region;
        this.fallback = fallback;
        this.lines = List.copyOf(lines);
        this.notes = List.copyOf(notes);
    }

    public static CostEstimate of(StackConfig c, String region) {
        return of(c, region, LocalDate.now(ZoneOffset.UTC));
    }

    /** The estimate for a stack applied on {@code today} (Extended Support depends on the date). */
    public static CostEstimate of(StackConfig c, String region, LocalDate today) {
        boolean fallback = !PRICES.containsKey(region);
        Map<String, Double> table = PRICES.getOrDefault(region, PRICES.get(BASE_REGION));
        double factor = fallback ? FALLBACK_FACTOR : 1.0;
        List<Line> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int nats =
                c.network().natGatewayPerAz() ? c.network().availabilityZones().size() : 1;
        int azs = c.network().availabilityZones().size();
        lines.add(new Line(nats, "NAT gateway", factor * table.get("nat-gateway")));
        lines.add(new Line(1, "Application Load Balancer", factor * table.get("alb")));
        lines.add(new Line(
                ASSUMED_LCUS, "ALB LCU (assumed: light traffic; idle uses less)", factor * table.get("alb-lcu")));
        StackConfig.Database db = c.database();
        String dbClass = db.instanceClass();
        int dbCopies = db.multiAz() ? 2 : 1; // Multi-AZ bills a standby: twice the single-AZ hour, storage and support.
        lines.add(new Line(
                dbCopies,
                "RDS MySQL " + dbClass + (db.multiAz() ? " (Multi-AZ)" : ""),
                factor * price(table, dbClass)));
        double gbMonth = factor * table.get("rds-gp3-gb-month");
        lines.add(new Line(
                dbCopies,
                String.format(
                        Locale.ROOT, "RDS gp3 storage, %d GB at $%.3f/GB-month", db.allocatedStorageGb(), gbMonth),
                db.allocatedStorageGb() * gbMonth / HOURS_PER_MONTH));
        Optional<MySqlSupport> support = MySqlSupport.of(db.engineVersion());
        if (support.isPresent() && support.get().extendedSupportCharged(today) && !db.extendedSupport()) {
            notes.add("MySQL " + support.get().major() + " left RDS standard support on "
                    + support.get().standardSupportEnd() + ": with database.extendedSupport false AWS refuses"
                    + " to create it (no Extended Support charge); use 8.4.");
        } else if (support.isPresent() && support.get().extendedSupportCharged(today)) {
            MySqlSupport s = support.get();
            double perVcpu = factor * table.get("rds-extended-support-vcpu");
            lines.add(new Line(
                    dbCopies * MySqlSupport.vcpus(dbClass),
                    "RDS Extended Support vCPU (MySQL " + s.major() + ")",
                    perVcpu));
            notes.add(String.format(
                    Locale.ROOT,
                    "MySQL %s left RDS standard support on %s: a new instance is enrolled in "
                            + "Extended Support, $%.3f per vCPU-hour of each instance (year-1 price; it doubles from %s). "
                            + "A version in standard support avoids it.",
                    s.major(),
                    s.standardSupportEnd(),
                    perVcpu,
                    s.yearThreeStart()));
        }
        groupInstances(c, table, factor, lines, notes);
        int publicIps = nats + azs; // each NAT's Elastic IP and one per ALB node
        if (c.bastion().enabled()) {
            lines.add(new Line(
                    1,
                    "EC2 " + c.bastion().instanceType() + " (bastion)",
                    factor * price(table, c.bastion().instanceType())));
            publicIps++;
        }
        lines.add(new Line(publicIps, "public IPv4 address", factor * table.get("public-ipv4")));
        if (c.network().flowLogRetentionDays() > 0) {
            lines.add(new Line(
                    1,
                    String.format(
                            Locale.ROOT,
                            "VPC flow logs (assumed %d MB/h, $%.2f/GB ingested)",
                            ASSUMED_FLOW_LOG_MB_PER_HOUR,
                            factor * table.get("logs-ingest-gb")),
                    ASSUMED_FLOW_LOG_MB_PER_HOUR / 1024.0 * factor * table.get("logs-ingest-gb")));
        }
        if (c.privateInstance() != null && c.privateInstance().enabled()) {
            lines.add(new Line(
                    1,
                    "EC2 " + c.instances().instanceType() + " (" + c.prefix() + "-private-ec2)",
                    factor * price(table, c.instances().instanceType())));
        }
        if (c.vpn() != null && c.vpn().enabled()) {
            // Client VPN bills each subnet association an hour, whether or not anyone is connected.
            lines.add(new Line(
                    1, "Client VPN endpoint association (1 subnet)", factor * table.get("client-vpn-association")));
            lines.add(new Line(
                    ASSUMED_VPN_CONNECTIONS,
                    "Client VPN connection (assumed: one client)",
                    factor * table.get("client-vpn-connection")));
        }
        enhancedMonitoring(c, table, factor, lines);
        accessLogs(c, table, factor, azs, lines);
        waf(c, table, factor, lines);
        if (db.deletionProtection() || c.loadBalancer().deletionProtection()) {
            notes.add("Deletion protection (" + (c.loadBalancer().deletionProtection() ? "ALB" : "")
                    + (db.deletionProtection() && c.loadBalancer().deletionProtection() ? ", " : "")
                    + (db.deletionProtection() ? "database" : "") + "): no charge.");
        }
        peering(c, lines, notes);
        return new CostEstimate(region, fallback, lines, notes);
    }

    /**
     * The group's instances at the on-demand price: of the launch template's type, or with
     * several types of the dearest among them (any of them may launch). Spot instances above the
     * on-demand base are priced on-demand too, so the line is an upper bound; a note says so,
     * since Spot prices move and AWS does not publish them as list prices.
     */
    private static void groupInstances(
            StackConfig c, Map<String, Double> table, double factor, List<Line> lines, List<String> notes) {
        StackConfig.AutoScaling as = c.autoScaling();
        if (!as.mixed()) {
            lines.add(new Line(
                    as.desired(),
                    "EC2 " + c.instances().instanceType() + " (Auto Scaling, desired; up to " + as.max() + ")",
                    factor * price(table, c.instances().instanceType())));
            return;
        }
        String dearest = as.instanceTypes().stream()
                .max(Comparator.comparingDouble(t -> price(table, t)))
                .orElseThrow();
        lines.add(new Line(
                as.desired(),
                "EC2 " + dearest + " (dearest of " + as.instanceTypes().size() + " types; Auto Scaling, desired; up to "
                        + as.max() + ")",
                factor * price(table, dearest)));
        if (as.onDemandPercentageAboveBase() < 100 && as.max() > as.onDemandBaseCapacity()) {
            notes.add("Spot: beyond the first " + as.onDemandBaseCapacity() + " instance(s), "
                    + (100 - as.onDemandPercentageAboveBase()) + "% of the group may run as Spot"
                    + " (autoScaling.onDemandPercentageAboveBase " + as.onDemandPercentageAboveBase() + "),"
                    + " priced above at on-demand: an upper bound. Spot usually costs much less, and EC2"
                    + " may take a Spot instance back at two minutes' notice (the group then launches another).");
        }
    }

    /**
     * Enhanced Monitoring: CloudWatch Logs ingestion of one sample every interval (of the
     * primary only: a Multi-AZ standby is not reported on its own).
     */
    private static void enhancedMonitoring(StackConfig c, Map<String, Double> table, double factor, List<Line> lines) {
        int interval = c.database().monitoringIntervalSeconds();
        if (interval <= 0) {
            return;
        }
        double gbPerHour = 3600.0 / interval * ASSUMED_MONITORING_KB_PER_SAMPLE / (1024.0 * 1024.0);
        lines.add(new Line(
                1,
                String.format(
                        Locale.ROOT,
                        "RDS Enhanced Monitoring every %d s (assumed %d KB a sample, $%.2f/GB ingested)",
                        interval,
                        ASSUMED_MONITORING_KB_PER_SAMPLE,
                        factor * table.get("logs-ingest-gb")),
                gbPerHour * factor * table.get("logs-ingest-gb")));
    }

    /**
     * ELB delivers access logs free; S3 bills the files' PUTs (one per ALB node every five minutes)
     * and their storage: at the assumed traffic, a month of logs is kept as long as the retention
     * says, so storage settles at (retention / 30) months of logs.
     */
    private static void accessLogs(
            StackConfig c, Map<String, Double> table, double factor, int nodes, List<Line> lines) {
        if (!c.loadBalancer().accessLogs()) {
            return;
        }
        double gbPerMonth = ASSUMED_MILLION_REQUESTS_A_MONTH * 1e6 * ACCESS_LOG_BYTES_PER_REQUEST / 1e9;
        double storedGb = gbPerMonth * c.loadBalancer().accessLogsRetentionDays() / 30.0;
        double putsPerHour = nodes * ACCESS_LOG_FILES_PER_NODE_HOUR;
        lines.add(new Line(
                1,
                String.format(
                        Locale.ROOT,
                        "ALB access logs in S3 (assumed %.0f M requests/month, %.1f GB kept %d days)",
                        ASSUMED_MILLION_REQUESTS_A_MONTH,
                        storedGb,
                        c.loadBalancer().accessLogsRetentionDays()),
                factor
                        * (storedGb * table.get("s3-gb-month") / HOURS_PER_MONTH
                                + putsPerHour / 1000 * table.get("s3-put-thousand"))));
    }

    /** A web ACL and each of its rules (a managed rule group counts as one) by the month, requests by the million. */
    private static void waf(StackConfig c, Map<String, Double> table, double factor, List<Line> lines) {
        if (!c.loadBalancer().waf()) {
            return;
        }
        lines.add(new Line(1, "WAF web ACL ($5/month)", factor * table.get("waf-web-acl-month") / HOURS_PER_MONTH));
        lines.add(new Line(
                c.loadBalancer().wafManagedRuleGroups().size(),
                "WAF rule: AWS managed rule group ($1/month)",
                factor * table.get("waf-rule-month") / HOURS_PER_MONTH));
        lines.add(new Line(
                1,
                String.format(
                        Locale.ROOT,
                        "WAF requests (assumed %.0f M/month, $0.60 per million)",
                        ASSUMED_MILLION_REQUESTS_A_MONTH),
                factor * ASSUMED_MILLION_REQUESTS_A_MONTH * table.get("waf-million-requests") / HOURS_PER_MONTH));
    }

    /**
     * The peering itself has no hourly charge; its test instance runs in the peer region
     * (priced from that region's table, or the fallback); traffic across it is billed per GB
     * as inter-region transfer, each way by the sending region (a ping is a few bytes).
     */
    private static void peering(StackConfig c, List<Line> lines, List<String> notes) {
        if (c.peering() == null || !c.peering().enabled()) {
            return;
        }
        String peer = c.peering().region();
        if (c.peering().testInstance()) {
            boolean known = PRICES.containsKey(peer);
            Map<String, Double> table = PRICES.getOrDefault(peer, PRICES.get(BASE_REGION));
            lines.add(new Line(
                    1,
                    "EC2 " + PeeringSpecs.TEST_INSTANCE_TYPE + " (peering test instance, in " + peer + ")",
                    (known ? 1.0 : FALLBACK_FACTOR) * price(table, PeeringSpecs.TEST_INSTANCE_TYPE)));
        }
        notes.add("VPC peering to " + peer + ": no hourly charge; data across it is inter-region transfer, "
                + "about $0.02-0.09 per GB each way by the sending region (e.g. Tokyo and Seoul $0.09/GB, "
                + "US regions $0.02/GB).");
    }

    /** Types outside the table are priced by size from t3.micro (t3 doubles per size step); said in the output. */
    private static double price(Map<String, Double> table, String type) {
        Double known = table.get(type);
        if (known != null) {
            return known;
        }
        boolean db = type.startsWith("db.");
        String base = db ? "db.t3.micro" : "t3.micro";
        String size = type.substring(type.lastIndexOf('.') + 1);
        List<String> sizes = List.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge");
        int step = Math.max(0, sizes.indexOf(size) - 1);
        return table.get(base) * Math.pow(2, step);
    }

    public double hourly() {
        return lines.stream().mapToDouble(Line::hourly).sum();
    }

    public List<Line> lines() {
        return lines;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Estimated cost once applied, ")
                .append(region)
                .append(fallback ? " (not in the table: " + BASE_REGION + " prices x " + FALLBACK_FACTOR + ")" : "")
                .append(", on-demand list prices as of ")
                .append(PRICES_AS_OF)
                .append(":\n");
        for (Line l : lines) {
            out.append(String.format(Locale.ROOT, "  %2d x %-52s $%.4f/h%n", l.count(), l.what(), l.hourly()));
        }
        out.append(String.format(
                Locale.ROOT,
                "  total about $%.3f per hour (~$%.0f per 30 days), plus data processed and transferred."
                        + " An estimate: the AWS pricing pages decide.%n",
                hourly(),
                hourly() * 24 * 30));
        notes.forEach(n -> out.append("  ").append(n).append('\n'));
        return out.toString();
    }
}
