package dev.scaleout.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.compute.MapRefs;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

@ExtendWith(MotoExtension.class)
class InstanceRoleTypeIT {

    static MotoServer moto;
    static IamClient iam;
    static StsClient sts;
    final StackScope scope = new StackScope("scaleout-kit", "demo", Region.of(MotoServer.REGION));
    final MapRefs refs = new MapRefs();
    InstanceRoleType type;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        iam = moto.clients().build(IamClient.builder());
        sts = moto.clients().build(StsClient.builder());
    }

    @BeforeEach
    void reset() {
        moto.reset();
        type = new InstanceRoleType(iam, sts);
    }

    static Spec spec(StackConfig config) {
        return IamSpecs.specs(config).get(0);
    }

    @Test
    void createDiscoverUpdateDelete() {
        Spec spec = spec(StackConfig.defaults());
        String id = type.create(spec, refs, scope);
        assertThat(id).isEqualTo("my-app-role");
        // as in the engine: the role's id is its name, and settings must still compare once ids become references
        refs.put("iam-role", "my-app-role", id);

        List<Actual> found = type.discover(scope);
        assertThat(found).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("my-app-role");
            assertThat(refs.toRefs(a.settings())).isEqualTo(spec.settings());
        });
        assertThat(iam.getRole(r -> r.roleName("my-app-role")).role().path()).isEqualTo("/scaleout-kit/demo/");
        assertThat(spec.setting("managedPolicies"))
                .contains("AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy");

        // a stress token parameter adds a statement: the inline policy is updated in place
        StackConfig d = StackConfig.defaults();
        StackConfig withStress = new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                "eu-west-1",
                d.network(),
                d.security(),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                new StackConfig.Instances(null, null, "t3.micro", 20, "/scaleout/stress-token"),
                d.autoScaling());
        Spec changed = spec(withStress);
        type.update(changed, found.get(0), refs, scope);
        Actual after = type.discover(scope).get(0);
        assertThat(refs.toRefs(after.settings())).isEqualTo(changed.settings());
        assertThat(after.settings().get("inlinePolicy.app-secrets"))
                .contains("arn:aws:ssm:eu-west-1:${aws:PrincipalAccount}:parameter/scaleout/stress-token")
                .contains("secret:rds!db-*")
                .contains("arn:aws:rds:eu-west-1:${aws:PrincipalAccount}:db:my-db");

        type.delete(after, scope);
        type.delete(after, scope);
        assertThat(type.discover(scope)).isEmpty();
        assertThat(iam.listInstanceProfiles().instanceProfiles()).isEmpty();
    }

    @Test
    void anInterruptedCreateIsCompletedByUpdate() {
        Spec spec = spec(StackConfig.defaults());
        type.create(spec, refs, scope);
        // as if the run stopped right after CreateRole
        iam.removeRoleFromInstanceProfile(
                r -> r.instanceProfileName("my-app-role").roleName("my-app-role"));
        iam.deleteInstanceProfile(r -> r.instanceProfileName("my-app-role"));
        iam.detachRolePolicy(r -> r.roleName("my-app-role").policyArn(IamSpecs.MANAGED_POLICIES.get(1)));
        iam.deleteRolePolicy(r -> r.roleName("my-app-role").policyName(IamSpecs.SECRETS_POLICY));

        Actual partial = type.discover(scope).get(0);
        assertThat(partial.settings())
                .containsEntry("instanceProfile", "none")
                .doesNotContainKey("inlinePolicy.app-secrets");
        type.update(spec, partial, refs, scope);
        assertThat(type.discover(scope).get(0).settings()).isEqualTo(spec.settings());
    }

    @Test
    void aServiceRoleTrustsTheServiceOnlyOnBehalfOfThisAccount() {
        Spec spec = IamSpecs.flowLogsRole(StackConfig.defaults());
        type.create(spec, refs, scope);

        String account = sts.getCallerIdentity().account();
        String trust = PolicyJson.fromIam(
                iam.getRole(r -> r.roleName("my-flow-logs-role")).role().assumeRolePolicyDocument());
        assertThat(trust)
                .contains("\"aws:SourceAccount\":\"" + account + "\"")
                .contains("vpc-flow-logs.amazonaws.com")
                .doesNotContain(InstanceRoleType.THIS_ACCOUNT);
        // read back, it is the spec again: no change planned on the next run
        assertThat(type.discover(scope))
                .singleElement()
                .satisfies(a -> assertThat(a.settings()).isEqualTo(spec.settings()));
    }

    @Test
    void rolesOfOtherStacksAreNotDiscovered() {
        type.create(spec(StackConfig.defaults()), refs, scope);
        assertThat(type.discover(new StackScope("scaleout-kit", "other", scope.region())))
                .isEmpty();
    }

    @Test
    void policyDocumentsCompareWhateverTheirSpacingAndEncoding() {
        String doc = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"a:b+c\"}]}";
        String encoded = java.net.URLEncoder.encode(doc, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertThat(PolicyJson.fromIam(encoded))
                .isEqualTo(PolicyJson.canonical(doc))
                .isEqualTo("{\"Statement\":[{\"Action\":\"a:b+c\",\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}");
    }
}
