package dev.scaleout.infra.loadbalancer;

import dev.scaleout.infra.dns.CertificateType;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;

/**
 * "load-balancer": the ALB and its listeners (a setting, reconciled on every update, so an
 * apply stopped between the ALB and its listeners finishes them next time). Discovery: one
 * paginated DescribeLoadBalancers, tags 20 ARNs a DescribeTags call, listeners per ALB.
 * Id: the ARN. Besides the spec's keys, discover reports {@code dnsName}, which the CLI
 * prints (the planner compares only the spec's keys).
 */
public final class LoadBalancerType implements ManagedType {

    public static final String TYPE = "load-balancer";
    public static final Setting SCHEME = Setting.scalar("scheme").replaces();
    public static final Setting LOAD_BALANCER_TYPE = Setting.scalar("type").replaces();
    public static final Setting IP_ADDRESS_TYPE = Setting.scalar("ipAddressType");
    public static final Setting SUBNETS = Setting.references("subnets", SubnetType.TYPE);
    public static final Setting SECURITY_GROUPS = Setting.references("securityGroups", SecurityGroupType.TYPE);
    public static final Setting LISTENERS =
            Setting.set("listeners").mentions(TargetGroupType.TYPE, CertificateType.TYPE);
    public static final Schema SCHEMA = Schema.of(
            TYPE,
            Setting.NAME,
            SCHEME,
            LOAD_BALANCER_TYPE,
            IP_ADDRESS_TYPE,
            SUBNETS,
            SECURITY_GROUPS,
            LISTENERS,
            LoadBalancerAttributes.SETTING);

