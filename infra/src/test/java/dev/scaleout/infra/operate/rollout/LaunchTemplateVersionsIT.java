package dev.scaleout.infra.operate.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The prune's delete at the EC2 HTTP boundary (moto has no DeleteLaunchTemplateVersions):
 * WireMock answers it as the API reference documents and proxies every other call to moto.
 */
@ExtendWith(MotoExtension.class)
class LaunchTemplateVersionsIT {

    @Test
    void pruneDeletesOnlyTheVersionsBeyondThoseKept(MotoServer moto) {
        {
            WireMockServer wireMock = new WireMockServer(
                    WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            wireMock.start();
            try {
                wireMock.stubFor(any(anyUrl())
                        .atPriority(10)
                        .willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
                wireMock.stubFor(post(urlEqualTo("/"))
                        .atPriority(1)
                        .withRequestBody(containing("Action=DeleteLaunchTemplateVersions"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "text/xml")
                                .withBody("""
                                <DeleteLaunchTemplateVersionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                                    <requestId>65cadec1-b364-4354-8ca8-4176dEXAMPLE</requestId>
                                    <successfullyDeletedLaunchTemplateVersionSet>
                                        <item><launchTemplateName>my-asg-lt</launchTemplateName><versionNumber>1</versionNumber></item>
                                        <item><launchTemplateName>my-asg-lt</launchTemplateName><versionNumber>3</versionNumber></item>
                                    </successfullyDeletedLaunchTemplateVersionSet>
                                    <unsuccessfullyDeletedLaunchTemplateVersionSet/>
                                </DeleteLaunchTemplateVersionsResponse>
                                """)));
                AwsClients clients = new AwsClients(
                        Region.of(MotoServer.REGION),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                        Optional.of(URI.create(wireMock.baseUrl())));
                try (Ec2Client ec2 = clients.build(Ec2Client.builder())) {
                    String image = MotoServer.IMAGES.get(0);
                    ec2.createLaunchTemplate(
                            r -> r.launchTemplateName("my-asg-lt").launchTemplateData(d -> d.imageId(image)));
                    for (int i = 2; i <= 6; i++) {
                        ec2.createLaunchTemplateVersion(
                                r -> r.launchTemplateName("my-asg-lt").launchTemplateData(d -> d.imageId(image)));
                    }
                    ec2.modifyLaunchTemplate(
                            r -> r.launchTemplateName("my-asg-lt").defaultVersion("4"));

                    List<Long> deleted = new LaunchTemplateVersions(ec2).prune("my-asg-lt", 2, Set.of(2L));

                    assertThat(deleted).containsExactly(1L, 3L);
                    wireMock.verify(
                            1,
                            postRequestedFor(urlEqualTo("/"))
                                    .withRequestBody(containing("Action=DeleteLaunchTemplateVersions"))
                                    .withRequestBody(containing("LaunchTemplateName=my-asg-lt"))
                                    .withRequestBody(
                                            containing("LaunchTemplateVersion.1=1&LaunchTemplateVersion.2=3")));
                }
            } finally {
                wireMock.stop();
            }
        }
    }
}
