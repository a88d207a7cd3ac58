package dev.scaleout.amibuilder.imagebuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scaleout.amibuilder.bundle.Bundle;
import dev.scaleout.support.AgentCpuMetric;
import dev.scaleout.support.RdsTrustStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWSTOE document of the app's component. Build: Corretto ({@link #JDK_PACKAGE}), the
 * bundle from S3 (AWSTOE's S3Download, checked against its SHA-256), install.sh, the bundle's
 * train-aot.sh so the JVM's AOT cache is in
 * the image. Validate: the service answers 200 on the ALB's health path. Test (on an
 * instance launched from the new image): after a reboot the service is up by itself.
 * The shell lines are plain constants so a test can run them against a real bundle; the
 * document is a tree of maps and lists that jackson-dataformat-yaml writes (and quotes).
 */
public final class ComponentDocument {

    public static final String APP = "scaleout-app";
    public static final String HEALTH_PATH = "/ec2meta-webpage/index.php";
    public static final String JDK_PACKAGE = "java-25-amazon-corretto-headless";
    public static final String DOWNLOAD = "/tmp/scaleout-app-bundle.tar.gz";
    public static final String UNPACK_DIR = "/tmp/scaleout-app-install";

    /** wait_for_200 URL SECONDS: curl with retries until a 200 or the deadline. */
    public static final String WAIT_FOR_200 = "wait_for_200() { local url=$1 deadline=$((SECONDS + $2)) code; "
            + "while (( SECONDS < deadline )); do code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \"$url\" || true); "
            + "if [[ $code == 200 ]]; then echo \"$url answered 200\"; return 0; fi; sleep 2; done; "
            + "echo \"$url did not answer 200 within $2 s (last: $code)\" >&2; return 1; }";

