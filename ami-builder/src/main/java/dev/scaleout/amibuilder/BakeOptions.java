package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.bundle.Bundle;
import dev.scaleout.amibuilder.bundle.BundleLocator;
import dev.scaleout.amibuilder.bundle.BundleReader;
import dev.scaleout.support.ExitException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options bake and plan share. */
public final class BakeOptions {

    @Mixin
    CommonOptions common;

    @Option(
            names = "--bundle",
            paramLabel = "PATH",
            description =
                    "The app's install bundle (default: app/target/scaleout-app-bundle-<version>.tar.gz, built when missing)")
    Path bundle;

    @Option(
            names = "--instance-type",
            defaultValue = "t3.small",
            description = "Build/test instance type (default: ${DEFAULT-VALUE})")
    String instanceType;

    @Option(
            names = "--subnet-id",
            description = "Subnet of the build instance (default: the default VPC); needs --security-group-id")
    String subnetId;

    @Option(
            names = "--security-group-id",
            description = "Security group of the build instance (it needs outbound HTTPS only)")
    String securityGroupId;

    @Option(
            names = "--copy-to-regions",
            split = ",",
            paramLabel = "REGION",
            description = "Also copy the AMI to these regions")
    List<String> copyToRegions = new ArrayList<>();

    @Option(
            names = "--parameter-name",
            description = "SSM parameter to publish the AMI id to (default: /<prefix>/golden-ami/latest)")
    String parameterName;

    @Option(
            names = "--timeout",
            defaultValue = "120m",
            description = "Give up waiting for the build after this (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(
            names = "--cloudwatch-agent",
            description = "Also install the CloudWatch agent (CPU every 10 s; off until the instance starts)")
    boolean cloudWatchAgent;

    Settings settings() {
        return Settings.validate(
                common.prefix == null ? Names.DEFAULT_PREFIX : common.prefix,
                common.region,
                instanceType,
                subnetId,
                securityGroupId,
                copyToRegions,
                parameterName,
                timeout,
                cloudWatchAgent);
    }

    /** --bundle, else the checkout's app/target, else a build of it; checked before any AWS call. */
    Bundle bundle(Path workDir, PrintStream out) {
        if (bundle != null) {
            return BundleReader.read(bundle);
        }
        Path root = BundleLocator.findRepoRoot(workDir)
                .orElseThrow(() -> ExitException.userError(
                        "no --bundle given and " + workDir.toAbsolutePath() + " is not in the project's checkout: "
                                + "pass --bundle PATH/scaleout-app-bundle-<version>.tar.gz"));
        BundleLocator locator = new BundleLocator(root, out);
        Path file = locator.existing().orElseGet(locator::build);
        out.println("bundle: " + root.relativize(file.toAbsolutePath()));
        return BundleReader.read(file);
    }
}
