package dev.scaleout.infra.operate.rollout;

import dev.scaleout.infra.compute.DesiredImage;
import dev.scaleout.infra.compute.GroupTemplate;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.operate.AlbDns;
import dev.scaleout.infra.operate.OperateNames;
import dev.scaleout.infra.operate.rollout.LaunchTemplateVersions.Version;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The one way an image reaches the instances, for {@code rollout} and for {@code apply}: a
 * launch template version with only the image changed (the rest copied from the default
 * version), an instance refresh towards it by number, then, once it succeeded, that version
 * as the default and the group on it, a check through the load balancer that every InService
 * instance serves the image, and old versions pruned. {@code --to N} and {@code --previous}
 * take an existing version instead, so a rollback runs exactly the AMI that version names.
 */
public final class Rollout {

    /**
     * At most one of {@code toVersion}, {@code previous}, {@code ami}; none = the image the
     * config names now ({@code instances.amiId} or the parameter's value).
     *
     * @param verifyThrough the URL to check the instances through; null = the stack's (Route 53 name or ALB)
     */
    public record RolloutOptions(Long toVersion, boolean previous, String ami, Duration timeout, URI verifyThrough) {

        public RolloutOptions(Long toVersion, Duration timeout, URI verifyThrough) {
            this(toVersion, false, null, timeout, verifyThrough);
        }

        public void validate() {
            if ((toVersion != null ? 1 : 0) + (previous ? 1 : 0) + (ami != null ? 1 : 0) > 1) {
                throw ExitException.userError("--to, --previous and --ami each pick the image: pass only one of them");
            }
            if (toVersion != null && toVersion < 1) {
                throw ExitException.userError(
                        "--to must be a launch template version number (1 or more): pass e.g. --to 3");
            }
            if (ami != null && !ami.matches("ami-[0-9a-f]{8,17}")) {
                throw ExitException.userError(
                        "--ami '" + ami + "' is not an AMI id: pass e.g. --ami ami-0123456789abcdef0");
            }
            if (timeout == null || timeout.toMinutes() < 1) {
                throw ExitException.userError("--timeout must be at least 1 minute: pass e.g. --timeout 30");
            }
        }
    }

    /** The group's tag with the launch template version it ran before the last rollout, for {@code --previous}. */
    static final String PREVIOUS_VERSION_TAG = "PreviousLaunchTemplateVersion";

    private final LaunchTemplateVersions templates;
    private final InstanceRefresher refresher;
    private final AutoScalingClient autoScaling;
    private final ElasticLoadBalancingV2Client elb;
    private final RolloutVerifier verifier;
    private final Progress progress;
    private final Supplier<DesiredImage> desiredImage;
    private final Retry retry;

    /**
     * {@code desiredImage} reads the config's image (parameter and AMI) when a rollout needs it;
     * {@code retry}: how a version made a moment ago is waited for (tests pass a fast one).
     */
    public Rollout(
            LaunchTemplateVersions templates,
            InstanceRefresher refresher,
            AutoScalingClient autoScaling,
            ElasticLoadBalancingV2Client elb,
            RolloutVerifier verifier,
            Progress progress,
            Supplier<DesiredImage> desiredImage,
            Retry retry) {
        this.retry = retry;
        this.templates = templates;
        this.refresher = refresher;
        this.autoScaling = autoScaling;
        this.elb = elb;
        this.verifier = verifier;
        this.progress = progress;
        this.desiredImage = desiredImage;
    }

    /** {@code infra rollout}: picks the version, then deploys it. */
    public int run(RolloutOptions opts, StackConfig config, PrintStream out) {
        opts.validate();
        String lt = OperateNames.of(config).launchTemplate();
        Version current = templates.defaultVersion(lt);
        out.println("launch template " + lt + ": default version " + current.number() + " runs " + current.amiId());
        Version target;
        if (opts.toVersion() != null) {
            target = templates.version(lt, opts.toVersion());
        } else if (opts.previous()) {
            target = templates.version(
                    lt, previousVersion(group(OperateNames.of(config).autoScalingGroup())));
            out.println("previous default: version " + target.number() + " (" + target.amiId() + ")");
        } else if (opts.ami() != null) {
            target = versionFor(current, opts.ami(), "--ami", out);
        } else {
            DesiredImage image = desiredImage.get();
            target = versionFor(current, image.amiId(), image.annotation(), out);
        }
        return deploy(config, current, target, opts.timeout(), opts.verifyThrough(), out);
    }