    /**
     * On a failing line, the unit's journal goes to stderr, which AWSTOE copies to the build's
     * CloudWatch stream: the build instance is terminated on failure, so this is the only
     * place the app's own reason for not starting survives.
     */
    public static final String JOURNAL_ON_ERROR = "trap 'echo \"--- journalctl -u " + APP
            + " (last 200 lines) ---\" >&2; " + "journalctl -u " + APP + " --no-pager -n 200 >&2 || true' ERR";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS) // an account id stays a string
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES) // one shell line, one YAML line
            .build();

    private ComponentDocument() {}

    /** {@code bucketOwner}: the account the bucket must belong to (S3Download's expectedBucketOwner). */
    public static String render(
            String componentName,
            Bundle bundle,
            String bucket,
            String key,
            String bucketOwner,
            boolean cloudWatchAgent) {
        List<Map<String, Object>> build = new ArrayList<>();
        build.add(bash("InstallCorretto", "set -euo pipefail", "dnf install -y " + JDK_PACKAGE, "java -version"));
        // AWSTOE's own action: no AWS CLI needed in the parent image (minimal AL2023 has none)
        Map<String, Object> download = new LinkedHashMap<>();
        download.put("source", "s3://" + bucket + "/" + key);
        download.put("destination", DOWNLOAD);
        download.put("expectedBucketOwner", bucketOwner);
        build.add(step("DownloadBundle", "S3Download", List.of(download), "onFailure", "Abort", "maxAttempts", 3));
        build.add(bash("InstallBundle", installLines(bundle)));
        build.add(bash("InstallRdsCaBundle", rdsCaLines(RdsTrustStore.BUNDLE_URL, RdsTrustStore.PATH)));
        build.add(bash("TrainAotCache", "set -euo pipefail", "/opt/" + APP + "/train-aot.sh"));
        if (cloudWatchAgent) {
            build.add(bash("InstallCloudWatchAgent", cloudWatchAgentLines()));
        }
        build.add(bash("Cleanup", "rm -rf " + DOWNLOAD + " " + UNPACK_DIR));

        List<Map<String, Object>> validate = List.of(bash(
                "ServiceAnswersHealthPath",
                "set -euo pipefail",
                JOURNAL_ON_ERROR,
                WAIT_FOR_200,
                "systemctl start " + APP,
                "wait_for_200 http://localhost" + HEALTH_PATH + " 180",
                "systemctl stop " + APP));

        List<Map<String, Object>> test = List.of(
                step("RebootInstance", "Reboot", Map.of("delaySeconds", 0), "onFailure", "Abort"),
                bash(
                        "ServiceUpAfterBoot",
                        "set -euo pipefail",
                        JOURNAL_ON_ERROR,
                        WAIT_FOR_200,
                        "systemctl is-enabled " + APP,
                        "wait_for_200 http://localhost" + HEALTH_PATH + " 240",
                        "systemctl is-active " + APP));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", componentName);
        document.put(
                "description",
                "Installs scaleout-app " + bundle.appVersion() + " (bundle sha256 " + bundle.sha256() + ")");
        document.put("schemaVersion", 1.0);
        document.put("phases", List.of(phase("build", build), phase("validate", validate), phase("test", test)));
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the component document", e);
        }
    }

    /**
     * Whether two documents say the same, parsed: a component made by an older kit, whose
     * YAML was quoted differently, is still reused rather than refused.
     */
    public static boolean sameDocument(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            return YAML.readTree(a).equals(YAML.readTree(b));
        } catch (JsonProcessingException e) {
            return false; // not YAML: not ours
        }
    }

    /**
     * The InstallRdsCaBundle step: AWS's bundle of RDS CA certificates as a PKCS12 trust store
     * (what MySQL Connector/J reads) for the app's sslMode=VERIFY_IDENTITY; one entry per
     * certificate, refused if it ends up empty. In the image, so no instance fetches it at boot.
     */
    public static List<String> rdsCaLines(String url, String store) {
        return List.of(
                "set -euo pipefail",
                "work=$(mktemp -d)",
                "curl -fsS --retry 3 --max-time 60 -o \"$work/bundle.pem\" '" + url + "'",
                "awk -v dir=\"$work\" '/BEGIN CERTIFICATE/ { n++ } n { print > (dir \"/ca-\" n \".pem\") }' \"$work/bundle.pem\"",
                "rm -f '" + store + ".new'",
                "for f in \"$work\"/ca-*.pem; do keytool -importcert -noprompt -storetype PKCS12 -keystore '" + store
                        + ".new' -storepass '" + RdsTrustStore.PASSWORD
                        + "' -alias \"rds-$(basename \"$f\" .pem)\" -file \"$f\" >/dev/null; done",
                "count=$(keytool -list -storetype PKCS12 -keystore '" + store + ".new' -storepass '"
                        + RdsTrustStore.PASSWORD + "' | grep -c trustedCertEntry)",
                "[ \"$count\" -gt 0 ] || { echo \"no certificate in $work/bundle.pem\" >&2; exit 1; }",
                "install -m 0644 '" + store + ".new' '" + store + "' && rm -f '" + store + ".new'",
                "rm -rf \"$work\"",
                "echo \"RDS CA trust store: $count certificates in " + store + "\"");
    }

    /** The InstallBundle step: verify the download, unpack, run install.sh. */
    public static List<String> installLines(Bundle bundle) {
        return List.of(
                "set -euo pipefail",
                JOURNAL_ON_ERROR,
                "echo '" + bundle.sha256() + "  " + DOWNLOAD + "' | sha256sum -c -",
                "rm -rf " + UNPACK_DIR + " && mkdir -p " + UNPACK_DIR,
                "tar -xpzf " + DOWNLOAD + " -C " + UNPACK_DIR,
                UNPACK_DIR + "/" + APP + "/install.sh");
    }

    /**
     * The --cloudwatch-agent step: the agent with CPU at 10 s resolution,
     * enabled so it starts at boot; the runtime instance's role needs CloudWatchAgentServerPolicy.
     */
    static List<String> cloudWatchAgentLines() {
        return List.of(
                "set -euo pipefail",
                "dnf install -y amazon-cloudwatch-agent",
                "mkdir -p /opt/aws/amazon-cloudwatch-agent/etc",
                "cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'JSON'",
                agentConfig(),
                "JSON",
                "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s "
                        + "-c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json",
                "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a stop -m ec2",
                "systemctl enable amazon-cloudwatch-agent");
    }

    /** The agent's config: {@link AgentCpuMetric} by group, collected and flushed every period (one JSON line). */
    static String agentConfig() {
        long seconds = AgentCpuMetric.PERIOD.toSeconds();
        String dimension = AgentCpuMetric.DIMENSION;
        return "{\"agent\":{\"metrics_collection_interval\":" + seconds + ",\"force_flush_interval\":" + seconds + "},"
                + "\"metrics\":{\"append_dimensions\":{\"" + dimension + "\":\"${aws:" + dimension
                + "}\",\"InstanceId\":\"${aws:InstanceId}\"},"
                + "\"aggregation_dimensions\":[[\"" + dimension
                + "\"]],\"metrics_collected\":{\"cpu\":{\"measurement\":[\""
                + AgentCpuMetric.NAME + "\"],\"metrics_collection_interval\":" + seconds + ",\"totalcpu\":true}}}}";
    }

    private static Map<String, Object> phase(String name, List<Map<String, Object>> steps) {
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("name", name);
        phase.put("steps", steps);
        return phase;
    }

    private static Map<String, Object> bash(String name, String... commands) {
        return bash(name, List.of(commands));
    }

    private static Map<String, Object> bash(String name, List<String> commands) {
        return step(name, "ExecuteBash", Map.of("commands", commands));
    }

    /** A step; {@code more} are further key/value pairs after its action (e.g. onFailure). */
    private static Map<String, Object> step(String name, String action, Object inputs, Object... more) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("action", action);
        for (int i = 0; i < more.length; i += 2) {
            step.put((String) more[i], more[i + 1]);
        }
        step.put("inputs", inputs);
        return step;
    }
}
