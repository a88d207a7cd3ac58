package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.iam.InstanceRole;
import dev.scaleout.amibuilder.imagebuilder.ImageBuilderCleanup;
import dev.scaleout.amibuilder.images.GoldenImage;
import dev.scaleout.amibuilder.images.GoldenImages;
import dev.scaleout.amibuilder.publish.AmiParameter;
import dev.scaleout.amibuilder.storage.ArtifactBucket;
import dev.scaleout.support.Confirmation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Deletes what bake created: pipeline, recipes, components, configurations, instance
 * profile and role, bucket. AMIs (and the SSM parameter naming one) only with --include-amis,
 * and never an AMI a launch template still references.
 */
@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        description =
                "Delete the pipeline, recipes, components, configurations, instance profile, role and bucket bake created")
public final class DestroyCommand implements Callable<Integer> {

    @ParentCommand
    AmiBuilderCli cli;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--include-amis",
            description =
                    "Also deregister the golden AMIs (not ones a launch template references) and delete the SSM parameter")
    boolean includeAmis;

    @Option(
            names = "--parameter-name",
            description = "The SSM parameter bake publishes to (default: /<prefix>/golden-ami/latest)")
    String parameterName;

    @Option(names = "--yes", description = "Do not ask before deleting")
    boolean yes;

    @Override
    public Integer call() {
        String prefix = common.prefix();
        String parameter = Settings.validate(
                        prefix, common.region, "t3.small", null, null, List.of(), parameterName, "120m", false)
                .parameterName();
        if (!yes && !cli.env.confirm().canAsk()) {
            throw Confirmation.needsYes("destroy deletes resources");
        }
        Names names = new Names(prefix);
        Report report = new Report(cli.env.out());
        try (Aws aws = cli.env.aws().apply(common.region())) {
            if (!yes
                    && !cli.env
                            .confirm()
                            .ask("delete the ami-builder resources of '" + prefix + "' in " + aws.region()
                                    + (includeAmis ? ", its golden AMIs and " + parameter : "") + "?")) {
                throw Confirmation.cancelled("nothing deleted");
            }
            report.line("destroying ami-builder resources of " + prefix + " in " + aws.region());
            new ImageBuilderCleanup(aws, report)
                    .deleteAll(prefix, names.pipeline(), names.infrastructure(), names.distribution());
            if (new InstanceRole(aws, report, prefix, names.instanceRole()).delete()) {
                report.resource("IAM role + profile", "deleted", names.instanceRole());
            }
            String bucket = names.bucket(aws.account(), aws.region());
            if (new ArtifactBucket(aws, report, prefix, bucket).delete()) {
                report.resource("S3 bucket", "deleted", bucket);
            }
            if (includeAmis) {
                GoldenImages images = new GoldenImages(aws, prefix);
                Map<String, List<String>> refs = images.launchTemplateReferences();
                int kept = 0;
                for (GoldenImage g : images.all()) {
                    if (refs.containsKey(g.id())) {
                        report.resource(
                                "golden AMI",
                                "kept",
                                g.id() + " (launch template " + String.join(", ", refs.get(g.id())) + ")");
                        kept++;
                    } else {
                        images.delete(g);
                        report.resource("golden AMI", "deleted", g.id() + " and snapshots " + g.snapshots());
                    }
                }
                if (kept == 0 && new AmiParameter(aws, report, prefix, parameter).delete()) {
                    report.resource("SSM parameter", "deleted", parameter);
                }
            }
            report.line("done; AWS calls: " + (aws.calls().reads() + aws.calls().mutating()));
            return 0;
        }
    }
}
