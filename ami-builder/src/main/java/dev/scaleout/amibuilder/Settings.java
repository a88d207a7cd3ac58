package dev.scaleout.amibuilder;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The bake's options, validated before any AWS call: each bad one is one line and exit 2. */
public record Settings(
        String prefix,
        Optional<String> region,
        String instanceType,
        Optional<String> subnetId,
        Optional<String> securityGroupId,
        List<String> copyToRegions,
        String parameterName,
        Duration timeout,
        boolean cloudWatchAgent) {

    static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]");
    static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
    static final Pattern PARAMETER = Pattern.compile("/[A-Za-z0-9_.\\-/]{1,1010}");
    static final Pattern DURATION = Pattern.compile("(\\d+)([smh])");

    public static String prefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw ExitException.userError("--prefix '" + prefix + "' must be 2-20 lowercase letters, digits or '-' "
                    + "(it names an S3 bucket): e.g. --prefix scaleout");
        }
        return prefix;
    }

    public static Optional<String> region(String region) {
        if (region == null || region.isBlank()) {
            return Optional.empty();
        }
        if (!AwsClients.isRegion(region)) {
            throw ExitException.userError("--region '" + region + "' is not an AWS region: e.g. --region eu-west-1");
        }
        return Optional.of(region);
    }

    public static Settings validate(
            String prefix,
            String region,
            String instanceType,
            String subnetId,
            String securityGroupId,
            List<String> copyToRegions,
            String parameterName,
            String timeout,
            boolean cloudWatchAgent) {
        String p = prefix(prefix);
        Optional<String> r = region(region);
        if (!INSTANCE_TYPE.matcher(instanceType).matches()) {
            throw ExitException.userError("--instance-type '" + instanceType
                    + "' is not an EC2 instance type: e.g. --instance-type t3.small");
        }
        if (subnetId != null && !SUBNET.matcher(subnetId).matches()) {
            throw ExitException.userError(
                    "--subnet-id '" + subnetId + "' is not a subnet id: e.g. --subnet-id subnet-0123456789abcdef0");
        }
        if (securityGroupId != null && !SECURITY_GROUP.matcher(securityGroupId).matches()) {
            throw ExitException.userError("--security-group-id '" + securityGroupId
                    + "' is not a security group id: e.g. --security-group-id sg-0123456789abcdef0");
        }
        if (subnetId != null && securityGroupId == null) {
            throw ExitException.userError(
                    "--subnet-id needs --security-group-id (Image Builder requires both): add --security-group-id sg-...");
        }
        for (String copy : copyToRegions) {
            if (!AwsClients.isRegion(copy)) {
                throw ExitException.userError("--copy-to-regions '" + copy
                        + "' is not an AWS region: e.g. --copy-to-regions us-east-1,eu-central-1");
            }
        }
        String parameter = parameterName == null ? new Names(p).defaultParameter() : parameterName;
        if (!PARAMETER.matcher(parameter).matches()
                || parameter.toLowerCase().startsWith("/aws")
                || parameter.toLowerCase().startsWith("/ssm")) {
            throw ExitException.userError(
                    "--parameter-name '" + parameter + "' must be an SSM path like /scaleout/golden-ami/latest "
                            + "(letters, digits, _ . - /; not under /aws or /ssm)");
        }
        return new Settings(
                p,
                r,
                instanceType,
                Optional.ofNullable(subnetId),
                Optional.ofNullable(securityGroupId),
                copyToRegions.stream()
                        .distinct()
                        .filter(c -> r.map(x -> !x.equals(c)).orElse(true))
                        .toList(),
                parameter,
                duration(timeout),
                cloudWatchAgent);
    }

    static Duration duration(String text) {
        var m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw ExitException.userError(
                    "--timeout '" + text + "' must be a positive number with s, m or h: e.g. --timeout 90m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(Duration.ofMinutes(5)) < 0 || d.compareTo(Duration.ofHours(12)) > 0) {
            throw ExitException.userError(
                    "--timeout " + text + " is outside 5m..12h (a bake takes 30-60 min): e.g. --timeout 90m");
        }
        return d;
    }

    /** AL2023's parent image parameter for the instance type's architecture (Graviton types end in g). */
    public String parentImageParameter() {
        boolean arm = instanceType.matches("[a-z]+\\d+[a-z]*g[a-z]*\\..*") && !instanceType.startsWith("g");
        return "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + (arm ? "arm64" : "x86_64");
    }

    public Names names() {
        return new Names(prefix);
    }
}
