package dev.scaleout.infra.cost;

import dev.scaleout.infra.config.StackConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An hourly estimate of what the stack runs once applied, from a small on-demand price
 * table (Linux, USD, list prices as of {@link #PRICES_AS_OF}). Regions outside the table
 * use us-east-1 times a factor, and say so. Left out: data processed by the NAT gateway and
 * the ALB (LCUs), data transfer, storage, CloudWatch, Secrets Manager and Route 53 —
 * usage-driven or a few dollars a month. It is an estimate: the AWS pricing pages decide.
 */
public final class CostEstimate {

    public static final String PRICES_AS_OF = "2025-06";
    /** Unlisted regions: us-east-1 is about the cheapest; most others are 5-25 % dearer. */
    static final double FALLBACK_FACTOR = 1.15;
    static final String BASE_REGION = "us-east-1";

    /** Per region: NAT gateway hour, ALB hour, public IPv4 hour, and instance/DB class hours. */
    static final Map<String, Map<String, Double>> PRICES = Map.of(
            "us-east-1", Map.of(
                    "nat-gateway", 0.045, "alb", 0.0225, "public-ipv4", 0.005,
                    "t3.micro", 0.0104, "t3.small", 0.0208, "t3.medium", 0.0416,
                    "db.t3.micro", 0.017, "db.t3.small", 0.034, "db.t3.medium", 0.068),
            "eu-west-1", Map.of(
                    "nat-gateway", 0.048, "alb", 0.0252, "public-ipv4", 0.005,
                    "t3.micro", 0.0114, "t3.small", 0.0228, "t3.medium", 0.0456,
                    "db.t3.micro", 0.018, "db.t3.small", 0.036, "db.t3.medium", 0.072),
            "ap-northeast-2", Map.of(
                    "nat-gateway", 0.059, "alb", 0.0225, "public-ipv4", 0.005,
                    "t3.micro", 0.013, "t3.small", 0.026, "t3.medium", 0.052,
                    "db.t3.micro", 0.026, "db.t3.small", 0.052, "db.t3.medium", 0.104));

    /** One priced thing: how many, what, its unit price an hour. */
    public record Line(int count, String what, double unitHourly) {
        public double hourly() {
            return count * unitHourly;
        }
    }

    private final String region;
    private final boolean fallback;
    private final List<Line> lines;

    private CostEstimate(String region, boolean fallback, List<Line> lines) {
        this.region = region;
        this.fallback = fallback;
        this.lines = List.copyOf(lines);
    }

    public static CostEstimate of(StackConfig c, String region) {
        boolean fallback = !PRICES.containsKey(region);
        Map<String, Double> table = PRICES.getOrDefault(region, PRICES.get(BASE_REGION));
        double factor = fallback ? FALLBACK_FACTOR : 1.0;
        List<Line> lines = new ArrayList<>();
        int nats = c.network().natGatewayPerAz() ? c.network().availabilityZones().size() : 1;
        int azs = c.network().availabilityZones().size();
        lines.add(new Line(nats, "NAT gateway", factor * table.get("nat-gateway")));
        lines.add(new Line(1, "Application Load Balancer", factor * table.get("alb")));
        String dbClass = c.database().instanceClass();
        int dbCopies = c.database().multiAz() ? 2 : 1; // Multi-AZ bills a standby: twice the single-AZ hour.
        lines.add(new Line(dbCopies, "RDS MySQL " + dbClass + (c.database().multiAz() ? " (Multi-AZ)" : ""),
                factor * price(table, dbClass)));
        lines.add(new Line(c.autoScaling().desired(), "EC2 " + c.instances().instanceType() + " (Auto Scaling, desired; up to "
                + c.autoScaling().max() + ")", factor * price(table, c.instances().instanceType())));
        int publicIps = nats + azs; // each NAT's Elastic IP and one per ALB node
        if (c.bastion().enabled()) {
            lines.add(new Line(1, "EC2 " + c.bastion().instanceType() + " (bastion)", factor * price(table, c.bastion().instanceType())));
            publicIps++;
        }
        lines.add(new Line(publicIps, "public IPv4 address", factor * table.get("public-ipv4")));
        return new CostEstimate(region, fallback, lines);
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
        out.append("Estimated cost once applied, ").append(region)
                .append(fallback ? " (not in the table: " + BASE_REGION + " prices x " + FALLBACK_FACTOR + ")" : "")
                .append(", on-demand list prices as of ").append(PRICES_AS_OF).append(":\n");
        for (Line l : lines) {
            out.append(String.format(Locale.ROOT, "  %2d x %-52s $%.4f/h%n", l.count(), l.what(), l.hourly()));
        }
        out.append(String.format(Locale.ROOT, "  total about $%.3f per hour (~$%.0f per 30 days), plus data, storage and requests."
                + " An estimate: the AWS pricing pages decide.%n", hourly(), hourly() * 24 * 30));
        return out.toString();
    }
}
