package dev.scaleout.infra.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.StackTypes;
import dev.scaleout.infra.compute.AutoScalingGroupType;
import dev.scaleout.infra.compute.LaunchTemplateType;
import dev.scaleout.infra.database.DbSubnetGroupType;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.infra.network.NatGatewayType;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.infra.security.SecurityGroupType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The planner and the id/reference translation, on made-up discoveries. */
class PlannerTest {

    static Discovery.Found found(Actual... actuals) {
        Map<String, List<Actual>> byType = new LinkedHashMap<>();
        for (String type : StackTypes.words()) {
            byType.put(
                    type,
                    java.util.Arrays.stream(actuals)
                            .filter(a -> a.type().equals(type))
                            .toList());
        }
        return Discovery.translate(byType);
    }

    static Spec spec(Schema schema, String name, Map<String, String> settings) {
        return new Spec(schema, name, new TreeMap<>(settings));
    }

    static final Spec VPC = spec(VpcType.SCHEMA, "my-vpc", Map.of("cidr", "10.1.0.0/16"));
    static final Spec SUBNET =
            spec(SubnetType.SCHEMA, "my-public-subnet-a", Map.of("vpc", "@vpc/my-vpc", "cidr", "10.1.1.0/24"));

    @Test
    void idsInFoundSettingsBecomeReferencesSoTheyCompareWithSpecs() {
        Discovery.Found f = found(
                Actual.of("vpc", "my-vpc", "vpc-1", Map.of("cidr", "10.1.0.0/16"), "available"),
                Actual.of(
                        "subnet",
                        "my-public-subnet-a",
                        "subnet-1",
                        Map.of("vpc", "vpc-1", "cidr", "10.1.1.0/24"),
                        "available"));
        assertThat(f.byType().get("subnet").get(0).settings()).containsEntry("vpc", "@vpc/my-vpc");
        assertThat(f.raw(f.byType().get("subnet").get(0)).settings()).containsEntry("vpc", "vpc-1");
        assertThat(Planner.plan(List.of(VPC, SUBNET), f).isEmpty()).isTrue();
    }

    @Test
    void createsUpdatesReplacesAndDeletes() {
        Discovery.Found f = found(
                Actual.of("vpc", "my-vpc", "vpc-1", Map.of("cidr", "10.9.0.0/16"), "available"),
                Actual.of(
                        "subnet",
                        "my-public-subnet-x",
                        "subnet-9",
                        Map.of("vpc", "vpc-1", "cidr", "10.1.9.0/24"),
                        "available"),
                Actual.of("security-group", "g", "sg-1", Map.of("ingress", "a,b"), null));
        Spec group = spec(SecurityGroupType.SCHEMA, "g", Map.of("ingress", "b,c"));
        Plan plan = Planner.plan(List.of(VPC, SUBNET, group), f);
        assertThat(plan.changes())
                .extracting(c -> c.action() + " " + c.key())
                .containsExactly(
                        "REPLACE vpc/my-vpc",
                        "CREATE subnet/my-public-subnet-a",
                        "DELETE subnet/my-public-subnet-x",
                        "UPDATE security-group/g");
        assertThat(plan.changes().get(0).reason()).contains("cidr changed: \"10.9.0.0/16\" -> \"10.1.0.0/16\"");
        assertThat(plan.summary()).isEqualTo("Plan: 1 to add, 1 to change, 1 to replace, 1 to destroy.");
        String printed = PlanPrinter.render(plan);
        assertThat(printed)
                .contains("-/+ vpc/my-vpc (vpc-1)  # replace: cidr changed")
                .contains("  + subnet/my-public-subnet-a")
                .contains("  - subnet/my-public-subnet-x (subnet-9)  # not in the config")
                .contains("  ~ security-group/g (sg-1)")
                .contains("ingress = \"a,b\" -> \"b,c\"");
    }

