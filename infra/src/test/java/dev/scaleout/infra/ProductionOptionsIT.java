package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.TlsOnlyForMoto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.WebACL;

/**
 * The production options of the load balancer, off by default, against moto: ALB access logs
 * (a private, TLS-only, expiring bucket the ALB is pointed at) and a WAF web ACL with AWS
 * managed rule groups in front of the ALB. A user turns them on in the config, sees them in
 * the plan, applies, and finds them as AWS reports them; turns them off, and they go; destroy
 * leaves nothing, a bucket with log files in it included. moto stores the web ACL's managed
 * rule groups as sent (it has none to check them against) and associates it with any ARN; the
 * bucket policy's TLS-only Deny passes through {@link TlsOnlyForMoto}.
 */
@ExtendWith(MotoExtension.class)
class ProductionOptionsIT {

    static final String ACCOUNT = "123456789012";
    static MotoServer moto;
    static S3Client s3;
    static Wafv2Client waf;
    static ElasticLoadBalancingV2Client elb;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        s3 = moto.clients().build(S3Client.builder().forcePathStyle(true));
        waf = moto.clients().build(Wafv2Client.builder());
        elb = moto.clients().build(ElasticLoadBalancingV2Client.builder());
    }

    /** A stack of its own (tests share one moto), the options as given. */
    static StackConfig config(String stack, boolean accessLogs, boolean waf) {
        StackConfig c = TestStacks.config(stack, stack);
        return c.withLoadBalancer(c.loadBalancer().withAccessLogs(accessLogs).withWaf(waf));
    }

    static String bucket(String prefix) {
        return prefix + "-alb-logs-" + ACCOUNT + "-" + MotoServer.REGION;
    }

    @Test
    void bothOptionsPlanApplyReadBackAndGoWhenTurnedOff() throws Exception {
        List<String> policies = Collections.synchronizedList(new ArrayList<>());
        AwsClients clients = moto.clients().intercept(new TlsOnlyForMoto(policies));
        TestStacks.apply(TestStacks.run(config("opts", false, false), clients));

        // the plan shows both options as what they add and change
        StackRun on = TestStacks.run(config("opts", true, true), clients);
        Plan plan = on.plan(on.discover());
        String shown = PlanPrinter.render(plan);
        assertThat(mutating(plan))
                .as(shown)
                .containsExactlyInAnyOrder(
                        "CREATE log-bucket/opts-alb-logs",
                        "UPDATE load-balancer/opts-asg-alb",
                        "CREATE web-acl/opts-alb-waf");
        assertThat(shown)
                .contains("expireDays = \"90\"")
                .contains("policy = \"AllowElbLogDelivery,DenyInsecureTransport\"")
                .contains(
                        "attributes = \"access_logs.s3.enabled=false,routing.http.drop_invalid_header_fields.enabled=true\""
                                + " -> \"access_logs.s3.bucket=@log-bucket/opts-alb-logs,access_logs.s3.enabled=true,"
                                + "access_logs.s3.prefix=alb,routing.http.drop_invalid_header_fields.enabled=true\"")
                .contains("managedRuleGroups = \"AWSManagedRulesCommonRuleSet,AWSManagedRulesKnownBadInputsRuleSet,"
                        + "AWSManagedRulesAmazonIpReputationList\"")
                .contains("loadBalancer = \"@load-balancer/opts-asg-alb\"")
                .contains("Plan: 2 to add, 1 to change, 0 to replace, 0 to destroy.");

        TestStacks.apply(on);

        // the bucket: named after the account and region, private, SSE-S3, expiring, TLS only, ELB may write
        String bucket = bucket("opts");
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket))
                        .serverSideEncryptionConfiguration()
                        .rules()
                        .get(0)
                        .applyServerSideEncryptionByDefault()
                        .sseAlgorithmAsString())
                .isEqualTo("AES256");
        var block = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(
                        block.blockPublicAcls(),
                        block.ignorePublicAcls(),
                        block.blockPublicPolicy(),
                        block.restrictPublicBuckets()))
                .containsOnly(true);
        LifecycleRule rule = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))
                .rules()
                .get(0);
        assertThat(rule.statusAsString()).isEqualTo("Enabled");
        assertThat(rule.expiration().days()).isEqualTo(90);
        assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("Stack=opts"));
        JsonNode policy = new ObjectMapper().readTree(policies.get(policies.size() - 1));
        Map<String, JsonNode> bySid = new java.util.HashMap<>();
        policy.get("Statement").forEach(st -> bySid.put(st.get("Sid").asText(), st));
        // eu-west-1 is older than August 2022: ELB's account there writes the logs, under alb/AWSLogs/<account>/
        JsonNode write = bySid.get("AllowElbLogDelivery");
        assertThat(write.at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::156460612806:root");
        assertThat(write.get("Action").asText()).isEqualTo("s3:PutObject");
        assertThat(write.get("Resource").asText())
                .isEqualTo("arn:aws:s3:::" + bucket + "/alb/AWSLogs/" + ACCOUNT + "/*");
        JsonNode tls = bySid.get("DenyInsecureTransport");
        assertThat(tls.get("Effect").asText()).isEqualTo("Deny");
        assertThat(tls.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        assertThat(tls.get("Resource").toString()).contains("arn:aws:s3:::" + bucket + "/*");

        // the ALB writes there, as aws elbv2 describe-load-balancer-attributes shows
        String alb = elb.describeLoadBalancers(r -> r.names("opts-asg-alb"))
                .loadBalancers()
                .get(0)
                .loadBalancerArn();
        assertThat(attributes(alb))
                .containsEntry("access_logs.s3.enabled", "true")
                .containsEntry("access_logs.s3.bucket", bucket)
                .containsEntry("access_logs.s3.prefix", "alb");

        // the web ACL: allow by default, the three groups in order, run as AWS wrote them, metrics on, on the ALB
        WebACL acl = waf.getWebACLForResource(r -> r.resourceArn(alb)).webACL();
        assertThat(acl).isNotNull();
        assertThat(acl.name()).isEqualTo("opts-alb-waf");
        assertThat(acl.defaultAction().allow()).isNotNull();
        assertThat(acl.visibilityConfig().cloudWatchMetricsEnabled()).isTrue();
        assertThat(acl.rules())
                .extracting(
                        Rule::priority,
                        r -> r.statement().managedRuleGroupStatement().vendorName() + "/"
                                + r.statement().managedRuleGroupStatement().name())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "AWS/AWSManagedRulesCommonRuleSet"),
                        org.assertj.core.groups.Tuple.tuple(1, "AWS/AWSManagedRulesKnownBadInputsRuleSet"),
                        org.assertj.core.groups.Tuple.tuple(2, "AWS/AWSManagedRulesAmazonIpReputationList"));
        assertThat(acl.rules()).allSatisfy(r -> {
            assertThat(r.overrideAction().none()).isNotNull();
            assertThat(r.visibilityConfig().cloudWatchMetricsEnabled()).isTrue();
        });

        // applied, the same config plans nothing
        StackRun again = TestStacks.run(config("opts", true, true), clients);
        Plan second = again.plan(again.discover());
        assertThat(mutating(second)).as(PlanPrinter.render(second)).isEmpty();

        // the ACL taken off the ALB by hand: the plan shows it, apply puts it back
        waf.disassociateWebACL(r -> r.resourceArn(alb));
        StackRun drifted = TestStacks.run(config("opts", true, true), clients);
        Plan back = drifted.plan(drifted.discover());
        assertThat(mutating(back)).as(PlanPrinter.render(back)).containsExactly("UPDATE web-acl/opts-alb-waf");
        assertThat(PlanPrinter.render(back)).contains("loadBalancer = \"none\" -> \"@load-balancer/opts-asg-alb\"");
        TestStacks.apply(drifted);
        assertThat(waf.getWebACLForResource(r -> r.resourceArn(alb)).webACL().name())
                .isEqualTo("opts-alb-waf");

        // fewer rule groups in the config: changed in place (UpdateWebACL), the same ACL
        StackConfig fewer = config("opts", true, true);
        var lb = fewer.loadBalancer();
        fewer = fewer.withLoadBalancer(new StackConfig.LoadBalancer(
                lb.healthCheckPath(),
                lb.healthCheckIntervalSeconds(),
                lb.healthCheckTimeoutSeconds(),
                lb.healthyThreshold(),
                lb.unhealthyThreshold(),
                lb.deregistrationDelaySeconds(),
                lb.secondTargetGroup(),
                true,
                30,
                true,
                List.of("AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet")));
        StackRun changed = TestStacks.run(fewer, clients);
        Plan change = changed.plan(changed.discover());
        assertThat(mutating(change))
                .as(PlanPrinter.render(change))
                .containsExactlyInAnyOrder("UPDATE log-bucket/opts-alb-logs", "UPDATE web-acl/opts-alb-waf");
        TestStacks.apply(changed);
        WebACL updated = waf.getWebACLForResource(r -> r.resourceArn(alb)).webACL();
        assertThat(updated.arn()).isEqualTo(acl.arn());
        assertThat(updated.rules())
                .extracting(r -> r.priority() + " "
                        + r.statement().managedRuleGroupStatement().name())
                .containsExactly("0 AWSManagedRulesAmazonIpReputationList", "1 AWSManagedRulesCommonRuleSet");
        assertThat(s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))
                        .rules()
                        .get(0)
                        .expiration()
                        .days())
                .isEqualTo(30);

        // a log file the ALB wrote; then both options off: the ALB stops logging, bucket and ACL go
        s3.putObject(
                b -> b.bucket(bucket).key("alb/AWSLogs/" + ACCOUNT + "/elasticloadbalancing/eu-west-1/x.log.gz"),
                RequestBody.fromString("h2 2026-12-02T03:00:00Z app/opts-asg-alb/x"));
        StackRun off = TestStacks.run(config("opts", false, false), clients);
        Plan offPlan = off.plan(off.discover());
        assertThat(mutating(offPlan))
                .as(PlanPrinter.render(offPlan))
                .containsExactlyInAnyOrder(
                        "DELETE log-bucket/opts-alb-logs",
                        "UPDATE load-balancer/opts-asg-alb",
                        "DELETE web-acl/opts-alb-waf");
        TestStacks.apply(off);
        assertThat(attributes(alb)).containsEntry("access_logs.s3.enabled", "false");
        assertThat(bucketExists(bucket)).isFalse();
        assertThat(waf.getWebACLForResource(r -> r.resourceArn(alb)).webACL()).isNull();
        assertThat(waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs())
                .noneMatch(s -> s.name().equals("opts-alb-waf"));

        StackRun cleanup = TestStacks.run(config("opts", false, false), clients);
        assertThat(cleanup.destroy(cleanup.discover())).isEmpty();
    }

    @Test
    void destroyEmptiesTheBucketEvenOfALogFileDeliveredLateAndLeavesNothing() {
        AwsClients clients = moto.clients().intercept(new TlsOnlyForMoto(new ArrayList<>()));
        StackConfig config = config("optsgone", true, true);
        TestStacks.apply(TestStacks.run(config, clients));
        String bucket = bucket("optsgone");
        for (int i = 0; i < 3; i++) {
            int n = i;
            s3.putObject(
                    b -> b.bucket(bucket).key("alb/AWSLogs/" + ACCOUNT + "/log-" + n + ".gz"),
                    RequestBody.fromString("x"));
        }
        String aclArn = waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs().stream()
                .filter(s -> s.name().equals("optsgone-alb-waf"))
                .findFirst()
                .orElseThrow()
                .arn();
        // the ALB's last file arrives after the bucket was emptied, before it is deleted: S3 refuses once
        AtomicBoolean late = new AtomicBoolean();
        ExecutionInterceptor lateDelivery = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DeleteBucketRequest && late.compareAndSet(false, true)) {
                    s3.putObject(b -> b.bucket(bucket).key("alb/AWSLogs/late.gz"), RequestBody.fromString("late"));
                }
            }
        };
        StackRun run = TestStacks.run(config, clients.intercept(lateDelivery));

        List<String> left = run.destroy(run.discover());

        assertThat(left).isEmpty();
        assertThat(late).isTrue();
        assertThat(bucketExists(bucket)).isFalse();
        assertThat(waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs())
                .noneMatch(s -> s.name().equals("optsgone-alb-waf"));
        // the teardown check confirms both gone by their own service, as it does when the tagging API still lists them
        assertThat(Gone.kind("arn:aws:s3:::" + bucket)).isEqualTo("s3:bucket");
        assertThat(Gone.isGone(run.registry(), "arn:aws:s3:::" + bucket)).isTrue();
        assertThat(Gone.kind(aclArn)).isEqualTo("wafv2:regional");
        assertThat(Gone.isGone(run.registry(), aclArn)).isTrue();
    }

    /**
     * What AWS answers and moto never does, given at the HTTP boundary by {@link AwsAnswers} in the
     * wire format and with the codes the API references document: ELB checks it may write into
     * the bucket and refuses while the new policy has not spread; WAF does not yet see the ACL
     * it just made when asked to associate it (its advice: retry); and counts the association a
     * moment after it is undone, refusing the delete. Each is waited out.
     */
    @Test
    void refusalsAwsGivesWhileItCatchesUpAreWaitedOut() {
        try (AwsAnswers answers = new AwsAnswers()) {
            answers.answer(
                            "ModifyLoadBalancerAttributes",
                            r -> r.toString().contains("access_logs.s3.enabled"),
                            1,
                            400,
                            "InvalidConfigurationRequest",
                            "Access Denied for bucket: optsslow-alb-logs. Please check S3bucket permission")
                    .answer(
                            "AssociateWebACL",
                            1,
                            400,
                            "WAFUnavailableEntityException",
                            "AWS WAF couldn't retrieve the resource that you requested. Retry your request.")
                    .answer(
                            "DeleteWebACL",
                            1,
                            400,
                            "WAFAssociatedItemException",
                            "AWS WAF couldn't perform the operation because your resource is being used by another resource or it's associated with another resource.");
            AwsClients clients = moto.clients().intercept(answers).intercept(new TlsOnlyForMoto(new ArrayList<>()));
            StackConfig config = config("optsslow", true, true);

            TestStacks.apply(TestStacks.run(config, clients));
            String alb = elb.describeLoadBalancers(r -> r.names("optsslow-asg-alb"))
                    .loadBalancers()
                    .get(0)
                    .loadBalancerArn();
            assertThat(attributes(alb)).containsEntry("access_logs.s3.enabled", "true");
            assertThat(waf.getWebACLForResource(r -> r.resourceArn(alb))
                            .webACL()
                            .name())
                    .isEqualTo("optsslow-alb-waf");
            StackRun run = TestStacks.run(config, clients);
            assertThat(run.destroy(run.discover())).isEmpty();

            assertThat(answers.pending()).isEmpty();
            assertThat(answers.givenCodes())
                    .containsExactly(
                            "ModifyLoadBalancerAttributes InvalidConfigurationRequest",
                            "AssociateWebACL WAFUnavailableEntityException",
                            "DeleteWebACL WAFAssociatedItemException");
            assertThat(waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs())
                    .noneMatch(s -> s.name().equals("optsslow-alb-waf"));
        }
    }

    static List<String> mutating(Plan plan) {
        return plan.changes().stream()
                .filter(Change::mutates)
                .map(c -> c.action() + " " + c.key())
                .toList();
    }

    static Map<String, String> attributes(String alb) {
        return elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(alb)).attributes().stream()
                .collect(Collectors.toMap(a -> a.key(), a -> a.value(), (a, b) -> b));
    }

    static boolean bucketExists(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
