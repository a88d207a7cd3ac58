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
 * The component document, parsed, equals the one the kit has always sent (the resources are
 * the output of the hand-concatenated YAML it replaced): same keys, order of steps and
 * commands, and scalars, whatever the quoting.
 */
class ComponentDocumentTest {

    static final YAMLMapper YAML = new YAMLMapper();

    @ParameterizedTest(name = "cloudWatchAgent={0}")
    @CsvSource({"false, plain.yaml", "true, cloudwatch-agent.yaml"})
    void theRenderedDocumentParsesToTheReference(boolean cloudWatchAgent, String reference) throws Exception {
        Bundle bundle = new Bundle(Path.of("scaleout-app-bundle-1.2.3.tar.gz"), "1.2.3", "abc1234", "ab".repeat(32), 1);

        JsonNode rendered = YAML.readTree(ComponentDocument.render("scaleout-app-1-2-3", bundle, "my-bucket",
                "bundles/scaleout-app-bundle-1.2.3.tar.gz", cloudWatchAgent));

        try (InputStream in = getClass().getResourceAsStream("/component-document/" + reference)) {
            String old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rendered).isEqualTo(YAML.readTree(old));
            // so a component an older kit made for this version is reused, not refused as changed
            assertThat(ComponentDocument.sameDocument(old, YAML.writeValueAsString(rendered))).isTrue();
            assertThat(ComponentDocument.sameDocument(old, old.replace("java -version", "java --version"))).isFalse();
        }
        assertThat(rendered.get("schemaVersion").isNumber()).isTrue();
        assertThat(rendered.at("/phases/0/steps/2/inputs/commands/1").asText())
                .isEqualTo("echo '" + "ab".repeat(32) + "  " + ComponentDocument.DOWNLOAD + "' | sha256sum -c -");
    }
}
