package dev.scaleout.amibuilder.imagebuilder;

import dev.scaleout.amibuilder.bundle.Bundle;
import java.util.ArrayList;
import java.util.List;

/**
 * The AWSTOE document of the app's component. Build: Corretto 25, the bundle from S3 (checked
 * against its SHA-256), install.sh, the bundle's train-aot.sh so the JVM's AOT cache is in
 * the image. Validate: the service answers 200 on the ALB's health path. Test (on an
 * instance launched from the new image): after a reboot the service is up by itself.
 * The shell lines are plain constants so a test can run them against a real bundle.
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

    private ComponentDocument() {
    }

    public static String render(String componentName, Bundle bundle, String bucket, String key, boolean cloudWatchAgent) {
        List<String> y = new ArrayList<>();
        y.add("name: " + componentName);
        y.add("description: Installs scaleout-app " + bundle.appVersion() + " (bundle sha256 " + bundle.sha256() + ")");
        y.add("schemaVersion: 1.0");
        y.add("phases:");
        y.add("  - name: build");
        y.add("    steps:");
        step(y, "InstallCorretto", List.of(
                "set -euo pipefail",
                "dnf install -y " + JDK_PACKAGE,
                "java -version"));
        step(y, "DownloadBundle", List.of(
                "set -euo pipefail",
                "aws s3 cp 's3://" + bucket + "/" + key + "' " + DOWNLOAD + " --no-progress"));
        step(y, "InstallBundle", installLines(bundle));
        step(y, "TrainAotCache", List.of(
                "set -euo pipefail",
                "/opt/" + APP + "/train-aot.sh"));
        if (cloudWatchAgent) {
            step(y, "InstallCloudWatchAgent", cloudWatchAgentLines());
        }
        step(y, "Cleanup", List.of("rm -rf " + DOWNLOAD + " " + UNPACK_DIR));
        y.add("  - name: validate");
        y.add("    steps:");
        step(y, "ServiceAnswersHealthPath", List.of(
                "set -euo pipefail",
                WAIT_FOR_200,
                "systemctl start " + APP,
                "wait_for_200 http://localhost" + HEALTH_PATH + " 180",
                "systemctl stop " + APP));
        y.add("  - name: test");
        y.add("    steps:");
        y.add("      - name: RebootInstance");
        y.add("        action: Reboot");
        y.add("        onFailure: Abort");
        y.add("        inputs:");
        y.add("          delaySeconds: 0");
        step(y, "ServiceUpAfterBoot", List.of(
                "set -euo pipefail",
                WAIT_FOR_200,
                "systemctl is-enabled " + APP,
                "wait_for_200 http://localhost" + HEALTH_PATH + " 240",
                "systemctl is-active " + APP));
        return String.join("\n", y) + "\n";
    }

    /** The InstallBundle step: verify the download, unpack, run install.sh. */
    public static List<String> installLines(Bundle bundle) {
        return List.of(
                "set -euo pipefail",
                "echo '" + bundle.sha256() + "  " + DOWNLOAD + "' | sha256sum -c -",
                "rm -rf " + UNPACK_DIR + " && mkdir -p " + UNPACK_DIR,
                "tar -xpzf " + DOWNLOAD + " -C " + UNPACK_DIR,
                UNPACK_DIR + "/" + APP + "/install.sh");
    }

    /**
     * Optional hook for issue 5 (--cloudwatch-agent): the agent with CPU at 10 s resolution,
     * enabled so it starts at boot; the runtime instance's role needs CloudWatchAgentServerPolicy.
     */
    static List<String> cloudWatchAgentLines() {
        return List.of(
                "set -euo pipefail",
                "dnf install -y amazon-cloudwatch-agent",
                "mkdir -p /opt/aws/amazon-cloudwatch-agent/etc",
                "cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'JSON'",
                "{\"agent\":{\"metrics_collection_interval\":10,\"force_flush_interval\":10},\"metrics\":{\"append_dimensions\":{\"AutoScalingGroupName\":\"${aws:AutoScalingGroupName}\",\"InstanceId\":\"${aws:InstanceId}\"},"
                        + "\"aggregation_dimensions\":[[\"AutoScalingGroupName\"]],\"metrics_collected\":{\"cpu\":{\"measurement\":[\"cpu_usage_active\"],\"metrics_collection_interval\":10,\"totalcpu\":true}}}}",
                "JSON",
                "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s "
                        + "-c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json",
                "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a stop -m ec2",
                "systemctl enable amazon-cloudwatch-agent");
    }

    private static void step(List<String> y, String name, List<String> commands) {
        y.add("      - name: " + name);
        y.add("        action: ExecuteBash");
        y.add("        inputs:");
        y.add("          commands:");
        for (String c : commands) {
            y.add("            - " + quote(c));
        }
    }

    /** YAML single-quoted scalar: only ' needs doubling. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