    /** {@code apply} when the config's image changed: a new version with it, deployed the same way. */
    public int deployImage(
            StackConfig config, DesiredImage image, Duration timeout, URI verifyThrough, PrintStream out) {
        Version current = templates.defaultVersion(OperateNames.of(config).launchTemplate());
        return deploy(
                config,
                current,
                versionFor(current, image.amiId(), image.annotation(), out),
                timeout,
                verifyThrough,
                out);
    }

    /** A new version for the AMI, unless the default version already runs it. */
    private Version versionFor(Version current, String ami, String source, PrintStream out) {
        out.println("image " + ami + " (" + source + ")");
        if (ami.equals(current.amiId())) {
            return current;
        }
        Version created = templates.createWithAmi(current, ami);
        out.println("created launch template version " + created.number() + " with " + ami
                + " (every other setting copied from version " + current.number() + ")");
        return created;
    }

    private int deploy(
            StackConfig config, Version current, Version target, Duration timeout, URI verifyThrough, PrintStream out) {
        OperateNames names = OperateNames.of(config);
        String group = names.autoScalingGroup();
        String back = "version " + current.number() + " (" + current.amiId() + ") is still there: infra rollout --to "
                + current.number();
        AutoScalingGroup g = group(group);
        if (g.instances().isEmpty()) {
            // nothing to replace: the next launches take the version at once
            finish(g, current, target, out);
            out.println("no instances in " + group + " to replace: it launches version " + target.number() + " ("
                    + target.amiId() + ") from now on");
            prune(config, names, group, target, out);
            return 0;
        }
        pinToNumber(g, current, out);
        StackConfig.Rollout prefs = config.rollout();
        if (prefs.autoRollback() && !current.amiId().startsWith("ami-")) {
            // AWS cannot roll back to a version whose image is an SSM alias (a stack made before images were pinned)
            prefs = new StackConfig.Rollout(
                    prefs.minHealthyPercent(),
                    prefs.maxHealthyPercent(),
                    prefs.instanceWarmupSeconds(),
                    prefs.skipMatching(),
                    prefs.checkpointPercentages(),
                    prefs.checkpointDelaySeconds(),
                    false,
                    List.of(),
                    prefs.keepVersions());
            out.println("no auto-rollback this time: version " + current.number() + " names " + current.amiId()
                    + ", to which AWS cannot roll back");
        }
        String refreshId = refresher.start(
                group,
                GroupTemplate.desired(group(group), names.launchTemplate(), String.valueOf(target.number())),
                prefs);
        out.println("instance refresh " + refreshId + " started on " + group + " towards version " + target.number()
                + " (" + InstanceRefresher.describe(prefs) + ")");
        InstanceRefresh ended = refresher.await(group, refreshId, timeout, progress);
        String status = ended.statusAsString();
        if (!"Successful".equals(status)) {
            throw ExitException.failure("instance refresh " + refreshId + " ended " + status
                    + (ended.statusReason() == null ? "" : ": " + ended.statusReason())
                    + ("RollbackSuccessful".equals(status) ? "; AWS put the group back on its previous version" : "")
                    + "; " + back);
        }
        finish(group(group), current, target, out);

        Set<String> inService = inService(group(group));
        URI url = verifyThrough != null ? verifyThrough : url(names);
        out.println("instance refresh Successful; asking " + url + "/api/instance until all " + inService.size()
                + " InService instances answered");
        RolloutVerifier.Verification check = verifier.verify(url, inService, target.amiId());
        check.amiByInstance()
                .forEach((id, ami) ->
                        out.println("  " + id + "  " + ami + (target.amiId().equals(ami) ? "" : "  STALE")));
        if (!check.passed()) {
            throw ExitException.failure(
                    "rollout of " + target.amiId() + " not verified: " + check.problems() + "; " + back);
        }
        out.println("rollout done: " + inService.size() + " instances serve " + target.amiId()
                + " (launch template version " + target.number() + ")");
        prune(config, names, group, target, out);
        return 0;
    }

