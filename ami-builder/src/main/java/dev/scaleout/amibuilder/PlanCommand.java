package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.bundle.Bundle;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Prints what bake would create or reuse, with the rendered component document. No credentials, no AWS call. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Print every resource and setting bake would create or reuse (no credentials needed)")
public final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    AmiBuilderCli cli;

    @Mixin
    BakeOptions options;

    @Override
    public Integer call() {
        Settings settings = options.settings();
        Bundle bundle = options.bundle(cli.env.workDir(), cli.env.out());
        print(cli.env, settings, bundle);
        return 0;
    }

    static void print(Env env, Settings settings, Bundle bundle) {
        String region = settings.region()
                .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")).filter(s -> !s.isBlank()))
                .or(() ->
                        Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")).filter(s -> !s.isBlank()))
                .orElse("<region>");
        BakePlan.of(settings, bundle, region, "<account-id>").print(new Report(env.out()));
    }
}
