package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.images.GoldenImage;
import dev.scaleout.amibuilder.images.GoldenImages;
import dev.scaleout.amibuilder.publish.AmiParameter;
import dev.scaleout.support.Confirmation;
import dev.scaleout.support.ExitException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Deregisters golden AMIs beyond the newest N and deletes their snapshots; never one that a
 * launch template version references or the one the SSM parameter names.
 */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description =
                "Deregister golden AMIs older than the newest N and delete their snapshots (referenced ones are kept)")
public final class PruneCommand implements Callable<Integer> {

    @ParentCommand
    AmiBuilderCli cli;

    @Mixin
    CommonOptions common;

    @Option(names = "--keep", required = true, description = "How many of the newest golden AMIs to keep (at least 1)")
    int keep;

    @Option(
            names = "--parameter-name",
            description = "The SSM parameter bake publishes to (default: /<prefix>/golden-ami/latest)")
    String parameterName;

    @Option(names = "--dry-run", description = "Print what would be deleted, delete nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask before deleting")
    boolean yes;

    @Override
    public Integer call() {
        String prefix = common.prefix();
        if (keep < 1) {
            throw ExitException.userError("--keep " + keep + " must be at least 1: e.g. --keep 3");
        }
        String parameter = Settings.validate(
                        prefix, common.region, "t3.small", null, null, List.of(), parameterName, "120m", false)
                .parameterName();
        if (!dryRun && !yes && !cli.env.confirm().canAsk()) {
            throw ExitException.userError(
                    "prune deletes AMIs and there is no terminal to confirm on: pass --yes (or --dry-run)");
        }
        Report report = new Report(cli.env.out());
        try (Aws aws = cli.env.aws().apply(common.region())) {
            GoldenImages images = new GoldenImages(aws, prefix);
            List<GoldenImage> all = images.all();
            Map<String, List<String>> refs = images.launchTemplateReferences();
            Set<String> keepIds = new HashSet<>(refs.keySet());
            new AmiParameter(aws, report, prefix, parameter).current().ifPresent(keepIds::add);
            List<GoldenImage> prune = GoldenImages.toPrune(all, keep, keepIds);
            for (int i = keep; i < all.size(); i++) {
                GoldenImage g = all.get(i);
                if (keepIds.contains(g.id())) {
                    report.resource(
                            "golden AMI",
                            "kept",
                            g.id() + " " + g.appVersion() + " (referenced by "
                                    + String.join(", ", refs.getOrDefault(g.id(), List.of(parameter))) + ")");
                }
            }
            if (prune.isEmpty()) {
                report.line("nothing to prune: " + all.size() + " golden AMI(s), keeping the newest " + keep
                        + " and every referenced one");
                return 0;
            }
            if (dryRun) {
                prune.forEach(g ->
                        report.resource("golden AMI", "would go", g.id() + " " + g.appVersion() + " " + g.snapshots()));
                return 0;
            }
            if (!yes && !cli.env.confirm().ask("deregister " + prune.size() + " AMI(s) and delete their snapshots?")) {
                throw Confirmation.cancelled("nothing deleted");
            }
            for (GoldenImage g : prune) {
                images.delete(g);
                report.resource(
                        "golden AMI", "deleted", g.id() + " " + g.appVersion() + " and snapshots " + g.snapshots());
            }
            return 0;
        }
    }
}
