package dev.scaleout.infra.waf;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.ManagedRuleGroupStatement;
import software.amazon.awssdk.services.wafv2.model.NoneAction;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.Tag;
import software.amazon.awssdk.services.wafv2.model.VisibilityConfig;
import software.amazon.awssdk.services.wafv2.model.WebACL;
import software.amazon.awssdk.services.wafv2.model.WebACLSummary;

/**
 * "web-acl" (Terraform's aws_wafv2_web_acl with its aws_wafv2_web_acl_association): an AWS WAF
 * web ACL of REGIONAL scope in front of the stack's ALB. It allows by default and runs AWS
 * managed rule groups, in the order given (their priority), each with its own CloudWatch
 * metric and sampled requests. WAF cannot rename a web ACL, so a new name replaces it; its
 * rules, default action and metrics change in place (UpdateWebACL with the lock token). The
 * association with the load balancer is a setting of the ACL, as a route is of its table: it
 * has no tags of its own; an ALB made anew (new ARN, same reference) makes it an update, which
 * associates the new one. Found with ListWebACLs and the tags of each; id: its ARN.
 */
public final class WebAclType implements ManagedType {

    public static final String TYPE = "web-acl";
    public static final Setting DEFAULT_ACTION = Setting.scalar("defaultAction");
    /** AWS managed rule groups by name, in priority order; another kind of rule shows as {@code rule:<name>}. */
    public static final Setting RULE_GROUPS = Setting.list("managedRuleGroups");
    /** What the ACL records: CloudWatch metrics, sampled requests. */
    public static final Setting VISIBILITY = Setting.set("visibility");
    /** The load balancer it protects ("none" when not associated). */
    public static final Setting LOAD_BALANCER = Setting.reference("loadBalancer", LoadBalancerType.TYPE);

    public static final Schema SCHEMA =
            Schema.of(TYPE, Setting.NAME, DEFAULT_ACTION, RULE_GROUPS, VISIBILITY, LOAD_BALANCER);

    public static final String METRICS = "cloudwatch-metrics";
    public static final String SAMPLED = "sampled-requests";
    static final String NONE = "none";
    static final String AWS_VENDOR = "AWS";

    private final Wafv2Client waf;
    private final ElasticLoadBalancingV2Client elb;
    private final String loadBalancerName;
    private final Retry retry;

    /** {@code loadBalancerName}: the stack's ALB, whose association discovery reads (WAF lists no associations by ACL in one call). */
    public WebAclType(Wafv2Client waf, ElasticLoadBalancingV2Client elb, String loadBalancerName, Retry retry) {
        this.waf = waf;
        this.elb = elb;
        this.loadBalancerName = loadBalancerName;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<Actual> found = new ArrayList<>();
        Optional<String> alb = Optional.empty();
        boolean albLooked = false;
        for (WebACLSummary summary : list()) {
            Map<String, String> tags = tags(summary.arn());
            if (!scope.stack().equals(tags.get("Stack")) || !StackScope.MANAGED_BY.equals(tags.get("ManagedBy"))) {
                continue;
            }
            Optional<WebACL> acl = get(summary.name(), summary.id());
            if (acl.isEmpty()) {
                continue; // deleted since the list
            }
            if (!albLooked) {
                alb = LoadBalancerType.find(elb, loadBalancerName).map(LoadBalancer::loadBalancerArn);
                albLooked = true;
            }
            Map<String, String> s = new TreeMap<>();
            s.put(DEFAULT_ACTION.key(), defaultAction(acl.get().defaultAction()));
            s.put(RULE_GROUPS.key(), ruleGroups(acl.get().rules()));
            s.put(VISIBILITY.key(), visibility(acl.get().visibilityConfig()));
            s.put(
                    LOAD_BALANCER.key(),
                    alb.filter(arn -> protects(arn, summary.arn())).orElse(NONE));
            found.add(Actual.of(type(), tags.getOrDefault("Name", summary.name()), summary.arn(), s, "available"));
        }
        return found;
    }

