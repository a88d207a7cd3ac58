package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.bundle.Bundle;
import dev.scaleout.amibuilder.iam.InstanceRole;
import dev.scaleout.amibuilder.imagebuilder.BakeSpec;
import dev.scaleout.amibuilder.imagebuilder.ComponentDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bake makes, computed from options and bundle alone (plan prints it without
 * credentials; bake applies it once it knows the account).
 */
public record BakePlan(
        Settings settings,
        Bundle bundle,
        AppVersion version,
        String region,
        String account,
        String bucket,
        String bundleKey,
        BakeSpec spec) {

    public static final int ROOT_VOLUME_GB = 20;

    public static BakePlan of(Settings settings, Bundle bundle, String region, String account) {
        Names names = settings.names();
        AppVersion version = AppVersion.parse(bundle.appVersion());
        String bucket = names.bucket(account, region);
        String key = names.bundleKey(bundle);
        String component = names.component(version, bundle);
        String recipe = names.recipe(version, bundle);
        Map<String, String> amiTags =
                new LinkedHashMap<>(Tags.of(settings.prefix(), settings.prefix() + "-golden-" + bundle.appVersion()));
        amiTags.put(Tags.APP_VERSION, bundle.appVersion());
        amiTags.put(Tags.GIT_COMMIT, bundle.gitCommit());
        amiTags.put(Tags.RECIPE_VERSION, recipe + "/" + version.semantic());
        amiTags.put(Tags.BUNDLE_SHA, bundle.sha256());
        List<String> regions = new ArrayList<>(List.of(region));
        settings.copyToRegions().stream().filter(r -> !r.equals(region)).forEach(regions::add);
        BakeSpec spec = new BakeSpec(
                settings.prefix(),
                component,
                version.semantic(),
                "scaleout-app " + bundle.appVersion() + " from bundle sha256 " + bundle.sha256(),
                ComponentDocument.render(component, bundle, bucket, key, account, settings.cloudWatchAgent()),
                recipe,
                version.semantic(),
                "ssm:" + settings.parentImageParameter(),
                ROOT_VOLUME_GB,
                names.infrastructure(),
                settings.instanceType(),
                names.instanceProfile(),
                settings.subnetId(),
                settings.securityGroupId(),
                names.distribution(),
                names.amiName(version),
                amiTags,
                regions,
                names.pipeline());
        return new BakePlan(settings, bundle, version, region, account, bucket, key, spec);
    }

    /** Rough cost of one bake: the build and test instances for about 45 minutes, and the AMI's snapshot. */
    public String costLine() {
        Double hourly = HOURLY_USD.get(settings.instanceType());
        String instance = hourly == null
                ? settings.instanceType() + " (see EC2 on-demand pricing)"
                : String.format(
                        "%s at about $%.4f/h: about $%.2f per bake",
                        settings.instanceType(), hourly, hourly * 0.75 * 1.2);
        return "cost: a bake runs a build and a test instance for about 30-60 min, " + instance
                + ", plus the AMI's snapshot (20 GB gp3 root, about 2-3 GB used: about $0.15/month per AMI kept"
                + (spec.regions().size() > 1 ? " per region" : "") + ")";
    }

    /** us-east-1 Linux on-demand, for the estimate only. */
    static final Map<String, Double> HOURLY_USD = Map.of(
            "t3.micro",
            0.0104,
            "t3.small",
            0.0208,
            "t3.medium",
            0.0416,
            "t3.large",
            0.0832,
            "t4g.small",
            0.0168,
            "t4g.medium",
            0.0336,
            "m5.large",
            0.096,
            "m7i.large",
            0.1008,
            "c5.large",
            0.085);

    public void print(Report r) {
        r.line("plan: golden AMI of scaleout-app " + bundle.appVersion() + " in " + region
                + (spec.regions().size() > 1
                        ? " (copied to "
                                + String.join(
                                        ", ",
                                        spec.regions().subList(1, spec.regions().size())) + ")"
                        : ""));
        r.line("bundle: " + bundle.file() + " (" + bundle.size() / 1024 + " KiB, sha256 " + bundle.sha256() + ", git "
                + bundle.gitCommit() + ")");
        r.line("versions: component and recipe " + version.semantic()
                + (version.isRelease()
                        ? ""
                        : " under names with '" + version.nameSuffix(bundle.shortSha()) + "' (a " + version.qualifier()
                                + " bundle: a rebuilt one gets new versions, never a stale one)"));
        r.line("resources (created when missing, reused when present):");
        r.resource("S3 bucket", "ensure", bucket + " (all public access blocked, SSE-S3, versioning)");
        r.resource("bundle", "upload", "s3://" + bucket + "/" + bundleKey + " (skipped when present)");
        r.resource(
                "IAM role + profile",
                "ensure",
                settings.names().instanceRole() + " (" + String.join(", ", InstanceRole.MANAGED_POLICIES)
                        + ", s3:GetObject on s3://" + bucket + "/"
                        + settings.names().bundlePrefix() + "*)");
        r.resource("component", "ensure", spec.componentName() + " " + spec.componentVersion() + " (document below)");
        r.resource(
                "image recipe",
                "ensure",
                spec.recipeName() + " " + spec.recipeVersion() + ": parent " + spec.parentImage() + ", root "
                        + BakeSpec.ROOT_DEVICE + " " + spec.rootVolumeGb() + " GB gp3 encrypted");
        r.resource(
                "infrastructure config",
                "ensure",
                spec.infrastructureName() + ": " + spec.instanceType() + ", profile "
                        + spec.instanceProfile() + ", subnet " + spec.subnetId().orElse("(default VPC)")
                        + ", security group "
                        + spec.securityGroupId().orElse("(default)")
                        + ", no SSH key, IMDSv2 required, terminate on failure");
        r.resource(
                "distribution config",
                "ensure",
                spec.distributionName() + ": AMI " + spec.amiName() + " in " + String.join(", ", spec.regions()));
        r.resource("", "", "AMI tags " + spec.amiTags());
        r.resource(
                "image pipeline",
                "ensure",
                spec.pipelineName() + " (tests on, no schedule), then StartImagePipelineExecution");
        r.resource("SSM parameter", "publish", settings.parameterName() + " = <the new AMI id>");
        r.line("every resource is tagged Project=" + Tags.PROJECT + ", Stack=" + settings.prefix() + ", ManagedBy="
                + Tags.MANAGED_BY + ", Name");
        r.line(costLine());
        r.line("component document (" + spec.componentName() + " " + spec.componentVersion() + "):");
        spec.componentDocument().lines().forEach(l -> r.line("    " + l));
    }
}