    public static final String DNS_NAME = "dnsName";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);

    private final ElasticLoadBalancingV2Client elb;
    private final Poll poll;
    private final Retry retry;

    public LoadBalancerType(ElasticLoadBalancingV2Client elb) {
        this(elb, Retry.real(Progress.toConsole()));
    }

    public LoadBalancerType(ElasticLoadBalancingV2Client elb, Retry retry) {
        this(elb, retry.poll(Duration.ofSeconds(5), Duration.ofSeconds(20)), retry);
    }

    public LoadBalancerType(ElasticLoadBalancingV2Client elb, Poll poll, Retry retry) {
        this.elb = elb;
        this.poll = poll;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public java.util.Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return find(elb, spec.name())
                .map(lb -> AwsCall.call(
                                "DescribeTags",
                                lb.loadBalancerArn(),
                                () -> elb.describeTags(r -> r.resourceArns(lb.loadBalancerArn())))
                        .tagDescriptions()
                        .stream()
                        .flatMap(d -> d.tags().stream())
                        .filter(t -> "Stack".equals(t.key()))
                        .map(t -> t.value())
                        .findFirst()
                        .orElse(""));
    }

    /** The DNS name of the ALB of this name, read after an apply for the URL to print; empty when there is none. */
    public Optional<String> dnsName(String name) {
        return find(elb, name).map(LoadBalancer::dnsName);
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<LoadBalancer> all = AwsCall.call(
                "DescribeLoadBalancers",
                "*",
                () -> elb.describeLoadBalancersPaginator(r -> {}).loadBalancers().stream()
                        .toList());
        Map<String, Map<String, String>> ours = ElbTags.inStack(
                elb, all.stream().map(LoadBalancer::loadBalancerArn).toList(), scope);
        List<Actual> found = new ArrayList<>();
        for (LoadBalancer lb : all) {
            Map<String, String> tags = ours.get(lb.loadBalancerArn());
            if (tags == null) {
                continue;
            }
            Map<String, String> s = new TreeMap<>();
            s.put(SCHEME.key(), Objects.toString(lb.schemeAsString(), ""));
            s.put(LOAD_BALANCER_TYPE.key(), Objects.toString(lb.typeAsString(), ""));
            s.put(IP_ADDRESS_TYPE.key(), Objects.toString(lb.ipAddressTypeAsString(), ""));
            s.put(
                    SUBNETS.key(),
                    String.join(
                            ",",
                            lb.availabilityZones().stream()
                                    .map(AvailabilityZone::subnetId)
                                    .sorted()
                                    .toList()));
            s.put(
                    SECURITY_GROUPS.key(),
                    String.join(",", lb.securityGroups().stream().sorted().toList()));
            s.put(
                    LISTENERS.key(),
                    Listener.formatAll(listeners(lb.loadBalancerArn()).values().stream()
                            .map(LoadBalancerType::describe)
                            .toList()));
            s.put(LoadBalancerAttributes.SETTING.key(), LoadBalancerAttributes.read(elb, lb.loadBalancerArn()));
            s.put(DNS_NAME, lb.dnsName());
            found.add(Actual.of(
                    type(),
                    tags.getOrDefault("Name", lb.loadBalancerName()),
                    lb.loadBalancerArn(),
                    s,
                    lb.state() == null ? "" : lb.state().codeAsString()));
        }
        return found;
    }

    private Map<Integer, software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener> listeners(
            String lbArn) {
        Map<Integer, software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener> byPort = new TreeMap<>();
        AwsCall.call(
                        "DescribeListeners",
                        lbArn,
                        () -> elb.describeListenersPaginator(r -> r.loadBalancerArn(lbArn)).listeners().stream()
                                .toList())
                .forEach(l -> byPort.put(l.port(), l));
        return byPort;
    }

    /** The ALB of this name (one DescribeLoadBalancers); empty when there is none, any other failure exit 1. */
    public static Optional<LoadBalancer> find(ElasticLoadBalancingV2Client elb, String name) {
        try {
            return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().stream()
                    .findFirst();
        } catch (LoadBalancerNotFoundException free) {
            return Optional.empty();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeLoadBalancers", name, e);
        }
    }

    /** AWS's listener in the setting's words. */
    static Listener describe(software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener l) {
        Map<String, String> a = new LinkedHashMap<>();
        for (Action action : l.defaultActions()) {
            if (action.type() == ActionTypeEnum.FORWARD) {
                String tg = action.targetGroupArn() != null
                        ? action.targetGroupArn()
                        : action.forwardConfig().targetGroups().get(0).targetGroupArn();
                a.put(Listener.FORWARD, tg);
            } else if (action.type() == ActionTypeEnum.REDIRECT) {
                a.put(
                        Listener.REDIRECT,
                        action.redirectConfig().protocol() + ":"
                                + action.redirectConfig().port());
            } else {
                a.put(action.typeAsString(), "");
            }
        }
        if (l.hasCertificates() && !l.certificates().isEmpty()) {
            a.put(Listener.CERTIFICATE, l.certificates().get(0).certificateArn());
        }
        // Only TLS listeners have a policy (moto reports one on HTTP listeners too).
        if (l.sslPolicy() != null && !l.sslPolicy().isBlank() && "HTTPS".equals(l.protocolAsString())) {
            a.put(Listener.POLICY, l.sslPolicy());
        }
        return new Listener(l.protocolAsString(), l.port(), a);
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String arn = AwsCall.call(
                "CreateLoadBalancer",
                spec.name(),
                () -> elb.createLoadBalancer(r -> r.name(spec.name())
                                .scheme(spec.setting(SCHEME))
                                .type(spec.setting(LOAD_BALANCER_TYPE))
                                .ipAddressType(spec.setting(IP_ADDRESS_TYPE))
                                .subnets(refs.resolveAll(spec.setting(SUBNETS)))
                                .securityGroups(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                                .tags(ElbTags.of(scope, spec.name())))
                        .loadBalancers()
                        .get(0)
                        .loadBalancerArn());
        LoadBalancerAttributes.set(elb, arn, spec.setting(LoadBalancerAttributes.SETTING), "", refs, retry);
        reconcileListeners(arn, spec, refs);
        return arn;
    }

    @Override
    public void awaitReady(String id, Spec spec, Progress progress) {
        poll.until(
                "load balancer " + spec.name(),
                READY_TIMEOUT,
                () -> state(id).orElse("not found"),
                s -> s,
                "active"::equals,
                progress);
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        Map<String, String> have = actual.settings();
        // Ids against the ALB as AWS has it now: a subnet or group made anew keeps its reference but not its id.
        LoadBalancer now = AwsCall.call(
                "DescribeLoadBalancers",
                actual.id(),
                () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(actual.id()))
                        .loadBalancers()
                        .get(0));
        if (!new TreeSet<>(refs.resolveAll(spec.setting(SUBNETS)))
                .equals(now.availabilityZones().stream()
                        .map(AvailabilityZone::subnetId)
                        .collect(Collectors.toCollection(TreeSet::new)))) {
            AwsCall.run(
                    "SetSubnets",
                    actual.id(),
                    () -> elb.setSubnets(
                            r -> r.loadBalancerArn(actual.id()).subnets(refs.resolveAll(spec.setting(SUBNETS)))));
        }
        if (!new TreeSet<>(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                .equals(new TreeSet<>(now.securityGroups()))) {
            AwsCall.run(
                    "SetSecurityGroups",
                    actual.id(),
                    () -> elb.setSecurityGroups(r -> r.loadBalancerArn(actual.id())
                            .securityGroups(refs.resolveAll(spec.setting(SECURITY_GROUPS)))));
        }
        if (!spec.setting(IP_ADDRESS_TYPE).equals(have.get(IP_ADDRESS_TYPE.key()))) {
            AwsCall.run(
                    "SetIpAddressType",
                    actual.id(),
                    () -> elb.setIpAddressType(
                            r -> r.loadBalancerArn(actual.id()).ipAddressType(spec.setting(IP_ADDRESS_TYPE))));
        }
        LoadBalancerAttributes.set(
                elb,
                actual.id(),
                spec.setting(LoadBalancerAttributes.SETTING),
                have.get(LoadBalancerAttributes.SETTING.key()),
                refs,
                retry);
        reconcileListeners(actual.id(), spec, refs);
    }

    /** Creates missing listeners, modifies those that differ, deletes those on ports the spec has none for. */
    private void reconcileListeners(String lbArn, Spec spec, Refs refs) {
        Map<Integer, software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener> have =
                new HashMap<>(listeners(lbArn));
        for (Listener wanted : Listener.parseAll(spec.setting(LISTENERS))) {
            Listener resolved = wanted.mapValues(v -> v.startsWith("@") ? refs.resolve(v) : v);
            var existing = have.remove(resolved.port());
            // Right after ACM issues the certificate, the HTTPS listener may be refused for a while.
            String listener = spec.name() + " " + resolved.protocol() + ":" + resolved.port();
            if (existing == null) {
                AwsCall.run(
                        "CreateListener",
                        listener,
                        () -> retry.run(
                                "CreateListener " + listener,
                                Retry.CERTIFICATE_NOT_VISIBLE_YET,
                                () -> elb.createListener(r -> r.loadBalancerArn(lbArn)
                                        .protocol(resolved.protocol())
                                        .port(resolved.port())
                                        .defaultActions(action(resolved))
                                        .certificates(certificates(resolved))
                                        .sslPolicy(resolved.attribute(Listener.POLICY)))));
            } else if (!describe(existing).format().equals(resolved.format())) {
                AwsCall.run(
                        "ModifyListener",
                        existing.listenerArn(),
                        () -> retry.run(
                                "ModifyListener " + listener,
                                Retry.CERTIFICATE_NOT_VISIBLE_YET,
                                () -> elb.modifyListener(r -> r.listenerArn(existing.listenerArn())
                                        .protocol(resolved.protocol())
                                        .port(resolved.port())
                                        .defaultActions(action(resolved))
                                        .certificates(certificates(resolved))
                                        .sslPolicy(resolved.attribute(Listener.POLICY)))));
            }
        }
        for (var extra : have.values()) {
            try {
                elb.deleteListener(r -> r.listenerArn(extra.listenerArn()));
            } catch (ListenerNotFoundException gone) {
                // already deleted
            } catch (SdkException e) {
                throw ExitException.aws("DeleteListener", extra.listenerArn(), e);
            }
        }
    }

    static Action action(Listener l) {
        if (l.attribute(Listener.FORWARD) != null) {
            return Action.builder()
                    .type(ActionTypeEnum.FORWARD)
                    .targetGroupArn(l.attribute(Listener.FORWARD))
                    .build();
        }
        String redirect = l.attribute(Listener.REDIRECT);
        if (redirect != null) {
            String[] to = redirect.split(":");
            return Action.builder()
                    .type(ActionTypeEnum.REDIRECT)
                    .redirectConfig(
                            c -> c.protocol(to[0]).port(to[1]).statusCode(RedirectActionStatusCodeEnum.HTTP_301))
                    .build();
        }
        throw new IllegalArgumentException("listener " + l.format() + " neither forwards nor redirects");
    }

    private static List<Certificate> certificates(Listener l) {
        String arn = l.attribute(Listener.CERTIFICATE);
        return arn == null
                ? null
                : List.of(Certificate.builder().certificateArn(arn).build());
    }

    @Override
    public boolean deletionProtected(Actual actual) {
        return LoadBalancerAttributes.deletionProtected(actual.settings().get(LoadBalancerAttributes.SETTING.key()));
    }

    @Override
    public void turnOffDeletionProtection(Actual actual, Progress progress) {
        LoadBalancerAttributes.turnOffDeletionProtection(elb, actual.id());
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        try {
            // Destroy turns deletion protection off just before; ELB may not see that at once.
            retry.run(
                    "DeleteLoadBalancer " + actual.name(),
                    Retry.PROTECTION_STILL_ON,
                    () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(actual.id())));
        } catch (LoadBalancerNotFoundException gone) {
            // already deleted
        } catch (SdkException e) {
            throw ExitException.aws("DeleteLoadBalancer", actual.id(), e);
        }
    }

    /** Target groups can go only once no listener refers to them, so wait until the ALB is gone. */
    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        poll.until(
                "load balancer " + actual.name(),
                READY_TIMEOUT,
                () -> state(actual.id()).orElse("deleted"),
                s -> s,
                "deleted"::equals,
                progress);
    }

    private Optional<String> state(String arn) {
        try {
            return elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().stream()
                    .findFirst()
                    .map(lb -> lb.state() == null ? "active" : lb.state().codeAsString());
        } catch (LoadBalancerNotFoundException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeLoadBalancers", arn, e);
        }
    }
}
