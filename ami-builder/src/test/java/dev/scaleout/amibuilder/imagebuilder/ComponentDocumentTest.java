package dev.scaleout.amibuilder.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scaleout.amibuilder.bundle.Bundle;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The component document, parsed, equals the reference (written by hand from the AWSTOE
 * document reference: the hand-concatenated YAML of earlier kits, plus S3Download and the
 * journal-on-error trap): same keys, order of steps and commands, and scalars, whatever the quoting.
 */
class ComponentDocumentTest {

    static final YAMLMapper YAML = new YAMLMapper();

    @ParameterizedTest(name = "cloudWatchAgent={0}")
    @CsvSource({"false, plain.yaml", "true, cloudwatch-agent.yaml"})
    void theRenderedDocumentParsesToTheReference(boolean cloudWatchAgent, String reference) throws Exception {
        Bundle bundle = new Bundle(Path.of("scaleout-app-bundle-1.2.3.tar.gz"), "1.2.3", "abc1234", "ab".repeat(32), 1);

        JsonNode rendered = YAML.readTree(ComponentDocument.render(
                "scaleout-app-1-2-3",
                bundle,
                "my-bucket",
                "bundles/scaleout-app-bundle-1.2.3.tar.gz",
                "123456789012",
                cloudWatchAgent));

        try (InputStream in = getClass().getResourceAsStream("/component-document/" + reference)) {
            String old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rendered).isEqualTo(YAML.readTree(old));
            // so a component an older kit made for this version is reused, not refused as changed
            assertThat(ComponentDocument.sameDocument(old, YAML.writeValueAsString(rendered)))
                    .isTrue();
            assertThat(ComponentDocument.sameDocument(old, old.replace("java -version", "java --version")))
                    .isFalse();
        }
        assertThat(rendered.get("schemaVersion").isNumber()).isTrue();
        assertThat(rendered.at("/phases/0/steps/2/inputs/commands/2").asText())
                .isEqualTo("echo '" + "ab".repeat(32) + "  " + ComponentDocument.DOWNLOAD + "' | sha256sum -c -");

        // the bundle comes by AWSTOE's S3Download from the tool's own bucket only, not the AWS CLI
        JsonNode download = rendered.at("/phases/0/steps/1");
        assertThat(download.get("name").asText()).isEqualTo("DownloadBundle");
        assertThat(download.get("action").asText()).isEqualTo("S3Download");
        assertThat(download.get("onFailure").asText()).isEqualTo("Abort");
        assertThat(download.at("/inputs/0/source").asText())
                .isEqualTo("s3://my-bucket/bundles/scaleout-app-bundle-1.2.3.tar.gz");
        assertThat(download.at("/inputs/0/destination").asText()).isEqualTo(ComponentDocument.DOWNLOAD);
        assertThat(download.at("/inputs/0/expectedBucketOwner").asText()).isEqualTo("123456789012");
        assertThat(download.at("/inputs/0/expectedBucketOwner").isTextual())
                .as("an account id, quoted: not a YAML number")
                .isTrue();
        assertThat(YAML.writeValueAsString(rendered)).doesNotContain("aws s3");

        // every step that starts or checks the unit prints its journal when a line fails
        for (String step : new String[] {"InstallBundle", "ServiceAnswersHealthPath", "ServiceUpAfterBoot"}) {
            JsonNode found = null;
            for (JsonNode phase : rendered.get("phases")) {
                for (JsonNode st : phase.get("steps")) {
                    if (st.get("name").asText().equals(step)) {
                        found = st;
                    }
                }
            }
            assertThat(found).as(step).isNotNull();
            assertThat(found.at("/inputs/commands/1").asText())
                    .as(step)
                    .startsWith("trap ")
                    .endsWith(" ERR")
                    .contains("journalctl -u scaleout-app --no-pager");
        }
    }
}
