package dev.scaleout.amibuilder.images;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.amibuilder.Tags;
import dev.scaleout.support.AwsCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The golden AMIs of a prefix in this region (owned by this account, tagged ManagedBy and
 * Stack), which launch template versions reference them, and their removal with snapshots.
 */
public final class GoldenImages {

    private final Aws aws;
    private final String prefix;

    public GoldenImages(Aws aws, String prefix) {
        this.aws = aws;
        this.prefix = prefix;
    }

    private Ec2Client ec2() {
        return aws.ec2();
    }

    /** Newest first. */
    public List<GoldenImage> all() {
        return find(List.of());
    }

    /** An available AMI already baked from this recipe version (a re-run reuses it). */
    public Optional<GoldenImage> availableFor(String recipeVersion) {
        return find(List.of(
                        Filter.builder()
                                .name("tag:" + Tags.RECIPE_VERSION)
                                .values(recipeVersion)
                                .build(),
                        Filter.builder().name("state").values("available").build()))
                .stream()
                .findFirst();
    }

    private List<GoldenImage> find(List<Filter> extra) {
        List<Filter> filters = new ArrayList<>(List.of(
                Filter.builder().name("tag:ManagedBy").values(Tags.MANAGED_BY).build(),
                Filter.builder().name("tag:Stack").values(prefix).build()));
        filters.addAll(extra);
        List<GoldenImage> images = new ArrayList<>();
        for (Image i : AwsCall.call(
                "DescribeImages",
                "golden AMIs of " + prefix,
                () -> ec2().describeImages(b -> b.owners("self").filters(filters))
                        .images())) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag t : i.tags()) {
                tags.put(t.key(), t.value());
            }
            images.add(new GoldenImage(
                    i.imageId(),
                    i.name(),
                    tags.getOrDefault(Tags.APP_VERSION, "?"),
                    tags.getOrDefault(Tags.RECIPE_VERSION, "?"),
                    i.creationDate(),
                    i.stateAsString(),
                    i.blockDeviceMappings().stream()
                            .map(BlockDeviceMapping::ebs)
                            .filter(e -> e != null && e.snapshotId() != null)
                            .map(e -> e.snapshotId())
                            .toList()));
        }
        images.sort(Comparator.comparing((GoldenImage g) -> g.created() == null ? "" : g.created())
                .reversed());
        return images;
    }

    /**
     * AMI id -> the launch template versions whose image is that AMI, as
     * "name:version (default, stack demo)" (the default marker and the template's Stack tag when
     * present). ResolveAlias: a version that names {@code resolve:ssm:...} counts for the AMI
     * the parameter holds now, the one it would launch.
     */
    public Map<String, List<String>> launchTemplateReferences() {
        Map<String, List<String>> refs = new TreeMap<>();
        String token = null;
        do {
            String t = token;
            var page = AwsCall.call(
                    "DescribeLaunchTemplates", "(all)", () -> ec2().describeLaunchTemplates(b -> b.nextToken(t)));
            for (LaunchTemplate lt : page.launchTemplates()) {
                String vt = null;
                do {
                    String v = vt;
                    var versions = AwsCall.call(
                            "DescribeLaunchTemplateVersions",
                            lt.launchTemplateName(),
                            // a "resolve:ssm:" image comes back as the AMI id it names
                            () -> ec2().describeLaunchTemplateVersions(b -> b.launchTemplateId(lt.launchTemplateId())
                                    .resolveAlias(true)
                                    .nextToken(v)));
                    String stack = lt.tags().stream()
                            .filter(tag -> "Stack".equals(tag.key()))
                            .map(Tag::value)
                            .findFirst()
                            .map(s -> "stack " + s)
                            .orElse(null);
                    for (LaunchTemplateVersion version : versions.launchTemplateVersions()) {
                        String image = version.launchTemplateData() == null
                                ? null
                                : version.launchTemplateData().imageId();
                        if (image != null) {
                            List<String> notes = new ArrayList<>();
                            if (Boolean.TRUE.equals(version.defaultVersion())) {
                                notes.add("default");
                            }
                            if (stack != null) {
                                notes.add(stack);
                            }
                            refs.computeIfAbsent(image, k -> new ArrayList<>())
                                    .add(lt.launchTemplateName() + ":" + version.versionNumber()
                                            + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")"));
                        }
                    }
                    vt = versions.nextToken();
                } while (vt != null && !vt.isEmpty());
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return refs;
    }

    /** Deregisters the AMI, then deletes its snapshots (a registered AMI's snapshots cannot be deleted). */
    public void delete(GoldenImage image) {
        AwsCall.run("DeregisterImage", image.id(), () -> ec2().deregisterImage(b -> b.imageId(image.id())));
        for (String snapshot : image.snapshots()) {
            AwsCall.run(
                    "DeleteSnapshot",
                    snapshot + " (of " + image.id() + ")",
                    () -> ec2().deleteSnapshot(b -> b.snapshotId(snapshot)));
        }
    }

    /** Which images prune removes: all but the newest {@code keep}, never one in {@code protectedIds}. */
    public static List<GoldenImage> toPrune(List<GoldenImage> newestFirst, int keep, Set<String> protectedIds) {
        List<GoldenImage> prune = new ArrayList<>();
        for (int i = keep; i < newestFirst.size(); i++) {
            if (!protectedIds.contains(newestFirst.get(i).id())) {
                prune.add(newestFirst.get(i));
            }
        }
        return prune;
    }
}
