package dev.scaleout.amibuilder;

import picocli.CommandLine.Option;

/** --region and --prefix, shared by every subcommand. */
public final class CommonOptions {

    @Option(names = "--region", description = "AWS region (default: AWS_REGION or the profile's region)")
    String region;

    @Option(
            names = "--prefix",
            defaultValue = Names.DEFAULT_PREFIX,
            description = "Prefix of every resource name and the Stack tag (default: ${DEFAULT-VALUE})")
    String prefix;

    String prefix() {
        return Settings.prefix(prefix);
    }

    java.util.Optional<String> region() {
        return Settings.region(region);
    }
}
