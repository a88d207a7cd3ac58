package dev.scaleout.amibuilder.imagebuilder;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.amibuilder.Report;
import dev.scaleout.amibuilder.Tags;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Component;
import software.amazon.awssdk.services.imagebuilder.model.Distribution;
import software.amazon.awssdk.services.imagebuilder.model.DistributionConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.EbsVolumeType;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.ImageRecipe;
import software.amazon.awssdk.services.imagebuilder.model.InfrastructureConfiguration;
import software.amazon.awssdk.services.imagebuilder.model.InstanceMetadataOptions;
import software.amazon.awssdk.services.imagebuilder.model.PipelineStatus;
import software.amazon.awssdk.services.imagebuilder.model.Platform;

/**
 * Component, recipe, infrastructure and distribution configurations, and the pipeline:
 * each found by its predictable ARN, created when missing, updated only when a setting
 * differs (configurations and the pipeline), and never replaced when versioned (component,
 * recipe): a new app version makes new versions and leaves the old ones intact.
 */
public final class ImageBuilderResources {

    static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException");

    private final Aws aws;
    private final Report report;
    private final Arns arns;
    private final ProfilePropagation propagation; // IAM propagation waits; tests pass a no-op sleeper

    public ImageBuilderResources(Aws aws, Report report, Poll.Sleeper sleeper) {
        this.aws = aws;
        this.report = report;
        this.arns = new Arns(aws.partition(), aws.region(), aws.account());
        this.propagation = new ProfilePropagation(report, sleeper);
    }

    public Arns arns() {
        return arns;
    }

    private ImagebuilderClient ib() {
        return aws.imageBuilder();
    }

    private Map<String, String> tags(BakeSpec spec, String name) {
        return Tags.of(spec.prefix(), name);
    }

    public String ensureComponent(BakeSpec spec) {
        String arn = arns.component(spec.componentName(), spec.componentVersion());
        Optional<Component> existing = AwsCall.find(
                "GetComponent",
                arn,
                NOT_FOUND,
                () -> ib().getComponent(b -> b.componentBuildVersionArn(arn)).component());
        if (existing.isPresent()) {
            if (!ComponentDocument.sameDocument(existing.get().data(), spec.componentDocument())) {
                // found by reading AWS, so not exit 2 (that is for input checked before any call)
                throw ExitException.failure(
                        "component " + spec.componentName() + " " + spec.componentVersion()
                                + " exists with a different document (a changed bundle or --cloudwatch-agent under the same app version; "
                                + "versions are immutable): bump the version in app/pom.xml, or remove the old one with 'destroy'");
            }
            report.resource("component", "reused", spec.componentName() + " " + spec.componentVersion());
            return arn;
        }
        String created = AwsCall.call(
                "CreateComponent",
                spec.componentName() + " " + spec.componentVersion(),
                () -> ib().createComponent(b -> b.name(spec.componentName())
                                .semanticVersion(spec.componentVersion())
                                .description(spec.componentDescription())
                                .changeDescription("app " + spec.componentVersion())
                                .platform(Platform.LINUX)
                                .supportedOsVersions("Amazon Linux 2023")
                                .data(spec.componentDocument())
                                .tags(tags(spec, spec.componentName())))
                        .componentBuildVersionArn());
        report.resource("component", "created", spec.componentName() + " " + spec.componentVersion());
        return created;
    }

    public String ensureRecipe(BakeSpec spec, String componentArn) {
        String arn = arns.recipe(spec.recipeName(), spec.recipeVersion());
        Optional<ImageRecipe> existing = AwsCall.find(
                "GetImageRecipe",
                arn,
                NOT_FOUND,
                () -> ib().getImageRecipe(b -> b.imageRecipeArn(arn)).imageRecipe());
        if (existing.isPresent()) {
            ImageRecipe r = existing.get();
            // the parent may come back resolved to the AMI id the ssm: parameter named at creation
            boolean sameParent = r.parentImage() == null
                    || r.parentImage().startsWith("ami-")
                    || spec.parentImage().equals(r.parentImage());
            boolean same = r.components().size() == 1
                    && versionArn(r.components().get(0).componentArn()).equals(versionArn(componentArn))
                    && sameParent;
            if (!same) {
                throw ExitException.failure("image recipe " + spec.recipeName() + " " + spec.recipeVersion()
                        + " exists with other components or parent image (recipes are immutable): bump the app version, "
                        + "or remove the old one with 'destroy'");
            }
            report.resource("image recipe", "reused", spec.recipeName() + " " + spec.recipeVersion());
            return arn;
        }
        String created = AwsCall.call(
                "CreateImageRecipe",
                spec.recipeName() + " " + spec.recipeVersion(),
                () -> ib().createImageRecipe(b -> b.name(spec.recipeName())
                                .semanticVersion(spec.recipeVersion())
                                .description("Golden AMI of scaleout-app " + spec.componentVersion()
                                        + " on Amazon Linux 2023")
                                .parentImage(spec.parentImage())
                                .components(c -> c.componentArn(componentArn))
                                .blockDeviceMappings(m -> m.deviceName(BakeSpec.ROOT_DEVICE)
                                        .ebs(e -> e.encrypted(true)
                                                .deleteOnTermination(true)
                                                .volumeSize(spec.rootVolumeGb())
                                                .volumeType(EbsVolumeType.GP3)))
                                .tags(tags(spec, spec.recipeName())))
                        .imageRecipeArn());
        report.resource("image recipe", "created", spec.recipeName() + " " + spec.recipeVersion());
        return created;
    }

