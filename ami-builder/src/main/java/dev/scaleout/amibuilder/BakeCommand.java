package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.bundle.Bundle;
import dev.scaleout.amibuilder.iam.InstanceRole;
import dev.scaleout.amibuilder.imagebuilder.BakeSpec;
import dev.scaleout.amibuilder.imagebuilder.BuildWaiter;
import dev.scaleout.amibuilder.imagebuilder.ImageBuilderResources;
import dev.scaleout.amibuilder.images.GoldenImage;
import dev.scaleout.amibuilder.images.GoldenImages;
import dev.scaleout.amibuilder.network.BuildNetwork;
import dev.scaleout.amibuilder.publish.AmiParameter;
import dev.scaleout.amibuilder.storage.ArtifactBucket;
import dev.scaleout.support.Confirmation;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Bakes: bundle to S3, instance role, component, recipe, configurations, pipeline, then one
 * pipeline execution, waited for, and its AMI id published to SSM. A re-run with the same
 * bundle reuses every resource and the AMI already baked from it (unless --rebuild).
 */
@Command(
        name = "bake",
        mixinStandardHelpOptions = true,
        description = "Bake the app into a golden AMI and publish its id to SSM (the default command)")
public final class BakeCommand implements Callable<Integer> {

    @ParentCommand
    AmiBuilderCli cli;

    @Mixin
    BakeOptions options;

    @Option(names = "--dry-run", description = "Print the plan and stop (no credentials needed)")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask before starting a build (it runs EC2 instances)")
    boolean yes;

    @Option(
            names = "--rebuild",
            description = "Bake again even if an AMI of this exact bundle exists (e.g. for a newer AL2023)")
    boolean rebuild;

    @Override
    public Integer call() {
        Env env = cli.env;
        long started = System.nanoTime();
        Settings settings = options.settings();
        if (!dryRun && !yes && !env.confirm().canAsk()) {
            // checked up front, so a run in CI fails before any AWS call rather than half-way
            throw Confirmation.needsYes("bake starts EC2 instances");
        }
        if (dryRun) {
            Bundle bundle = options.bundle(env.workDir(), env.out());
            AppVersion.parse(bundle.appVersion());
            PlanCommand.print(env, settings, bundle);
            return 0;
        }
        Report report = new Report(env.out());
        long askNanos = 0;
        long buildNanos = 0;
        // region and credentials are checked here, before the bundle, and still before any AWS call
        try (Aws aws = env.aws().apply(settings.region())) {
            aws.warmUp();
            Bundle bundle = options.bundle(env.workDir(), env.out());
            AppVersion.parse(bundle.appVersion());
            BakePlan plan = BakePlan.of(settings, bundle, aws.region(), aws.account());
            BakeSpec spec = plan.spec();
            // reads only, and before anything is created: a build that cannot reach SSM fails late and costs time
            String network = new BuildNetwork(aws).check(settings.subnetId());
            report.line("baking scaleout-app " + bundle.appVersion() + " (sha256 " + bundle.shortSha() + ", git "
                    + bundle.gitCommit() + ") in " + aws.region() + ", account " + aws.account() + "; network: "
                    + network);
            String recipeVersion = spec.recipeName() + "/" + spec.recipeVersion();
            Optional<GoldenImage> baked;
            String pipeline;
            try (Parallel parallel = new Parallel()) {
                var s3 = parallel.start(r -> {
                    ArtifactBucket bucket = new ArtifactBucket(aws, r, settings.prefix(), plan.bucket());
                    bucket.ensure();
                    bucket.upload(bundle, plan.bundleKey());
                    return true;
                });
                var iam = parallel.start(r -> {
                    InstanceRole role = new InstanceRole(
                            aws, r, settings.prefix(), settings.names().instanceRole());
                    if (role.ensure(plan.bucket(), settings.names().bundlePrefix())) {
                        role.awaitVisible(env.iamSleeper());
                    }
                    return true;
                });
                // component, recipe and distribution need neither the bucket nor the role
                var versioned = parallel.start(r -> {
                    ImageBuilderResources ib = new ImageBuilderResources(aws, r, env.iamSleeper());
                    String component = ib.ensureComponent(spec);
                    return new String[] {ib.ensureRecipe(spec, component), ib.ensureDistribution(spec)};
                });
                var existing = parallel.start(r -> rebuild
                        ? Optional.<GoldenImage>empty()
                        : new GoldenImages(aws, settings.prefix()).availableFor(recipeVersion));
                s3.join(report);
                iam.join(report);
                String[] recipeAndDist = versioned.join(report);
                // the infrastructure configuration names the instance profile: after IAM
                ImageBuilderResources ib = new ImageBuilderResources(aws, report, env.iamSleeper());
                String infra = ib.ensureInfrastructure(spec);
                pipeline = ib.ensurePipeline(spec, recipeAndDist[0], infra, recipeAndDist[1]);
                baked = existing.join(report);
            }
            ImageBuilderResources ib = new ImageBuilderResources(aws, report, env.iamSleeper());
            String ami;
            if (baked.isPresent()) {
                ami = baked.get().id();
                report.resource("golden AMI", "reused", ami + " (" + baked.get().name() + "; --rebuild bakes again)");
            } else {
                report.line(plan.costLine());
                long askStart = System.nanoTime();
                boolean confirmed = yes || env.confirm().ask("start the build?");
                askNanos += System.nanoTime() - askStart; // the user's time is not the tool's
                if (!confirmed) {
                    throw Confirmation.cancelled("nothing was started; the resources above stay, tagged");
                }
                String image = ib.start(pipeline);
                report.resource("pipeline execution", "started", image);
                long waitStart = System.nanoTime();
                try {
                    ami = new BuildWaiter(aws, env.poll(), env.progress())
                            .await(image, settings.timeout(), settings.names().logGroup(spec.recipeName()));
                } finally {
                    buildNanos = System.nanoTime() - waitStart;
                }
                report.resource("golden AMI", "created", ami);
            }
            new AmiParameter(aws, report, settings.prefix(), settings.parameterName()).publish(ami, env.iamSleeper());
            long ownMillis = (System.nanoTime() - started - askNanos - buildNanos) / 1_000_000;
            report.line(String.format(
                    "ami-builder: %.1f s of its own%s; AWS calls: %d (%d reads, %d mutating)",
                    ownMillis / 1000.0,
                    buildNanos > 0
                            ? " + " + dev.scaleout.support.Progress.format(java.time.Duration.ofNanos(buildNanos))
                                    + " waiting for Image Builder"
                            : "",
                    aws.calls().reads() + aws.calls().mutating(),
                    aws.calls().reads(),
                    aws.calls().mutating()));
            env.out().println(ami);
            return 0;
        }
    }
}
