package dev.scaleout.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scaleout.support.ExitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackConfigLoaderTest {

    @Test
    void aPartialFileOverridesOnlyWhatItNames() {
        StackConfig c = StackConfigLoader.parse("""
                stack: prod
                network:
                  natGatewayPerAz: true
                autoScaling:
                  max: 6
                """, "stack.yaml");
        StackConfig d = StackConfig.defaults();
        assertThat(c.stack()).isEqualTo("prod");
        assertThat(c.network().natGatewayPerAz()).isTrue();
        assertThat(c.network().vpcCidr()).isEqualTo(d.network().vpcCidr());
        assertThat(c.network().availabilityZones()).isEqualTo(d.network().availabilityZones());
        assertThat(c.autoScaling().max()).isEqualTo(6);
        assertThat(c.autoScaling().min()).isEqualTo(d.autoScaling().min());
        assertThat(c.database()).isEqualTo(d.database());
        assertThat(c.prefix()).isEqualTo("my");
    }

    @Test
    void anEmptyFileIsTheDefaults() {
        assertThat(StackConfigLoader.parse("", "s")).isEqualTo(StackConfig.defaults());
        assertThat(StackConfigLoader.parse("network:\n", "s")).isEqualTo(StackConfig.defaults());
    }

    @Test
    void listsAreReplacedWhole() {
        StackConfig c = StackConfigLoader.parse(
                "network: {availabilityZones: [a, b, c], publicSubnetCidrs: [10.1.1.0/24]}", "s");
        assertThat(c.network().availabilityZones()).containsExactly("a", "b", "c");
        assertThat(c.network().publicSubnetCidrs()).isEqualTo(List.of("10.1.1.0/24"));
    }

    @Test
    void anUnknownKeyNamesItsPathAndTheNearestValidKey() {
        ExitException e = catchThrowableOfType(
                ExitException.class, () -> StackConfigLoader.parse("autoScaling:\n  maxSize: 4\n", "stack.yaml"));
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.getMessage())
                .isEqualTo("stack.yaml: unknown key 'autoScaling.maxSize': did you mean 'autoScaling.max'?");

        e = catchThrowableOfType(ExitException.class, () -> StackConfigLoader.parse("netwrok: {}\n", "stack.yaml"));
        assertThat(e.getMessage()).contains("'netwrok'").contains("'network'");
    }

    @Test
    void aWrongTypeNamesTheKey() {
        ExitException e = catchThrowableOfType(
                ExitException.class, () -> StackConfigLoader.parse("autoScaling: {max: lots}", "stack.yaml"));
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.getMessage()).contains("autoScaling.max").doesNotContain("\n");

        e = catchThrowableOfType(ExitException.class, () -> StackConfigLoader.parse("network: 5", "stack.yaml"));
        assertThat(e.getMessage()).contains("'network' must be a mapping");
    }

    @Test
    void notYamlOrMissingIsAUserError() throws Exception {
        assertThat(catchThrowableOfType(ExitException.class, () -> StackConfigLoader.parse("a: [", "s"))
                        .code())
                .isEqualTo(2);
        assertThat(catchThrowableOfType(ExitException.class, () -> StackConfigLoader.load(Path.of("/nonexistent.yaml")))
                        .code())
                .isEqualTo(2);
    }

    @Test
    void aYamlSyntaxErrorNamesLineAndColumnAndADuplicateKeyIsAnError() {
        ExitException syntax = catchThrowableOfType(
                ExitException.class,
                () -> StackConfigLoader.parse(
                        "stack: demo\nnetwork:\n  vpcCidr: [10.1.0.0/16\n  natGatewayPerAz: true\n", "stack.yaml"));
        assertThat(syntax.code()).isEqualTo(2);
        assertThat(syntax.getMessage())
                .matches("stack\\.yaml:\\d+:\\d+ is not valid YAML: .*")
                .doesNotContain("\n");

        ExitException twice = catchThrowableOfType(
                ExitException.class,
                () -> StackConfigLoader.parse("autoScaling:\n  max: 3\n  min: 1\n  max: 6\n", "stack.yaml"));
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.getMessage()).startsWith("stack.yaml:4:").contains("Duplicate field 'max'");
    }

    @Test
    void theRolloutSectionIsReadOverItsDefaults() {
        StackConfig c = StackConfigLoader.parse(
                "rollout: {checkpointPercentages: [50, 100], rollbackAlarms: [my-app-5xx]}", "s");
        assertThat(c.rollout().checkpointPercentages()).containsExactly(50, 100);
        assertThat(c.rollout().rollbackAlarms()).containsExactly("my-app-5xx");
        assertThat(c.rollout().minHealthyPercent())
                .isEqualTo(StackConfig.Rollout.defaults().minHealthyPercent());
        assertThat(c.rollout().keepVersions()).isEqualTo(10);
    }

    @Test
    void theExampleFileIsValidAndIsTheDefaults() throws Exception {
        Path example = Path.of("stack.example.yaml");
        StackConfig c = StackConfigLoader.load(example);
        StackValidator.validate(c, "eu-west-1");
        StackConfig d = StackConfig.defaults();
        // The example documents every key with its default; only the admin CIDR is filled in as an example.
        assertThat(c.withRegion(null))
                .isEqualTo(new StackConfig(
                        d.project(),
                        d.stack(),
                        d.prefix(),
                        null,
                        d.network(),
                        new StackConfig.Security("203.0.113.7/32"),
                        d.bastion(),
                        d.database(),
                        d.loadBalancer(),
                        d.dns(),
                        d.instances(),
                        d.autoScaling()));
        assertThat(Files.readString(example)).contains("secondTargetGroup").contains("launchingLifecycleHook");
        assertThat(Files.readString(example)).contains("privateInstance:").contains("clientCidr: 172.16.0.0/22");
        assertThat(c.privateInstance()).isEqualTo(StackConfig.PrivateInstance.off());
        assertThat(c.vpn()).isEqualTo(StackConfig.Vpn.off());
    }
}
