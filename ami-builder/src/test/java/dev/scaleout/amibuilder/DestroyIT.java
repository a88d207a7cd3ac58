package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.support.testing.MotoServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** destroy finds by name and tag what a bake created, even one that failed half-way. */
class DestroyIT extends AgainstMotoAndImageBuilder {

    @Test
    void destroyAfterAFailedBakeDeletesEverythingItCreatedButKeepsAmis() {
        String ami = Ec2Fixtures.goldenAmi(ec2, "scaleout", "0.9.0", "scaleout-golden/0.9.0");
        imageBuilder.nextBuild(
                imageBuilder.arnBase() + "image/scaleout-golden/1.0.0/1", List.of("BUILDING", "FAILED"), null, "boom");
        Harness.Result bake = harness.run(
                "--region",
                MotoServer.REGION,
                "--bundle",
                FakeBundle.create(dir, "1.0.0", "abc1234", "a").toString(),
                "--yes");
        assertThat(bake.exit()).as(bake.all()).isEqualTo(1);
        imageBuilder.clearJournal();

        Harness.Result r = harness.run("destroy", "--region", MotoServer.REGION, "--yes");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(imageBuilder.calls())
                .containsSubsequence(
                        "DELETE /DeleteImagePipeline",
                        "DELETE /DeleteImage",
                        "DELETE /DeleteImageRecipe",
                        "DELETE /DeleteComponent",
                        "DELETE /DeleteInfrastructureConfiguration",
                        "DELETE /DeleteDistributionConfiguration");
        assertThat(r.out())
                .contains("deleted   scaleout-golden/1.0.0/1")
                .contains("image recipe               deleted   scaleout-golden 1.0.0")
                .contains("component                  deleted   scaleout-app 1.0.0");
        assertThatThrownBy(() -> iam.getRole(b -> b.roleName("scaleout-ami-builder-instance")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.getInstanceProfile(b -> b.instanceProfileName("scaleout-ami-builder-instance")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("scaleout-ami-artifacts-123456789012-eu-west-1")))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        assertThat(ec2.describeImages(b -> b.imageIds(ami)).images())
                .as("AMIs stay without --include-amis")
                .hasSize(1);

        imageBuilder.reset(); // Image Builder after those deletes: nothing of ours left
        Harness.Result again = harness.run("destroy", "--region", MotoServer.REGION, "--yes");
        assertThat(again.exit())
                .as("a second destroy finds nothing and succeeds: %s", again.all())
                .isZero();
        assertThat(again.out()).doesNotContain("deleted");
    }

    @Test
    void destroyWithIncludeAmisDeregistersThemDeletesSnapshotsAndTheParameter() {
        String ami = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.0.0", "scaleout-golden/1.0.0");
        List<String> snapshots = Ec2Fixtures.snapshotsOf(ec2, ami);
        assertThat(snapshots).isNotEmpty();
        ssm.putParameter(b -> b.name("/scaleout/golden-ami/latest").value(ami).type("String"));

        Harness.Result r = harness.run("destroy", "--region", MotoServer.REGION, "--include-amis", "--yes");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(ec2.describeImages(b -> b.owners("self")).images())
                .noneMatch(i -> i.imageId().equals(ami));
        assertThat(ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots())
                .noneMatch(s -> snapshots.contains(s.snapshotId()));
        assertThat(ssm.describeParameters().parameters()).isEmpty();
    }

    @Test
    void destroyWithoutYesAndNoTerminalStopsBeforeAnyAwsCall() {
        Harness.Result r = harness.run("destroy", "--region", MotoServer.REGION);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--yes");
        assertThat(r.order()).isEmpty();
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("x"))).isInstanceOf(RuntimeException.class);
    }
}