    /** ".../component/name/1.2.3/1" and ".../component/name/1.2.3" name the same version. */
    static String versionArn(String arn) {
        return arn.replaceFirst("(/\\d+\\.\\d+\\.\\d+)/\\d+$", "$1");
    }

    public String ensureInfrastructure(BakeSpec spec) {
        String arn = arns.infrastructure(spec.infrastructureName());
        Optional<InfrastructureConfiguration> existing = AwsCall.find(
                "GetInfrastructureConfiguration",
                arn,
                NOT_FOUND,
                () -> ib().getInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(arn))
                        .infrastructureConfiguration());
        InstanceMetadataOptions imds = InstanceMetadataOptions.builder()
                .httpTokens("required")
                .httpPutResponseHopLimit(2)
                .build();
        List<String> securityGroups = spec.securityGroupId().map(List::of).orElse(List.of());
        if (existing.isPresent()) {
            InfrastructureConfiguration c = existing.get();
            boolean same = c.instanceTypes().equals(List.of(spec.instanceType()))
                    && spec.instanceProfile().equals(c.instanceProfileName())
                    && Objects.equals(spec.subnetId().orElse(null), c.subnetId())
                    && c.securityGroupIds().equals(securityGroups)
                    && Boolean.TRUE.equals(c.terminateInstanceOnFailure())
                    && c.keyPair() == null
                    && c.instanceMetadataOptions() != null
                    && "required".equals(c.instanceMetadataOptions().httpTokens());
            if (same) {
                report.resource("infrastructure config", "reused", spec.infrastructureName());
                return arn;
            }
            propagation.call(
                    "UpdateInfrastructureConfiguration",
                    spec.infrastructureName(),
                    () -> ib().updateInfrastructureConfiguration(b -> b.infrastructureConfigurationArn(arn)
                            .description(infraDescription())
                            .instanceTypes(spec.instanceType())
                            .instanceProfileName(spec.instanceProfile())
                            .subnetId(spec.subnetId().orElse(null))
                            .securityGroupIds(securityGroups)
                            .terminateInstanceOnFailure(true)
                            .instanceMetadataOptions(imds)
                            .resourceTags(tags(spec, spec.prefix() + "-golden-build"))));
            report.resource(
                    "infrastructure config", "updated", spec.infrastructureName() + " (" + spec.instanceType() + ")");
            return arn;
        }
        String created = propagation.call(
                "CreateInfrastructureConfiguration",
                spec.infrastructureName(),
                () -> ib().createInfrastructureConfiguration(b -> b.name(spec.infrastructureName())
                                .description(infraDescription())
                                .instanceTypes(spec.instanceType())
                                .instanceProfileName(spec.instanceProfile())
                                .subnetId(spec.subnetId().orElse(null))
                                .securityGroupIds(securityGroups)
                                .terminateInstanceOnFailure(true)
                                .instanceMetadataOptions(imds)
                                .resourceTags(tags(spec, spec.prefix() + "-golden-build"))
                                .tags(tags(spec, spec.infrastructureName())))
                        .infrastructureConfigurationArn());
        report.resource(
                "infrastructure config", "created", spec.infrastructureName() + " (" + spec.instanceType() + ")");
        return created;
    }

    private static String infraDescription() {
        return "ami-builder: build/test instances, no SSH key, IMDSv2 required, terminated on failure";
    }

    public String ensureDistribution(BakeSpec spec) {
        String arn = arns.distribution(spec.distributionName());
        Optional<DistributionConfiguration> existing = AwsCall.find(
                "GetDistributionConfiguration",
                arn,
                NOT_FOUND,
                () -> ib().getDistributionConfiguration(b -> b.distributionConfigurationArn(arn))
                        .distributionConfiguration());
        List<Distribution> wanted = new ArrayList<>();
        for (String region : spec.regions()) {
            wanted.add(Distribution.builder()
                    .region(region)
                    .amiDistributionConfiguration(a -> a.name(spec.amiName())
                            .description("scaleout golden AMI, app " + spec.componentVersion())
                            .amiTags(spec.amiTags()))
                    .build());
        }
        if (existing.isPresent()) {
            if (sameDistributions(existing.get().distributions(), wanted)) {
                report.resource("distribution config", "reused", spec.distributionName());
                return arn;
            }
            AwsCall.run(
                    "UpdateDistributionConfiguration",
                    spec.distributionName(),
                    () -> ib().updateDistributionConfiguration(b -> b.distributionConfigurationArn(arn)
                            .description(distDescription())
                            .distributions(wanted)));
            report.resource("distribution config", "updated", spec.distributionName() + " (" + spec.amiName() + ")");
            return arn;
        }
        String created = AwsCall.call(
                "CreateDistributionConfiguration",
                spec.distributionName(),
                () -> ib().createDistributionConfiguration(b -> b.name(spec.distributionName())
                                .description(distDescription())
                                .distributions(wanted)
                                .tags(tags(spec, spec.distributionName())))
                        .distributionConfigurationArn());
        report.resource("distribution config", "created", spec.distributionName() + " (" + spec.amiName() + ")");
        return created;
    }

    private static String distDescription() {
        return "ami-builder: golden AMI name and tags, regions";
    }

    static boolean sameDistributions(List<Distribution> have, List<Distribution> want) {
        if (have.size() != want.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            Distribution h = have.get(i);
            Distribution w = want.get(i);
            if (!w.region().equals(h.region())
                    || h.amiDistributionConfiguration() == null
                    || !w.amiDistributionConfiguration()
                            .name()
                            .equals(h.amiDistributionConfiguration().name())
                    || !w.amiDistributionConfiguration()
                            .amiTags()
                            .equals(h.amiDistributionConfiguration().amiTags())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Enhanced image metadata is off: it installs the SSM inventory on the build instance
     * and fails every build (AssertInventoryCollection) in an account that already has an
     * SSM inventory association (Image Builder troubleshooting guide). The AMI does not need it.
     */
    public String ensurePipeline(BakeSpec spec, String recipeArn, String infraArn, String distArn) {
        String arn = arns.pipeline(spec.pipelineName());
        Optional<ImagePipeline> existing = AwsCall.find(
                "GetImagePipeline",
                arn,
                NOT_FOUND,
                () -> ib().getImagePipeline(b -> b.imagePipelineArn(arn)).imagePipeline());
        if (existing.isPresent()) {
            ImagePipeline p = existing.get();
            boolean same = recipeArn.equals(p.imageRecipeArn())
                    && infraArn.equals(p.infrastructureConfigurationArn())
                    && distArn.equals(p.distributionConfigurationArn())
                    && p.status() == PipelineStatus.ENABLED
                    && p.imageTestsConfiguration() != null
                    && Boolean.TRUE.equals(p.imageTestsConfiguration().imageTestsEnabled())
                    && Boolean.FALSE.equals(p.enhancedImageMetadataEnabled());
            if (same) {
                report.resource("image pipeline", "reused", spec.pipelineName());
                return arn;
            }
            AwsCall.run(
                    "UpdateImagePipeline",
                    spec.pipelineName(),
                    () -> ib().updateImagePipeline(b -> b.imagePipelineArn(arn)
                            .description(pipelineDescription())
                            .imageRecipeArn(recipeArn)
                            .infrastructureConfigurationArn(infraArn)
                            .distributionConfigurationArn(distArn)
                            .status(PipelineStatus.ENABLED)
                            .imageTestsConfiguration(
                                    t -> t.imageTestsEnabled(true).timeoutMinutes(BakeSpec.TEST_TIMEOUT_MINUTES))
                            .enhancedImageMetadataEnabled(false)));
            report.resource(
                    "image pipeline",
                    "updated",
                    spec.pipelineName() + " -> " + spec.recipeName() + " " + spec.recipeVersion());
            return arn;
        }
        String created = AwsCall.call(
                "CreateImagePipeline",
                spec.pipelineName(),
                () -> ib().createImagePipeline(b -> b.name(spec.pipelineName())
                                .description(pipelineDescription())
                                .imageRecipeArn(recipeArn)
                                .infrastructureConfigurationArn(infraArn)
                                .distributionConfigurationArn(distArn)
                                .status(PipelineStatus.ENABLED)
                                .imageTestsConfiguration(
                                        t -> t.imageTestsEnabled(true).timeoutMinutes(BakeSpec.TEST_TIMEOUT_MINUTES))
                                .enhancedImageMetadataEnabled(false)
                                .tags(tags(spec, spec.pipelineName())))
                        .imagePipelineArn());
        report.resource("image pipeline", "created", spec.pipelineName());
        return created;
    }

    private static String pipelineDescription() {
        return "ami-builder: golden AMI of scaleout-app (run on demand by 'bake', no schedule)";
    }

    /** Image Builder checks the profile again when the build starts: the same propagation retry. */
    public String start(String pipelineArn) {
        return propagation.call(
                "StartImagePipelineExecution",
                pipelineArn,
                () -> ib().startImagePipelineExecution(b -> b.imagePipelineArn(pipelineArn))
                        .imageBuildVersionArn());
    }
}
