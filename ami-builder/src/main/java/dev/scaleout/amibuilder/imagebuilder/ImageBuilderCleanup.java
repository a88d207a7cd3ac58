package dev.scaleout.amibuilder.imagebuilder;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.amibuilder.Report;
import dev.scaleout.support.AwsCall;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ComponentVersion;
import software.amazon.awssdk.services.imagebuilder.model.ImageRecipeSummary;
import software.amazon.awssdk.services.imagebuilder.model.Ownership;

/**
 * Deletes what bake made in Image Builder, in dependency order: pipeline, recipes (every
 * version), components (every version and build), then the two configurations. Components
 * and recipes are matched by their name family (prefix-app, prefix-app-<qualifier>-<sha>).
 */
public final class ImageBuilderCleanup {

    private final Aws aws;
    private final Report report;
    private final Arns arns;

    public ImageBuilderCleanup(Aws aws, Report report) {
        this.aws = aws;
        this.report = report;
        this.arns = new Arns(aws.partition(), aws.region(), aws.account());
    }

    private ImagebuilderClient ib() {
        return aws.imageBuilder();
    }

    public void deleteAll(String prefix, String pipeline, String infrastructure, String distribution) {
        String pipelineArn = arns.pipeline(pipeline);
        if (AwsCall.find(
                        "DeleteImagePipeline",
                        pipeline,
                        ImageBuilderResources.NOT_FOUND,
                        () -> ib().deleteImagePipeline(b -> b.imagePipelineArn(pipelineArn)))
                .isPresent()) {
            report.resource("image pipeline", "deleted", pipeline);
        }
        // the build records (not the AMIs: DeleteImage leaves them), which hold on to their recipe
        for (String build : imageBuilds(prefix + "-golden")) {
            AwsCall.run("DeleteImage", build, () -> ib().deleteImage(b -> b.imageBuildVersionArn(build)));
            report.resource("image build record", "deleted", build.substring(build.indexOf(":image/") + 7));
        }
        for (ImageRecipeSummary r : recipes(prefix + "-golden")) {
            AwsCall.run("DeleteImageRecipe", r.arn(), () -> ib().deleteImageRecipe(b -> b.imageRecipeArn(r.arn())));
            report.resource(
                    "image recipe",
                    "deleted",
                    r.name() + " " + r.arn().substring(r.arn().lastIndexOf('/') + 1));
        }
        for (ComponentVersion c : components(prefix + "-app")) {
            List<String> builds = new ArrayList<>();
            String token = null;
            do {
                String t = token;
                var page = AwsCall.call(
                        "ListComponentBuildVersions",
                        c.arn(),
                        () -> ib().listComponentBuildVersions(
                                        b -> b.componentVersionArn(c.arn()).nextToken(t)));
                page.componentSummaryList().forEach(s -> builds.add(s.arn()));
                token = page.nextToken();
            } while (token != null);
            for (String build : builds) {
                AwsCall.run(
                        "DeleteComponent", build, () -> ib().deleteComponent(b -> b.componentBuildVersionArn(build)));
            }
            report.resource("component", "deleted", c.name() + " " + c.version());
        }
        String infraArn = arns.infrastructure(infrastructure);
        if (AwsCall.find(
                        "DeleteInfrastructureConfiguration",
                        infrastructure,
                        ImageBuilderResources.NOT_FOUND,
                        () -> ib().deleteInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(infraArn)))
                .isPresent()) {
            report.resource("infrastructure config", "deleted", infrastructure);
        }
        String distArn = arns.distribution(distribution);
        if (AwsCall.find(
                        "DeleteDistributionConfiguration",
                        distribution,
                        ImageBuilderResources.NOT_FOUND,
                        () -> ib().deleteDistributionConfiguration(b -> b.distributionConfigurationArn(distArn)))
                .isPresent()) {
            report.resource("distribution config", "deleted", distribution);
        }
    }

    /** Build version ARNs of the images of recipes in the family. */
    List<String> imageBuilds(String family) {
        List<String> versions = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = AwsCall.call(
                    "ListImages",
                    family,
                    () -> ib().listImages(b -> b.owner(Ownership.SELF).nextToken(t)));
            page.imageVersionList().stream()
                    .filter(v -> inFamily(v.name(), family))
                    .forEach(v -> versions.add(v.arn()));
            token = page.nextToken();
        } while (token != null);
        List<String> builds = new ArrayList<>();
        for (String version : versions) {
            String next = null;
            do {
                String t = next;
                var page = AwsCall.call(
                        "ListImageBuildVersions",
                        version,
                        () -> ib().listImageBuildVersions(
                                        b -> b.imageVersionArn(version).nextToken(t)));
                page.imageSummaryList().forEach(i -> builds.add(i.arn()));
                next = page.nextToken();
            } while (next != null);
        }
        return builds;
    }

    /** Recipes named exactly {@code family} or {@code family-...}, owned by this account. */
    List<ImageRecipeSummary> recipes(String family) {
        List<ImageRecipeSummary> found = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = AwsCall.call(
                    "ListImageRecipes",
                    family,
                    () -> ib().listImageRecipes(b -> b.owner(Ownership.SELF).nextToken(t)));
            page.imageRecipeSummaryList().stream()
                    .filter(r -> inFamily(r.name(), family))
                    .forEach(found::add);
            token = page.nextToken();
        } while (token != null);
        return found;
    }

    /** Every version of every component in the family: names first, then all versions per name (byName). */
    List<ComponentVersion> components(String family) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        String token = null;
        do {
            String t = token;
            var page = AwsCall.call(
                    "ListComponents",
                    family,
                    () -> ib().listComponents(b -> b.owner(Ownership.SELF).nextToken(t)));
            page.componentVersionList().stream()
                    .map(ComponentVersion::name)
                    .filter(n -> inFamily(n, family))
                    .forEach(names::add);
            token = page.nextToken();
        } while (token != null);
        List<ComponentVersion> found = new ArrayList<>();
        for (String name : names) {
            String next = null;
            do {
                String t = next;
                var page = AwsCall.call(
                        "ListComponents",
                        name,
                        () -> ib().listComponents(b -> b.owner(Ownership.SELF)
                                .byName(true)
                                .filters(f -> f.name("name").values(name))
                                .nextToken(t)));
                page.componentVersionList().stream()
                        .filter(c -> c.name().equals(name))
                        .forEach(found::add);
                next = page.nextToken();
            } while (next != null);
        }
        return found;
    }

    static boolean inFamily(String name, String family) {
        return name.equals(family)
                || name.startsWith(family + "-")
                        && !name.equals(family + "-infra")
                        && !name.equals(family + "-dist")
                        && !name.equals(family + "-pipeline")
                        && !name.equals(family + "-build");
    }
}
