package dev.scaleout.app.database;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/** A Secrets Manager secret ARN; its region is where the client must call, so none is configured. */
record SecretArn(String arn, Region region) {

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+");

    static SecretArn parse(String arn) {
        Matcher m = ARN.matcher(arn.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("DB_SECRET_ARN is not a Secrets Manager secret ARN (" + arn
                    + "); set it to the ARN RDS shows as the master user secret, "
                    + "like arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:rds!db-...");
        }
        return new SecretArn(arn.trim(), Region.of(m.group(1)));
    }
}
