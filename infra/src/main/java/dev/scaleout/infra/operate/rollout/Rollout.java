package dev.scaleout.infra.operate.rollout;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.OperateNames;
import dev.scaleout.infra.operate.rollout.LaunchTemplateVersions.Version;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;

/**
 * Rolls the golden AMI (or, with --to, an existing launch template version) through the
 * group: the template's default version, an instance refresh, and a check through the
 * load balancer that every instance serves from the expected AMI.
 */
public final class Rollout {

    /**
     * @param toVersion     roll to this existing version instead of the golden AMI; null = golden AMI
     * @param verifyThrough the URL to check the instances through; null = the stack's (Route 53 name or ALB)
     */
    public record RolloutOptions(Long toVersion, Duration timeout, URI verifyThrough) {

        public void validate() {
            if (toVersion != null && toVersion < 1) {
                throw ExitException.userError("--to must be a launch template version number (1 or more): pass e.g. --to 3");
            }
            if (timeout == null || timeout.toMinutes() < 1) {
                throw ExitException.userError("--timeout must be at least 1 minute: pass e.g. --timeout 30");
            }
        }
    }

    private final LaunchTemplateVersions templates;
    private final InstanceRefresher refresher;
    private final AutoScalingClient autoScaling;
    private final ElasticLoadBalancingV2Client elb;
    private final RolloutVerifier verifier;
    private final Progress progress;

    public Rollout(LaunchTemplateVersions templates, InstanceRefresher refresher, AutoScalingClient autoScaling,
                   ElasticLoadBalancingV2Client elb, RolloutVerifier verifier, Progress progress) {
        this.templates = templates;
        this.refresher = refresher;
        this.autoScaling = autoScaling;
        this.elb = elb;
        this.verifier = verifier;
        this.progress = progress;
    }

    public int run(RolloutOptions opts, StackConfig config, PrintStream out) {
        opts.validate();
        OperateNames names = OperateNames.of(config);
        String lt = names.launchTemplate();
        Version previous = templates.defaultVersion(lt);
        out.println("launch template " + lt + ": default version " + previous.number() + " runs " + previous.amiId());
        Version target = opts.toVersion() != null
                ? templates.version(lt, opts.toVersion())
                : versionFor(previous, templates.goldenAmi(config.instances()), config, out);
        if (target.number() != previous.number()) {
            templates.makeDefault(target);
            out.println("made version " + target.number() + " (" + target.amiId() + ") the default");
        } else {
            out.println("version " + target.number() + " (" + target.amiId() + ") is already the default: "
                    + "the refresh replaces only instances not on it");
        }

        String group = names.autoScalingGroup();
        int warmup = config.autoScaling().instanceWarmupSeconds();
        String refreshId = refresher.start(group, lt, warmup);
        out.println("instance refresh " + refreshId + " started on " + group + " (min healthy "
                + InstanceRefresher.MIN_HEALTHY_PERCENT + "%, warm-up " + warmup + " s, skip matching)");
        InstanceRefresh ended = refresher.await(group, refreshId, opts.timeout(), progress);
        if (!"Successful".equals(ended.statusAsString())) {
            throw ExitException.failure("instance refresh " + refreshId + " ended " + ended.statusAsString()
                    + (ended.statusReason() == null ? "" : ": " + ended.statusReason())
                    + "; version " + previous.number() + " (" + previous.amiId() + ") is still there: "
                    + "infra rollout --to " + previous.number());
        }

        Set<String> inService = inServiceInstances(group);
        URI url = opts.verifyThrough() != null ? opts.verifyThrough() : url(names);
        out.println("instance refresh Successful; asking " + url + "/api/instance until all " + inService.size()
                + " InService instances answered");
        RolloutVerifier.Verification check = verifier.verify(url, inService, target.amiId());
        check.amiByInstance().forEach((id, ami) -> out.println("  " + id + "  " + ami
                + (target.amiId().equals(ami) ? "" : "  STALE")));
        if (!check.passed()) {
            throw ExitException.failure("rollout of " + target.amiId() + " not verified: " + check.problems()
                    + "; version " + previous.number() + " (" + previous.amiId() + ") is still there: infra rollout --to "
                    + previous.number());
        }
        out.println("rollout done: " + inService.size() + " instances serve " + target.amiId()
                + " (launch template version " + target.number() + ")");
        return 0;
    }

    /** A new version for the golden AMI, unless the default version already runs it. */
    private Version versionFor(Version current, String goldenAmi, StackConfig config, PrintStream out) {
        String source = config.instances().amiId() != null && !config.instances().amiId().isBlank()
                ? "instances.amiId in the stack config" : config.instances().amiParameter();
        out.println("golden AMI " + goldenAmi + " (from " + source + ")");
        if (goldenAmi.equals(current.amiId())) {
            return current;
        }
        Version created = templates.createWithAmi(current, goldenAmi);
        out.println("created launch template version " + created.number() + " with " + goldenAmi);
        return created;
    }

    private Set<String> inServiceInstances(String group) {
        List<AutoScalingGroup> groups;
        try {
            groups = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeAutoScalingGroups", group, e);
        }
        if (groups.isEmpty()) {
            throw ExitException.failure("Auto Scaling group " + group + " disappeared during the rollout");
        }
        return groups.get(0).instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .map(i -> i.instanceId()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The Route 53 name over HTTPS when DNS is configured (the HTTP listener may redirect), else the ALB. */
    private URI url(OperateNames names) {
        if (names.publicHostname().isPresent()) {
            return URI.create("https://" + names.publicHostname().get());
        }
        try {
            return elb.describeLoadBalancers(r -> r.names(names.loadBalancer())).loadBalancers().stream().findFirst()
                    .map(lb -> URI.create("http://" + lb.dnsName()))
                    .orElseThrow(() -> ExitException.failure("no load balancer " + names.loadBalancer() + " to verify through"));
        } catch (LoadBalancerNotFoundException e) {
            throw ExitException.failure("no load balancer " + names.loadBalancer() + " to verify the rollout through: "
                    + "run 'infra apply' to restore it");
        } catch (SdkException e) {
            throw ExitException.aws("DescribeLoadBalancers", names.loadBalancer(), e);
        }
    }
}
