package dev.scaleout.support;

/**
 * Where the golden AMI keeps the RDS certificate authorities, for the app's TLS connection
 * with sslMode=VERIFY_IDENTITY: ami-builder's bake writes it (from AWS's global bundle),
 * infra's user data points the app at it. A PKCS12 store of public certificates; its
 * password only guards integrity (the file is root's, read-only), so it is no secret.
 */
public final class RdsTrustStore {

    /** AWS's bundle of every RDS region's CA certificates (RDS User Guide, "Using SSL/TLS"). */
    public static final String BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

    public static final String PATH = "/opt/scaleout-app/rds-ca.p12";

    /** The app's default for DB_TRUSTSTORE_PASSWORD (application.properties). */
    public static final String PASSWORD = "rds-ca-public";

    private RdsTrustStore() {}
}
