package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.iam.OperatorPolicy;
import dev.scaleout.infra.operate.status.StatusCommand;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.TlsOnlyForMoto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The generated policy covers every AWS call of a full life cycle of the stack with every
 * option that adds calls (bastion, domain: ACM and Route 53, ALB access logs: S3, WAF): apply as the command runs it
 * (image, discovery, plan, name checks, changes), a second apply, status, destroy with its
 * teardown check, each call recorded at the SDK interceptor. The destroy runs with the
 * tagging API still listing every deleted resource, as AWS does for a while
 * (TeardownCheckIT's check, on this same life cycle so CI pays for one full stack, not two),
 * so the describes that confirm them gone are recorded too. The engine is driven through
 * StackRun, as the commands do, because moto's hosted zone ids fail the config's check of a
 * zone id. The policy grants no action by wildcard, and "*" as a resource only where the
 * statement says why. (Whether IAM evaluates its resource patterns and conditions as meant
 * needs a real account: moto does not evaluate IAM.)
 */
@ExtendWith(MotoExtension.class)
class IamPolicyIT {

    @Test
    void everyCallOfAFullLifeCycleIsInThePolicyAndDestroyIsCleanThroughStaleTaggingListings(MotoServer moto)
            throws Exception {
        moto.reset();
        // what a user has before the first apply (a hosted zone, a baked AMI's parameter), on clients of its own
        StackConfig config = FullStack.config(moto.clients().build(Route53Client.builder()));
        StackConfig fromParameter = withoutAmiId(config);
        moto.clients()
                .build(SsmClient.builder())
                .putParameter(r -> r.name(fromParameter.instances().amiParameter())
                        .value(TestStacks.AMI)
                        .type(ParameterType.STRING));
        TeardownCheckIT.StaleTagging stale = new TeardownCheckIT.StaleTagging();
        // the log bucket's TLS-only Deny as AWS applies it: moto would refuse every object call
        AwsClients clients = moto.clients().intercept(stale).intercept(new TlsOnlyForMoto(new java.util.ArrayList<>()));
        for (int i = 0; i < 2; i++) {
            StackRun run = TestStacks.run(fromParameter, clients);
            run.image();
            var found = run.discover();
            var plan = run.plan(found);
            run.checkNames(plan);
            run.apply(plan, found);
        }
        StringWriter status = new StringWriter();
        assertThat(StatusCommand.real()
                        .run(StatusCommand.StatusOptions.once(), fromParameter, clients, new PrintWriter(status)))
                .as(status.toString())
                .isZero();
        // destroy, with the tagging API answering as AWS does after it (deleted resources still listed)
        TeardownCheckIT.confirmsEveryStaleListingGone(TestStacks.run(fromParameter, clients), stale, moto.clients());
        Set<String> calls = clients.calls().byOperation().keySet();

        // the life cycle reached the calls a policy is most likely to miss
        assertThat(calls)
                .contains(
                        "Ssm:GetParameter",
                        "Ec2:RunInstances",
                        "Ec2:ReleaseAddress",
                        "Iam:AddRoleToInstanceProfile",
                        "Rds:CreateDBInstance",
                        "AutoScaling:CreateAutoScalingGroup",
                        "Acm:RequestCertificate",
                        "Route53:ChangeResourceRecordSets",
                        "ResourceGroupsTaggingApi:GetResources",
                        "CloudWatch:GetMetricData",
                        "S3:PutBucketPolicy",
                        "S3:DeleteBucket",
                        "Wafv2:AssociateWebACL",
                        "Wafv2:DeleteWebACL");
        JsonNode policy = new ObjectMapper().readTree(OperatorPolicy.json(fromParameter));
        Set<String> allowed = new TreeSet<>();
        for (JsonNode s : policy.get("Statement")) {
            s.get("Action").forEach(a -> allowed.add(a.asText()));
        }
        Set<String> missing = new TreeSet<>();
        for (String call : calls) {
            for (String action : OperatorPolicy.actionsFor(call)) {
                if (!allowed.contains(action)) {
                    missing.add(call + " -> " + action);
                }
            }
        }
        assertThat(missing).as("calls made: %s", calls).isEmpty();
        assertThat(OperatorPolicy.CALLS).as("the declared calls").containsAll(calls);

        // no action by wildcard; "*" as the resource only in the statements that say why
        assertThat(allowed).noneMatch(a -> a.contains("*"));
        for (JsonNode s : policy.get("Statement")) {
            if (s.get("Resource").isTextual() && s.get("Resource").asText().equals("*")) {
                assertThat(OperatorPolicy.UNSCOPED).containsKey(s.get("Sid").asText());
            }
        }
        Set<String> unreached = new TreeSet<>(OperatorPolicy.CALLS);
        unreached.removeAll(calls);
        System.out.println("IamPolicyIT: " + calls.size() + " operations made, " + OperatorPolicy.CALLS.size()
                + " declared; not reached on moto (updates, rollout, demo, twins, teardown describes): "
                + unreached);
    }

    /** The AMI from its parameter, as a user's first apply after a bake reads it. */
    static StackConfig withoutAmiId(StackConfig c) {
        return new StackConfig(
                c.project(),
                c.stack(),
                c.prefix(),
                c.region(),
                c.network(),
                c.security(),
                c.bastion(),
                c.database(),
                c.loadBalancer(),
                c.dns(),
                new StackConfig.Instances(
                        StackConfig.defaults().instances().amiParameter(),
                        null,
                        c.instances().instanceType(),
                        c.instances().rootVolumeGb(),
                        c.instances().stressTokenParameter()),
                c.autoScaling());
    }
}
