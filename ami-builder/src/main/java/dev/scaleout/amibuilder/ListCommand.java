package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.images.GoldenImage;
import dev.scaleout.amibuilder.images.GoldenImages;
import dev.scaleout.amibuilder.publish.AmiParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The golden AMIs of this prefix in the region, newest first, with what references them. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description =
                "List the golden AMIs: app version, date, state, and which launch template versions name each (marked default, with their stack) and whether the SSM parameter does")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    AmiBuilderCli cli;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--parameter-name",
            description = "The SSM parameter bake publishes to (default: /<prefix>/golden-ami/latest)")
    String parameterName;

    @Override
    public Integer call() {
        String prefix = common.prefix();
        String parameter = Settings.validate(
                        prefix, common.region, "t3.small", null, null, List.of(), parameterName, "120m", false)
                .parameterName();
        Report report = new Report(cli.env.out());
        try (Aws aws = cli.env.aws().apply(common.region())) {
            GoldenImages images = new GoldenImages(aws, prefix);
            List<GoldenImage> all = images.all();
            Map<String, List<String>> refs = images.launchTemplateReferences();
            Optional<String> latest = new AmiParameter(aws, report, prefix, parameter).current();
            report.line(String.format(
                    "%-22s %-16s %-20s %-10s %s", "AMI", "APP VERSION", "CREATED", "STATE", "REFERENCED BY"));
            for (GoldenImage i : all) {
                String by = String.join(", ", refs.getOrDefault(i.id(), List.of()));
                if (latest.filter(i.id()::equals).isPresent()) {
                    by = parameter + (by.isEmpty() ? "" : ", " + by);
                }
                report.line(String.format(
                        "%-22s %-16s %-20s %-10s %s",
                        i.id(),
                        i.appVersion(),
                        i.created() == null ? "?" : i.created().replaceFirst("\\.\\d+Z$", "Z"),
                        i.state(),
                        by.isEmpty() ? "-" : by));
            }
            report.line(all.size() + " golden AMI(s) of " + prefix + " in " + aws.region());
            return 0;
        }
    }
}
