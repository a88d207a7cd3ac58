package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.amibuilder.iam.OperatorPolicy;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The printed operator policy covers every AWS call of a full life cycle: two bakes, list,
 * prune and destroy with the AMIs, against moto and the Image Builder fake. (Whether IAM
 * evaluates it the same way, resource patterns and conditions, needs a real account.)
 */
@ExtendWith(MotoExtension.class)
class IamPolicyIT {

    @TempDir
    Path dir;

    @Test
    void everyOperationOfBakeListPruneAndDestroyIsInThePrintedPolicy(MotoServer moto) throws Exception {
        // the account is empty: MotoExtension resets it before each class, and this is the only test
        Ec2Client ec2 = moto.clients().build(Ec2Client.builder());
        Set<String> calls = new TreeSet<>();
        try (ImageBuilderFake imageBuilder = new ImageBuilderFake(MotoServer.REGION)) {
            Harness harness = new Harness(moto, imageBuilder, dir);
            String base = imageBuilder.arnBase() + "image/scaleout-golden/";
            String first = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.0.0", "scaleout-golden/1.0.0");
            imageBuilder.nextBuild(base + "1.0.0/1", List.of("AVAILABLE"), first, null);
            calls.addAll(run(
                    harness,
                    "bake",
                    "--region",
                    MotoServer.REGION,
                    "--yes",
                    "--rebuild",
                    "--bundle",
                    FakeBundle.create(Files.dir(dir, "a"), "1.0.0", "abc1234", "a")
                            .toString()));
            Ec2Fixtures.nextSecond();
            String second = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.1.0", "scaleout-golden/1.1.0");
            imageBuilder.nextBuild(base + "1.1.0/1", List.of("AVAILABLE"), second, null);
            calls.addAll(run(
                    harness,
                    "bake",
                    "--region",
                    MotoServer.REGION,
                    "--yes",
                    "--rebuild",
                    "--bundle",
                    FakeBundle.create(Files.dir(dir, "b"), "1.1.0", "def5678", "b")
                            .toString()));
            calls.addAll(run(harness, "list", "--region", MotoServer.REGION));
            calls.addAll(run(harness, "prune", "--region", MotoServer.REGION, "--keep", "1", "--yes"));
            calls.addAll(run(harness, "destroy", "--region", MotoServer.REGION, "--include-amis", "--yes"));
        }
        // the life cycle did reach the calls the policy is most likely to miss
        assertThat(calls)
                .contains(
                        "Ec2:DeregisterImage",
                        "Ec2:DeleteSnapshot",
                        "Imagebuilder:DeleteImage",
                        "S3:DeleteObjects",
                        "Iam:DeleteRole",
                        "Ssm:DeleteParameter",
                        "Imagebuilder:StartImagePipelineExecution");

        Set<String> allowed = OperatorPolicy.actions("scaleout");
        Set<String> missing = new TreeSet<>();
        for (String call : calls) {
            for (String action : OperatorPolicy.actionsFor(call)) {
                if (!allowed.contains(action)) {
                    missing.add(call + " -> " + action);
                }
            }
        }
        assertThat(missing).as("calls made: %s", calls).isEmpty();
    }

    static Set<String> run(Harness harness, String... args) {
        Harness.Result r = harness.run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.all()).isZero();
        return r.calls().byOperation().keySet();
    }

    static final class Files {
        static Path dir(Path parent, String name) throws java.io.IOException {
            return java.nio.file.Files.createDirectories(parent.resolve(name));
        }
    }
}
