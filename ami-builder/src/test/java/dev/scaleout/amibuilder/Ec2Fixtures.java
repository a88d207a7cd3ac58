package dev.scaleout.amibuilder;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Golden AMIs as Image Builder's distribution leaves them (with the tags the distribution config sets). */
final class Ec2Fixtures {

    private Ec2Fixtures() {}

    static String goldenAmi(Ec2Client ec2, String prefix, String appVersion, String recipeVersion) {
        String id = ec2.registerImage(b -> b.name(prefix + "-golden-" + appVersion + "-" + System.nanoTime())
                        .rootDeviceName("/dev/xvda")
                        .architecture("x86_64"))
                .imageId();
        ec2.createTags(b -> b.resources(id)
                .tags(List.of(
                        Tag.builder().key("Project").value(Tags.PROJECT).build(),
                        Tag.builder().key("Stack").value(prefix).build(),
                        Tag.builder().key("ManagedBy").value(Tags.MANAGED_BY).build(),
                        Tag.builder().key(Tags.APP_VERSION).value(appVersion).build(),
                        Tag.builder()
                                .key(Tags.RECIPE_VERSION)
                                .value(recipeVersion)
                                .build())));
        return id;
    }

    /** moto's CreationDate has whole seconds: fixtures that prune orders wait for the next one. */
    static void nextSecond() {
        try {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> snapshotsOf(Ec2Client ec2, String ami) {
        return ec2.describeImages(b -> b.imageIds(ami)).images().get(0).blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null)
                .map(m -> m.ebs().snapshotId())
                .toList();
    }
}
