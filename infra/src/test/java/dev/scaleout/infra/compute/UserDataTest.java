package dev.scaleout.infra.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot script run by bash with install, aws and systemctl replaced by stubs that record what they got. */
class UserDataTest {

    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-abc";

    @TempDir
    Path dir;

    UserData data(String stressParameter) {
        return new UserData(
                "my-db.x.eu-west-1.rds.amazonaws.com",
                3306,
                "fleet",
                "admin",
                SECRET,
                80,
                10,
                stressParameter,
                "eu-west-1");
    }

    @Test
    void writesTheEnvFileAndRestartsTheApp() throws Exception {
        String env = run(data(null), "token-from-ssm", 0);
        assertThat(env).isEqualTo("""
                DB_HOST=my-db.x.eu-west-1.rds.amazonaws.com
                DB_PORT=3306
                DB_NAME=fleet
                DB_USER=admin
                DB_SECRET_ARN=%s
                DB_SSL_MODE=VERIFY_IDENTITY
                DB_TRUSTSTORE_URL=file:/opt/scaleout-app/rds-ca.p12
                HTTP_PORT=80
                DRAIN_SECONDS=10
                STRESS_ENABLED=false
                """.formatted(SECRET));
        assertThat(Files.readString(dir.resolve("calls")))
                .contains("systemctl restart scaleout-app")
                .doesNotContain("aws ssm");
    }

    @Test
    void readsTheStressTokenFromSsmWithTheInstanceRole() throws Exception {
        String env = run(data("/scaleout/stress-token"), "s3cr3t-token", 0);
        assertThat(env).endsWith("STRESS_ENABLED=true\nSTRESS_TOKEN=s3cr3t-token\n");
        assertThat(Files.readString(dir.resolve("calls")))
                .contains("aws ssm get-parameter --region eu-west-1 --name /scaleout/stress-token --with-decryption");
        // the token is read at boot, never written into the user data
        assertThat(data("/scaleout/stress-token").script()).doesNotContain("s3cr3t-token");
    }

    @Test
    void aFailedTokenReadKeepsTheStressApiOff() throws Exception {
        String env = run(data("/scaleout/stress-token"), "", 255);
        assertThat(env).endsWith("STRESS_ENABLED=false\n").doesNotContain("STRESS_TOKEN");
        assertThat(Files.readString(dir.resolve("calls"))).contains("systemctl restart scaleout-app");
    }

    @Test
    void theValuesReadBackFromTheScript() {
        Map<String, String> values = UserData.parse(data("/p").base64());
        assertThat(values)
                .containsEntry("DB_HOST", "my-db.x.eu-west-1.rds.amazonaws.com")
                .containsEntry("DB_PORT", "3306")
                .containsEntry("DB_SECRET_ARN", SECRET)
                .containsEntry("DRAIN_SECONDS", "10")
                .containsEntry("HTTP_PORT", "80")
                .containsEntry("stress_parameter", "/p")
                .containsEntry("format", UserData.FORMAT)
                .doesNotContainKey("STRESS_ENABLED");
        assertThat(UserData.parse(null)).isEmpty();
    }

    /** Runs the script; returns the env file the stubbed install wrote. */
    private String run(UserData data, String token, int awsExit) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls");
        Path out = dir.resolve("app.env");
        stub(bin, "install", """
                echo "install $*" >> %s
                if [ "$1" = "-m" ]; then src="${@: -2:1}"; cp "$src" %s; fi
                """.formatted(calls, out));
        stub(bin, "systemctl", "echo \"systemctl $*\" >> " + calls);
        stub(bin, "aws", "echo \"aws $*\" >> " + calls + "\nprintf '%s\\n' '" + token + "'\nexit " + awsExit);
        Path script = dir.resolve("user-data.sh");
        Files.writeString(script, data.script());
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output").toFile())
                .directory(dir.toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = builder.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("output"))).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        file.toFile().setExecutable(true);
    }
}
