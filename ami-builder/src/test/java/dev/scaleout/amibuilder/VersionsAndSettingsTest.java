package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.amibuilder.bundle.Bundle;
import dev.scaleout.support.AwsClients;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The app version's mapping to Image Builder's x.y.z, names per version, and derived settings. */
class VersionsAndSettingsTest {

    static Bundle bundle(String version, String sha) {
        return new Bundle(
                Path.of("scaleout-app-bundle-" + version + ".tar.gz"),
                version,
                "abc",
                sha.repeat(64 / sha.length()),
                1);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "1.2.3,          1.2.3, scaleout-app",
        "1.2,            1.2.0, scaleout-app",
        "01.02.03,       1.2.3, scaleout-app",
        "0.1.0-SNAPSHOT, 0.1.0, scaleout-app-snapshot-abcdabcd",
        "2.0.0.RC1,      2.0.0, scaleout-app-rc1-abcdabcd",
        "3.1.4+build.7,  3.1.4, scaleout-app-build-7-abcdabcd",
        "1.0.0-+,        1.0.0, scaleout-app-build-abcdabcd",
        "1.0.0-_RC_,     1.0.0, scaleout-app-rc-abcdabcd",
    })
    void appVersionMapsToSemanticVersionAndNames(String raw, String semantic, String component) {
        AppVersion v = AppVersion.parse(raw);
        assertThat(v.semantic()).isEqualTo(semantic);
        assertThat(new Names("scaleout").component(v, bundle(raw, "abcd"))).isEqualTo(component);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.2.3,                 scaleout-golden-1.2.3-{{imagebuilder:buildDate}}",
        "3.1.4+build.7,         scaleout-golden-3.1.4-build.7-{{imagebuilder:buildDate}}",
        "'1.0.0-rc 1+sha:ab~c', scaleout-golden-1.0.0-rc-1-sha-ab-c-{{imagebuilder:buildDate}}",
    })
    void theAmiNameCarriesTheVersionInTheCharactersEc2AndImageBuilderTake(String raw, String name) {
        assertThat(new Names("scaleout").amiName(AppVersion.parse(raw)))
                .isEqualTo(name)
                // Image Builder's AmiNameString pattern, and EC2's characters once the date is filled in
                .matches("^[-_A-Za-z0-9{][-_A-Za-z0-9\\s:{}\\.]+[-_A-Za-z0-9}]$")
                .satisfies(n -> assertThat(n.replace("{{imagebuilder:buildDate}}", "2026-12-01T03-56-07.123Z"))
                        .matches("[A-Za-z0-9()\\[\\] ./'@_-]{3,128}"));
    }

    @Test
    void aVeryLongVersionStillGivesNamesWithinTheLimits() {
        AppVersion v = AppVersion.parse("1.0.0-" + "x".repeat(200) + "+" + "y".repeat(100));
        assertThat(new Names("a-twenty-char-prefix")
                        .amiName(v)
                        .replace("{{imagebuilder:buildDate}}", "2026-12-01T03-56-07.123Z"))
                .hasSizeLessThanOrEqualTo(128);
        assertThat(new Names("a-twenty-char-prefix").component(v, bundle("x", "abcd")))
                .hasSizeLessThanOrEqualTo(126);
    }

    @ParameterizedTest(name = "{0} is in {1}")
    @CsvSource({"eu-west-1, aws", "cn-north-1, aws-cn", "us-gov-west-1, aws-us-gov", "eu-fantasy-9, aws"})
    void theArnPartitionComesFromTheRegion(String region, String partition) {
        AwsClients clients = new AwsClients(Region.of(region), AnonymousCredentialsProvider.create(), Optional.empty());
        try (Aws aws = new Aws(clients)) {
            assertThat(aws.partition()).isEqualTo(partition);
        }
    }

    @Test
    void aRebuiltSnapshotGetsOtherNamesAReleaseKeepsItsNames() {
        AppVersion snapshot = AppVersion.parse("0.1.0-SNAPSHOT");
        Names names = new Names("scaleout");
        assertThat(names.recipe(snapshot, bundle("0.1.0-SNAPSHOT", "1111")))
                .isNotEqualTo(names.recipe(snapshot, bundle("0.1.0-SNAPSHOT", "2222")));
        AppVersion release = AppVersion.parse("1.0.0");
        assertThat(names.recipe(release, bundle("1.0.0", "1111")))
                .isEqualTo(names.recipe(release, bundle("1.0.0", "2222")))
                .isEqualTo("scaleout-golden");
    }

    @Test
    void nonNumericVersionIsAUserError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppVersion.parse("latest"))
                .hasMessageContaining("is not x.y.z");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"t3.small, x86_64", "t4g.small, arm64", "m7gd.large, arm64", "c7i.large, x86_64", "g5.xlarge, x86_64"})
    void parentImageFollowsTheInstanceTypesArchitecture(String type, String arch) {
        Settings s = Settings.validate("scaleout", "eu-west-1", type, null, null, List.of(), null, "90m", false);
        assertThat(s.parentImageParameter())
                .isEqualTo("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + arch);
    }

    @Test
    void defaultsFollowThePrefixAndCopiesSkipTheHomeRegion() {
        Settings s = Settings.validate(
                "demo",
                "eu-west-1",
                "t3.small",
                null,
                null,
                List.of("eu-west-1", "us-east-1", "us-east-1"),
                null,
                "2h",
                false);
        assertThat(s.parameterName()).isEqualTo("/demo/golden-ami/latest");
        assertThat(s.copyToRegions()).containsExactly("us-east-1");
        assertThat(s.timeout()).hasHours(2);
        assertThat(new Names("demo").bucket("123456789012", "eu-west-1"))
                .isEqualTo("demo-ami-artifacts-123456789012-eu-west-1")
                .hasSizeLessThanOrEqualTo(63);
    }
}