    @Test
    void aListInAnotherOrderIsNoChange() {
        Discovery.Found f = found(Actual.of("security-group", "g", "sg-1", Map.of("ingress", "b,a"), null));
        assertThat(Planner.plan(List.of(spec(SecurityGroupType.SCHEMA, "g", Map.of("ingress", "a,b"))), f)
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aTwinOfTheSameNameIsDeletedAndTheFirstKept() {
        Discovery.Found f = found(
                Actual.of("vpc", "my-vpc", "vpc-1", Map.of("cidr", "10.1.0.0/16"), null),
                Actual.of("vpc", "my-vpc", "vpc-2", Map.of("cidr", "10.1.0.0/16"), null));
        Plan plan = Planner.plan(List.of(VPC), f);
        assertThat(plan.changes())
                .extracting(c -> c.action() + " " + c.key() + " "
                        + (c.actual() == null ? "" : c.actual().id()))
                .containsExactly("NOOP vpc/my-vpc vpc-1", "DELETE vpc/my-vpc vpc-2");
        assertThat(plan.changes().get(1).reason()).isEqualTo("duplicate of vpc-1");
    }

    @Test
    void aRenamedResourceWithAFixedAwsNameIsOneReplace() {
        Spec alb = spec(LoadBalancerType.SCHEMA, "my-web-alb", Map.of("scheme", "internet-facing"));
        Discovery.Found f =
                found(Actual.of("load-balancer", "my-asg-alb", "arn:1", Map.of("scheme", "internet-facing"), "active"));
        Plan plan = Planner.plan(List.of(alb), f);
        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Change.Action.REPLACE);
            assertThat(c.reason()).startsWith("name changed: \"my-asg-alb\" -> \"my-web-alb\"");
        });
        // Without a fixed AWS name, a rename is a delete and a create.
        Spec renamedVpc = spec(VpcType.SCHEMA, "our-vpc", Map.of("cidr", "10.1.0.0/16"));
        Plan vpcs = Planner.plan(
                List.of(renamedVpc), found(Actual.of("vpc", "my-vpc", "vpc-1", Map.of("cidr", "10.1.0.0/16"), null)));
        assertThat(vpcs.changes())
                .extracting(c -> c.action() + " " + c.key())
                .containsExactly("CREATE vpc/our-vpc", "DELETE vpc/my-vpc");
    }

    @Test
    void aReplacementCarriesToWhatCannotChangeItsReferenceAndUpdatesTheRest() {
        Discovery.Found f = found(
                Actual.of("vpc", "my-vpc", "vpc-1", Map.of("cidr", "10.9.0.0/16"), null),
                Actual.of(
                        "subnet",
                        "my-public-subnet-a",
                        "subnet-1",
                        Map.of("vpc", "vpc-1", "cidr", "10.1.1.0/24"),
                        null),
                Actual.of("nat-gateway", "my-nat-a", "nat-1", Map.of("subnet", "subnet-1"), "available"),
                Actual.of("security-group", "g", "sg-1", Map.of("ingress", "a"), null),
                Actual.of("db-subnet-group", "dbs", "dbs", Map.of("subnets", "subnet-1"), null));
        Spec subnet =
                spec(SubnetType.SCHEMA, "my-public-subnet-a", Map.of("vpc", "@vpc/my-vpc", "cidr", "10.1.1.0/24"));
        Spec nat = spec(NatGatewayType.SCHEMA, "my-nat-a", Map.of("subnet", "@subnet/my-public-subnet-a"));
        Spec group = spec(SecurityGroupType.SCHEMA, "g", Map.of("ingress", "a"));
        Spec dbSubnets = spec(DbSubnetGroupType.SCHEMA, "dbs", Map.of("subnets", "@subnet/my-public-subnet-a"));
        Plan plan = Planner.plan(List.of(VPC, subnet, nat, group, dbSubnets), f);
        assertThat(plan.changes())
                .extracting(c -> c.action() + " " + c.key())
                .containsExactly(
                        "REPLACE vpc/my-vpc",
                        "REPLACE subnet/my-public-subnet-a",
                        "REPLACE nat-gateway/my-nat-a",
                        "NOOP security-group/g",
                        "UPDATE db-subnet-group/dbs");
        assertThat(plan.changes().get(2).reason())
                .isEqualTo(
                        "subnet refers to @subnet/my-public-subnet-a, which is made anew (AWS cannot change it in place)");
        assertThat(plan.changes().get(4).reason())
                .isEqualTo("refers to @subnet/my-public-subnet-a, which is made anew");
    }

    /**
     * Whether an update writes a new version is the schema's flag, not the type word: the
     * launch template declares itself versioned with its image rolled out, so a new image
     * leaves the group alone, any other change points the group at the new version, and an
     * unversioned type of the same word and settings does neither.
     */
    @Test
    void aVersionedSchemaPointsItsUsersAtANewVersionButNotForARolledOutSetting() {
        Schema unversioned = new Schema(
                LaunchTemplateType.SCHEMA.type(), LaunchTemplateType.SCHEMA.settings(), false, java.util.Set.of());
        Map<String, String> template = Map.of("image", "ami-1", "instanceType", "t3.micro");
        Discovery.Found f = found(
                Actual.of("launch-template", "lt", "lt-1", template, "available"),
                Actual.of("auto-scaling-group", "asg", "asg", Map.of("launchTemplate", "lt-1"), "active"));
        Spec group = spec(AutoScalingGroupType.SCHEMA, "asg", Map.of("launchTemplate", "@launch-template/lt"));
        java.util.function.BiFunction<Schema, Map<String, String>, List<String>> plan =
                (schema, wanted) -> Planner.plan(List.of(spec(schema, "lt", wanted), group), f).changes().stream()
                        .map(c -> c.action() + " " + c.key() + (c.reason() == null ? "" : ": " + c.reason()))
                        .toList();

        assertThat(plan.apply(LaunchTemplateType.SCHEMA, Map.of("image", "ami-2", "instanceType", "t3.micro")))
                .containsExactly("UPDATE launch-template/lt", "NOOP auto-scaling-group/asg");
        assertThat(plan.apply(LaunchTemplateType.SCHEMA, Map.of("image", "ami-1", "instanceType", "t3.small")))
                .containsExactly(
                        "UPDATE launch-template/lt",
                        "UPDATE auto-scaling-group/asg: refers to @launch-template/lt, which gets a new default version");
        assertThat(plan.apply(unversioned, Map.of("image", "ami-1", "instanceType", "t3.small")))
                .containsExactly("UPDATE launch-template/lt", "NOOP auto-scaling-group/asg");
    }

    @Test
    void aSchemaRollsOutOnlySettingsItDeclares() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Schema.of("x", Setting.scalar("a")).versioned(Setting.scalar("b")))
                .hasMessage("x rolls out b, which it does not declare");
    }

    @Test
    void aResourceNeverRefersToItself() {
        Discovery.Found f = found(
                Actual.of("iam-role", "my-app-role", "my-app-role", Map.of("instanceProfile", "my-app-role"), null));
        assertThat(f.byType().get("iam-role").get(0).settings()).containsEntry("instanceProfile", "my-app-role");
    }

    /** A role with one inline policy: the settings a policy comparison goes through. */
    static Plan planPolicy(String found, String wanted) {
        String key = InstanceRoleType.INLINE_POLICY.named("app").key();
        Discovery.Found f = found(Actual.of("iam-role", "r", "r", Map.of(key, found), null));
        return Planner.plan(List.of(spec(InstanceRoleType.SCHEMA, "r", Map.of(key, wanted))), f);
    }

    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "Resource": "*"},
              {"Effect": "Deny", "Action": ["s3:GetObject", "s3:DeleteObject", "s3:ListBucket"], "Resource": "*"}]}""";

    @Test
    void aPolicyWithKeysInAnotherOrderAndOtherSpacingIsNoChange() {
        String reordered =
                "{\"Statement\":[{\"Resource\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:ListBucket\"],"
                        + "\"Effect\":\"Allow\"},{\"Action\":[\"s3:GetObject\",\"s3:DeleteObject\",\"s3:ListBucket\"],\"Effect\":\"Deny\","
                        + "\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}";
        assertThat(planPolicy(reordered, POLICY).isEmpty()).isTrue();
    }

    @Test
    void aPolicyWhoseFragmentsAreSwappedIsAChange() {
        // The same comma-separated fragments, so a set comparison would see no change; but the
        // Allow statement now grants DeleteObject instead of PutObject.
        String swapped = POLICY.replace("\"s3:PutObject\"", "\"PUT\"")
                .replace("\"s3:DeleteObject\"", "\"s3:PutObject\"")
                .replace("\"PUT\"", "\"s3:DeleteObject\"");
        assertThat(Planner.same(Setting.Kind.SET, swapped, POLICY)).isTrue();
        Plan plan = planPolicy(swapped, POLICY);
        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Change.Action.UPDATE);
            assertThat(c.diffs()).extracting(Change.Diff::key).containsExactly("inlinePolicy.app");
        });
        // Not JSON at all (a policy read back broken) is a change too, not an error.
        assertThat(Planner.same(Setting.Kind.JSON, "{not json", POLICY)).isFalse();
    }

    @Test
    void eachKindComparesItsOwnWay() {
        assertThat(Planner.same(Setting.Kind.SET, "b,a,c", "a,b,c")).isTrue();
        assertThat(Planner.same(Setting.Kind.SET, "a,a,b", "a,b,b")).isFalse();
        assertThat(Planner.same(Setting.Kind.REFERENCES, "@subnet/b,@subnet/a", "@subnet/a,@subnet/b"))
                .isTrue();
        assertThat(Planner.same(Setting.Kind.LIST, "b,a", "a,b")).isFalse();
        assertThat(Planner.same(Setting.Kind.LIST, "a,b", "a,b")).isTrue();
        assertThat(Planner.same(Setting.Kind.SCALAR, "b,a", "a,b")).isFalse();
        assertThat(Planner.same(Setting.Kind.JSON, "{\"a\": [1, 2]}", "{\"a\":[2,1]}"))
                .isFalse();
        assertThat(Planner.same(Setting.Kind.SCALAR, null, "a")).isFalse();
    }

    @Test
    void anOrderedListInAnotherOrderIsAnUpdate() {
        Schema chain = Schema.of("security-group", Setting.list("ingress"));
        Discovery.Found f = found(Actual.of("security-group", "g", "sg-1", Map.of("ingress", "b,a"), null));
        Plan plan = Planner.plan(List.of(spec(chain, "g", Map.of("ingress", "a,b"))), f);
        assertThat(plan.changes())
                .extracting(c -> c.action() + " " + c.key())
                .containsExactly("UPDATE security-group/g");
    }
}
