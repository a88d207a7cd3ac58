package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;

/**
 * A launch template whose image is "resolve:ssm:/scaleout/golden-ami/latest" (infra's can be):
 * real EC2 returns that alias, not the AMI id, unless ResolveAlias=true is asked for, so the
 * AMI in use would look unreferenced to prune. moto ignores ResolveAlias; an SDK interceptor
 * answers as EC2 does.
 */
@ExtendWith(MotoExtension.class)
class ResolveAliasIT {

    static final String ALIAS = "resolve:ssm:/scaleout/golden-ami/latest";

    @TempDir
    Path dir;

    @Test
    void pruneKeepsAnAmiALaunchTemplateNamesThroughAnSsmAlias(MotoServer moto) {
        // the account is empty: MotoExtension resets it before each class, and this is the only test
        Ec2Client ec2 = moto.clients().build(Ec2Client.builder());
        String inUse = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.0.0", "scaleout-golden/1.0.0");
        Ec2Fixtures.nextSecond();
        String newer = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.1.0", "scaleout-golden/1.1.0");
        ec2.createLaunchTemplate(b -> b.launchTemplateName("scaleout-lt").launchTemplateData(d -> d.imageId(inUse)));
        Harness harness = new Harness(moto, null, dir);
        harness.interceptors.add(new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse c, ExecutionAttributes a) {
                if (c.response() instanceof DescribeLaunchTemplateVersionsResponse r
                        && !Boolean.TRUE.equals(((DescribeLaunchTemplateVersionsRequest) c.request()).resolveAlias())) {
                    return r.toBuilder()
                            .launchTemplateVersions(r.launchTemplateVersions().stream()
                                    .map(v -> v.toBuilder()
                                            .launchTemplateData(v.launchTemplateData().toBuilder()
                                                    .imageId(ALIAS)
                                                    .build())
                                            .build())
                                    .toList())
                            .build();
                }
                return c.response();
            }
        });

        Harness.Result r = harness.run("prune", "--region", MotoServer.REGION, "--keep", "1", "--yes");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(ec2.describeImages(b -> b.imageIds(inUse, newer)).images()).hasSize(2);
        assertThat(r.order()).contains("Ec2:DescribeLaunchTemplateVersions");
    }
}