    /** Every REGIONAL web ACL of the region, page by page. */
    private List<WebACLSummary> list() {
        List<WebACLSummary> all = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            var page = AwsCall.call(
                    "ListWebACLs",
                    "REGIONAL",
                    () -> waf.listWebACLs(
                            r -> r.scope(Scope.REGIONAL).nextMarker(from).limit(100)));
            all.addAll(page.webACLs());
            marker = page.webACLs().isEmpty()
                            || page.nextMarker() == null
                            || page.nextMarker().isBlank()
                    ? null
                    : page.nextMarker();
        } while (marker != null);
        return all;
    }

    private Map<String, String> tags(String arn) {
        var info = AwsCall.call("ListTagsForResource", arn, () -> waf.listTagsForResource(r -> r.resourceARN(arn)))
                .tagInfoForResource();
        return info == null || !info.hasTagList()
                ? Map.of()
                : info.tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    private Optional<WebACL> get(String name, String id) {
        try {
            return Optional.of(waf.getWebACL(r -> r.name(name).id(id).scope(Scope.REGIONAL))
                    .webACL());
        } catch (AwsServiceException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw ExitException.aws("GetWebACL", name, e);
        } catch (SdkException e) {
            throw ExitException.aws("GetWebACL", name, e);
        }
    }

    private boolean protects(String albArn, String aclArn) {
        WebACL acl = AwsCall.call(
                        "GetWebACLForResource",
                        albArn,
                        () -> retry.call(
                                "GetWebACLForResource " + albArn,
                                Retry.WAF_SETTLING,
                                () -> waf.getWebACLForResource(r -> r.resourceArn(albArn))))
                .webACL();
        return acl != null && aclArn.equals(acl.arn());
    }

    static String defaultAction(DefaultAction a) {
        return a == null ? NONE : a.allow() != null ? "allow" : a.block() != null ? "block" : NONE;
    }

    /** The rules in priority order: an AWS managed group run as is by its name, anything else by its rule name. */
    static String ruleGroups(List<Rule> rules) {
        return rules.stream()
                .sorted(Comparator.comparing(Rule::priority))
                .map(r -> {
                    ManagedRuleGroupStatement m =
                            r.statement() == null ? null : r.statement().managedRuleGroupStatement();
                    boolean asIs =
                            r.overrideAction() != null && r.overrideAction().none() != null;
                    return m != null && AWS_VENDOR.equals(m.vendorName()) && asIs ? m.name() : "rule:" + r.name();
                })
                .collect(Collectors.joining(","));
    }

    static String visibility(VisibilityConfig v) {
        List<String> on = new ArrayList<>();
        if (v != null && Boolean.TRUE.equals(v.cloudWatchMetricsEnabled())) {
            on.add(METRICS);
        }
        if (v != null && Boolean.TRUE.equals(v.sampledRequestsEnabled())) {
            on.add(SAMPLED);
        }
        return on.isEmpty() ? NONE : String.join(",", on);
    }

    /** The ACL's rules: each group at its place in the list, its own rule actions (override: none), metrics named after it. */
    static List<Rule> rules(Spec spec) {
        List<String> groups = List.of(spec.setting(RULE_GROUPS).split(","));
        boolean metrics = spec.setting(VISIBILITY).contains(METRICS);
        boolean sampled = spec.setting(VISIBILITY).contains(SAMPLED);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            rules.add(Rule.builder()
                    .name(group)
                    .priority(i)
                    .statement(s -> s.managedRuleGroupStatement(
                            m -> m.vendorName(AWS_VENDOR).name(group)))
                    .overrideAction(o -> o.none(NoneAction.builder().build()))
                    .visibilityConfig(v -> v.cloudWatchMetricsEnabled(metrics)
                            .sampledRequestsEnabled(sampled)
                            .metricName(group))
                    .build());
        }
        return rules;
    }

    static VisibilityConfig visibilityConfig(Spec spec) {
        return VisibilityConfig.builder()
                .cloudWatchMetricsEnabled(spec.setting(VISIBILITY).contains(METRICS))
                .sampledRequestsEnabled(spec.setting(VISIBILITY).contains(SAMPLED))
                .metricName(spec.name())
                .build();
    }

    static DefaultAction action(Spec spec) {
        return "block".equals(spec.setting(DEFAULT_ACTION))
                ? DefaultAction.builder().block(b -> {}).build()
                : DefaultAction.builder().allow(a -> {}).build();
    }

    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return list().stream()
                .filter(s -> s.name().equals(spec.name()))
                .findFirst()
                .map(s -> tags(s.arn()).getOrDefault("Stack", ""));
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String arn = AwsCall.call(
                        "CreateWebACL",
                        spec.name(),
                        () -> waf.createWebACL(r -> r.name(spec.name())
                                .scope(Scope.REGIONAL)
                                .description("AWS managed rules in front of the stack's load balancer")
                                .defaultAction(action(spec))
                                .rules(rules(spec))
                                .visibilityConfig(visibilityConfig(spec))
                                .tags(scope.tags(spec.name()).entrySet().stream()
                                        .map(e -> Tag.builder()
                                                .key(e.getKey())
                                                .value(e.getValue())
                                                .build())
                                        .toList())))
                .summary()
                .arn();
        associate(arn, spec, refs);
        return arn;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        Map<String, String> have = actual.settings();
        boolean rulesDiffer = !spec.setting(RULE_GROUPS).equals(have.get(RULE_GROUPS.key()))
                || !spec.setting(DEFAULT_ACTION).equals(have.get(DEFAULT_ACTION.key()))
                || !new java.util.TreeSet<>(List.of(spec.setting(VISIBILITY).split(",")))
                        .equals(new java.util.TreeSet<>(
                                List.of(have.getOrDefault(VISIBILITY.key(), "").split(","))));
        if (rulesDiffer) {
            String[] nameAndId = nameAndId(actual.id());
            String lockToken = AwsCall.call(
                    "GetWebACL",
                    actual.id(),
                    () -> waf.getWebACL(
                                    r -> r.name(nameAndId[0]).id(nameAndId[1]).scope(Scope.REGIONAL))
                            .lockToken());
            AwsCall.run(
                    "UpdateWebACL",
                    actual.id(),
                    () -> waf.updateWebACL(r -> r.name(nameAndId[0])
                            .id(nameAndId[1])
                            .scope(Scope.REGIONAL)
                            .lockToken(lockToken)
                            .description("AWS managed rules in front of the stack's load balancer")
                            .defaultAction(action(spec))
                            .rules(rules(spec))
                            .visibilityConfig(visibilityConfig(spec))));
        }
        associate(actual.id(), spec, refs);
    }

    /** Associates the ACL with the spec's load balancer unless it is already; an ALB has one ACL, so this replaces another. */
    private void associate(String aclArn, Spec spec, Refs refs) {
        String albArn = refs.resolve(spec.setting(LOAD_BALANCER));
        if (NONE.equals(albArn) || protects(albArn, aclArn)) {
            return;
        }
        AwsCall.run(
                "AssociateWebACL",
                albArn,
                () -> retry.run(
                        "AssociateWebACL " + spec.name(),
                        Retry.WAF_SETTLING,
                        () -> waf.associateWebACL(r -> r.webACLArn(aclArn).resourceArn(albArn))));
    }

    /** Name and id from the ARN ({@code ...:regional/webacl/<name>/<id>}): DeleteWebACL and GetWebACL take those. */
    public static String[] nameAndId(String arn) {
        String[] parts = arn.split("/");
        return new String[] {parts[parts.length - 2], parts[parts.length - 1]};
    }

    /**
     * Disassociates its load balancer (an ALB already gone counts as done), then deletes it with
     * a fresh lock token; WAF may count the association a moment longer, and is asked again.
     */
    @Override
    public void delete(Actual actual, StackScope scope) {
        String alb = actual.settings().getOrDefault(LOAD_BALANCER.key(), NONE);
        if (!NONE.equals(alb)) {
            try {
                waf.disassociateWebACL(r -> r.resourceArn(alb));
            } catch (AwsServiceException e) {
                if (!notFound(e)) {
                    throw ExitException.aws("DisassociateWebACL", alb, e);
                }
            } catch (SdkException e) {
                throw ExitException.aws("DisassociateWebACL", alb, e);
            }
        }
        String[] nameAndId = nameAndId(actual.id());
        try {
            retry.run("DeleteWebACL " + actual.name(), Retry.WAF_SETTLING, () -> {
                String lockToken = waf.getWebACL(
                                r -> r.name(nameAndId[0]).id(nameAndId[1]).scope(Scope.REGIONAL))
                        .lockToken();
                waf.deleteWebACL(r -> r.name(nameAndId[0])
                        .id(nameAndId[1])
                        .scope(Scope.REGIONAL)
                        .lockToken(lockToken));
            });
        } catch (AwsServiceException e) {
            if (!notFound(e)) {
                throw ExitException.aws("DeleteWebACL", actual.id(), e);
            }
        } catch (SdkException e) {
            throw ExitException.aws("DeleteWebACL", actual.id(), e);
        }
    }

    /** WAF's "no such thing". */
    public static boolean notFound(AwsServiceException e) {
        return "WAFNonexistentItemException".equals(AwsCall.code(e));
    }
}
