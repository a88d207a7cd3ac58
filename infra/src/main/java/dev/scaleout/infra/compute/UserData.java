package dev.scaleout.infra.compute;

import dev.scaleout.support.RdsTrustStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instances' boot script: writes the app's environment file (database endpoint, name,
 * user, secret ARN; TLS verified against the RDS CAs baked into the AMI; port; drain time), reads the stress token from its SSM SecureString
 * with the instance role when one is configured, and restarts the app. It never holds a
 * password: the app reads the master password from the secret with the instance role.
 *
 * <p>It is also read back: {@link #parse} returns the values, so discovery can compare a
 * launch template with its spec without keeping the script anywhere else.
 */
public record UserData(
        String dbHost,
        int dbPort,
        String dbName,
        String dbUser,
        String dbSecretArn,
        int httpPort,
        int drainSeconds,
        String stressTokenParameter,
        String region) {

    /** Bumped whenever the script's text changes, so running templates get the new one. */
    public static final String FORMAT = "2";

    public static final String ENV_FILE = "/etc/scaleout-app/app.env";

    private static final Pattern ENV_LINE = Pattern.compile("^([A-Z_]+)=(.*)$", Pattern.MULTILINE);
    private static final Pattern VAR_LINE = Pattern.compile("^([a-z_]+)='([^']*)'$", Pattern.MULTILINE);

    public String script() {
        boolean stress = stressTokenParameter != null && !stressTokenParameter.isBlank();
        return """
                #!/bin/bash
                # scaleout-kit instance boot: the app's environment. Credentials stay in Secrets Manager.
                format='%s'
                region='%s'
                stress_parameter='%s'
                set -euo pipefail
                install -d -m 0755 /etc/scaleout-app
                env_file=$(mktemp)
                cat > "$env_file" <<'ENV'
                DB_HOST=%s
                DB_PORT=%d
                DB_NAME=%s
                DB_USER=%s
                DB_SECRET_ARN=%s
                DB_SSL_MODE=VERIFY_IDENTITY
                DB_TRUSTSTORE_URL=file:%s
                HTTP_PORT=%d
                DRAIN_SECONDS=%d
                ENV
                # The stress token stays in SSM; the instance role reads it at boot. A failed read keeps the stress API off.
                if [ -n "$stress_parameter" ] && token=$(aws ssm get-parameter --region "$region" --name "$stress_parameter" \\
                        --with-decryption --query Parameter.Value --output text); then
                    printf 'STRESS_ENABLED=true\\nSTRESS_TOKEN=%%s\\n' "$token" >> "$env_file"
                else
                    [ -z "$stress_parameter" ] || echo "could not read $stress_parameter: stress API stays off" >&2
                    echo 'STRESS_ENABLED=false' >> "$env_file"
                fi
                install -m 0640 -o root -g scaleout-app "$env_file" %s || install -m 0640 "$env_file" %s
                rm -f "$env_file"
                systemctl restart scaleout-app
                """.formatted(
                        FORMAT,
                        region,
                        stress ? stressTokenParameter : "",
                        dbHost,
                        dbPort,
                        dbName,
                        dbUser,
                        dbSecretArn,
                        RdsTrustStore.PATH,
                        httpPort,
                        drainSeconds,
                        ENV_FILE,
                        ENV_FILE);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(script().getBytes(StandardCharsets.UTF_8));
    }

    /** The values written in a script: ENV lines by key and the shell variables (format, region, stress_parameter). */
    public static Map<String, String> parse(String base64) {
        Map<String, String> values = new LinkedHashMap<>();
        if (base64 == null || base64.isBlank()) {
            return values;
        }
        String script = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        Matcher env = ENV_LINE.matcher(script);
        while (env.find()) {
            values.put(env.group(1), env.group(2));
        }
        Matcher vars = VAR_LINE.matcher(script);
        while (vars.find()) {
            values.put(vars.group(1), vars.group(2));
        }
        return values;
    }
}
