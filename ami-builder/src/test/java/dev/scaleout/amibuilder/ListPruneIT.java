package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;

/** list and prune on moto's EC2 and SSM: what references an AMI protects it. */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListPruneIT {

    static MotoServer moto;
    static Ec2Client ec2;
    static SsmClient ssm;

    @TempDir
    Path dir;

    Harness harness;

    static String v1;
    static String v2;
    static String v3;
    static String v4;
    static String otherStack;

    /**
     * The AMIs, launch template and parameter below are as built: tests that only read share
     * them (each build waits out three of moto's whole-second creation dates); a test that
     * changes them clears this and the next test builds them again on a reset account.
     */
    private static boolean intact;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        ec2 = moto.clients().build(Ec2Client.builder());
        ssm = moto.clients().build(SsmClient.builder());
        build(); // the account is as MotoExtension reset it before the class
    }

    @BeforeEach
    void fixtures() {
        harness = new Harness(moto, null, dir);
        if (!intact) {
            moto.reset();
            build();
        }
    }

    /** Four golden AMIs, oldest first; v1 in a launch template's first version, v2 in the SSM parameter. */
    private static void build() {
        v1 = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.0.0", "scaleout-golden/1.0.0");
        Ec2Fixtures.nextSecond();
        v2 = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.1.0", "scaleout-golden/1.1.0");
        Ec2Fixtures.nextSecond();
        v3 = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.2.0", "scaleout-golden/1.2.0");
        Ec2Fixtures.nextSecond();
        v4 = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.3.0", "scaleout-golden/1.3.0");
        otherStack = Ec2Fixtures.goldenAmi(ec2, "other", "9.0.0", "other-golden/9.0.0");
        String lt = ec2.createLaunchTemplate(b -> b.launchTemplateName("scaleout-lt")
                        .launchTemplateData(d -> d.imageId(v1))
                        .tagSpecifications(t -> t.resourceType("launch-template")
                                .tags(tag -> tag.key("Stack").value("demo"))))
                .launchTemplate()
                .launchTemplateId();
        ec2.createLaunchTemplateVersion(b -> b.launchTemplateId(lt).launchTemplateData(d -> d.imageId(v4)));
        ssm.putParameter(b -> b.name("/scaleout/golden-ami/latest").value(v2).type("String"));
        intact = true;
    }

    @Test
    void listShowsEveryGoldenAmiNewestFirstWithWhatReferencesIt() {
        Harness.Result r = harness.run("list", "--region", MotoServer.REGION);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).containsSubsequence(v4, v3, v2, v1).doesNotContain(otherStack);
        assertThat(line(r.out(), v1))
                .contains("1.0.0")
                .contains("available")
                .contains("scaleout-lt:1 (default, stack demo)");
        assertThat(line(r.out(), v2)).contains("1.1.0").contains("/scaleout/golden-ami/latest");
        assertThat(line(r.out(), v3)).contains("1.2.0").endsWith(" -");
        assertThat(line(r.out(), v4)).contains("scaleout-lt:2 (stack demo)");
        assertThat(r.calls().mutating()).isZero();
    }

    /** Last only to spare a rebuild of the fixtures it changes: in any order every test passes. */
    @Test
    @Order(Integer.MAX_VALUE)
    void pruneKeepsTheNewestAndEveryReferencedAmiAndDeletesTheOthersWithTheirSnapshots() {
        intact = false; // v3 deleted, v5 added: the next test builds its own
        List<String> v3Snapshots = Ec2Fixtures.snapshotsOf(ec2, v3);
        List<String> v1Snapshots = Ec2Fixtures.snapshotsOf(ec2, v1);
        assertThat(v3Snapshots).isNotEmpty();
        Ec2Fixtures.nextSecond();
        String v5 = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.4.0", "scaleout-golden/1.4.0");

        Harness.Result dry = harness.run("prune", "--region", MotoServer.REGION, "--keep", "1", "--dry-run");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("would go").contains(v3);
        assertThat(dry.calls().mutating()).as("--dry-run deletes nothing").isZero();

        Harness.Result r = harness.run("prune", "--region", MotoServer.REGION, "--keep", "1", "--yes");

        assertThat(r.exit()).as(r.all()).isZero();
        List<String> left = ec2.describeImages(b -> b.owners("self")).images().stream()
                .map(Image::imageId)
                .toList();
        // v5 newest (kept by --keep 1), v4 and v1 in launch template versions, v2 in the SSM parameter
        assertThat(left).contains(v5, v4, v2, v1, otherStack).doesNotContain(v3);
        List<String> snapshots = ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots().stream()
                .map(s -> s.snapshotId())
                .toList();
        assertThat(snapshots).doesNotContainAnyElementsOf(v3Snapshots).containsAll(v1Snapshots);
        assertThat(r.out()).contains("deleted   " + v3);
    }

    @Test
    void pruneRefusesKeepZeroAndUnconfirmedRunsBeforeAnyAwsCall() {
        Harness.Result zero = harness.run("prune", "--region", MotoServer.REGION, "--keep", "0", "--yes");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--keep 0 must be at least 1");
        Harness.Result unconfirmed = harness.run("prune", "--region", MotoServer.REGION, "--keep", "1");
        assertThat(unconfirmed.exit()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("--yes");
        assertThat(zero.order()).isEmpty();
        assertThat(unconfirmed.order()).isEmpty();
    }

    private static String line(String out, String ami) {
        return out.lines()
                .filter(l -> l.startsWith(ami))
                .findFirst()
                .orElseThrow(() -> new AssertionError(ami + " not listed:\n" + out));
    }
}