    /**
     * The target as the default, the group on it by number (AWS does that on success; moto and
     * an empty group do not), and the version before it kept on the group's tag for --previous.
     */
    private void finish(AutoScalingGroup g, Version current, Version target, PrintStream out) {
        if (target.number() != current.number()) {
            templates.makeDefault(target);
            out.println("made version " + target.number() + " (" + target.amiId() + ") the default (was "
                    + current.number() + ")");
            AwsCall.run(
                    "CreateOrUpdateTags",
                    g.autoScalingGroupName(),
                    () -> autoScaling.createOrUpdateTags(r -> r.tags(t -> t.resourceId(g.autoScalingGroupName())
                            .resourceType("auto-scaling-group")
                            .key(PREVIOUS_VERSION_TAG)
                            .value(String.valueOf(current.number()))
                            .propagateAtLaunch(false))));
        }
        setGroupVersion(g, target.number());
    }

    /** The version the group ran before the last rollout that changed it, from the group's tag. */
    private static long previousVersion(AutoScalingGroup g) {
        return g.tags().stream()
                .filter(t -> PREVIOUS_VERSION_TAG.equals(t.key()))
                .map(t -> Long.parseLong(t.value()))
                .findFirst()
                .orElseThrow(() -> ExitException.userError(
                        "group " + g.autoScalingGroupName() + " has no previous version recorded "
                                + "(no rollout changed it yet): pass --to VERSION instead"));
    }

    /** A group still on $Default (made before versions were pinned) is set to the default's number: auto-rollback needs it. */
    private void pinToNumber(AutoScalingGroup g, Version current, PrintStream out) {
        String version = GroupTemplate.version(g);
        if (version != null && !version.matches("\\d+")) {
            setGroupVersion(g, current.number());
            out.println("group " + g.autoScalingGroupName() + " now names version " + current.number() + " instead of "
                    + version);
        }
    }

    /** In the group's mixed instances policy when it has one: a plain template would replace the policy. */
    private void setGroupVersion(AutoScalingGroup g, long number) {
        String version = String.valueOf(number);
        if (GroupTemplate.of(g).isEmpty() || version.equals(GroupTemplate.version(g))) {
            return;
        }
        // a version made a moment ago may not be usable yet; a refused update changed nothing
        AwsCall.run(
                "UpdateAutoScalingGroup",
                g.autoScalingGroupName(),
                () -> retry.run(
                        "UpdateAutoScalingGroup " + g.autoScalingGroupName(),
                        Retry.TEMPLATE_NOT_USABLE_YET,
                        () -> autoScaling.updateAutoScalingGroup(r -> GroupTemplate.onVersion(
                                r.autoScalingGroupName(g.autoScalingGroupName()), g, version))));
    }

    private void prune(StackConfig config, OperateNames names, String group, Version target, PrintStream out) {
        Set<Long> inUse = new TreeSet<>(refresher.versionsOfRunningRefreshes(group));
        inUse.add(target.number());
        AutoScalingGroup g = group(group);
        String version = GroupTemplate.version(g);
        if (version != null && version.matches("\\d+")) {
            inUse.add(Long.parseLong(version));
        }
        // and the one --previous would go back to
        g.tags().stream()
                .filter(t -> PREVIOUS_VERSION_TAG.equals(t.key()))
                .forEach(t -> inUse.add(Long.parseLong(t.value())));
        List<Long> deleted =
                templates.prune(names.launchTemplate(), config.rollout().keepVersions(), inUse);
        if (!deleted.isEmpty()) {
            out.println("deleted launch template versions "
                    + deleted.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " (keeping the default and the last " + config.rollout().keepVersions()
                    + ": rollout.keepVersions)");
        }
    }

    private AutoScalingGroup group(String group) {
        List<AutoScalingGroup> groups = AwsCall.call(
                "DescribeAutoScalingGroups",
                group,
                () -> autoScaling
                        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                        .autoScalingGroups());
        if (groups.isEmpty()) {
            throw ExitException.userError(
                    "no Auto Scaling group " + group + ": deploy the stack with 'infra apply', or fix 'prefix'");
        }
        return groups.get(0);
    }

    private static Set<String> inService(AutoScalingGroup g) {
        return g.instances().stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .map(i -> i.instanceId())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The stack's URL (the Route 53 name over HTTPS when DNS is configured, else the ALB), as status shows it. */
    private URI url(OperateNames names) {
        String dns = names.publicHostname().isPresent()
                ? null
                : AlbDns.of(elb, names.loadBalancer())
                        .orElseThrow(() -> ExitException.failure("no load balancer " + names.loadBalancer()
                                + " to verify the rollout through: " + "run 'infra apply' to restore it"));
        return URI.create(LoadBalancerSpecs.url(names.publicHostname(), dns));
    }
}
