package dev.scaleout.infra.vpn;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.model.ImportCertificateRequest;

/**
 * The certificates of a Client VPN endpoint with mutual-TLS authentication: a private CA,
 * a server certificate and one client certificate, all made here in memory, as easy-rsa does
 * in the Client VPN admin guide ("Mutual authentication"), but without files or a shell.
 *
 * <p>What leaves the machine, and where to:
 * <ul>
 * <li>the server certificate, its chain (the CA certificate) and the server's private key go
 *     to ACM (ImportCertificate): the endpoint needs the key to speak TLS. The same import
 *     serves as the client root chain, since the client certificate has the same CA (the
 *     admin guide allows the server certificate's ARN there), so the CA never goes to ACM on
 *     its own: importing it alone would need the CA's private key;</li>
 * <li>the client certificate and key go only into the .ovpn file the user asks for
 *     ({@link ClientConfigFile}, mode 0600);</li>
 * <li>the CA's private key goes nowhere: it signs these two certificates and is dropped with
 *     this object. A new client certificate means a new set (and a new import).</li>
 * </ul>
 *
 * <p>Keys are RSA 2048: a Client VPN endpoint takes RSA 1024 or 2048 only, and ACM's
 * integrated services the same. Validity follows easy-rsa's defaults that the admin guide
 * uses: the CA 10 years, server and client 825 days. Each starts an hour before now, so a
 * clock a little ahead of AWS's does not make ACM refuse the import as not yet valid.
 * ACM does not renew imported certificates: the endpoint stops accepting clients when the
 * server certificate expires, so {@link #serverNotAfter()} is worth telling the user.
 */
public final class VpnCertificates {

    public static final int RSA_BITS = 2048;
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withRSA";
    // ACM wants a fully qualified domain name in the server certificate: at least two labels
    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final X509Certificate ca;
    private final X509Certificate server;
    private final PrivateKey serverKey;
    private final X509Certificate client;
    private final PrivateKey clientKey;

    private VpnCertificates(
            X509Certificate ca,
            X509Certificate server,
            PrivateKey serverKey,
            X509Certificate client,
            PrivateKey clientKey) {
        this.ca = ca;
        this.server = server;
        this.serverKey = serverKey;
        this.client = client;
        this.clientKey = clientKey;
    }

    /**
     * A new CA, server and client certificate.
     *
     * @param serverDomain the server certificate's CN and DNS name, e.g. {@code vpn.demo.scaleout-kit.internal};
     *                     clients check it ({@code verify-x509-name} in the exported configuration)
     * @param clientName   the client certificate's CN (Client VPN requires one), shown in the endpoint's connection log
     */
    public static VpnCertificates generate(String serverDomain, String clientName, Instant now) {
        if (serverDomain == null || !DOMAIN.matcher(serverDomain).matches()) {
            throw new IllegalArgumentException(
                    "server domain '" + serverDomain
                            + "' is not a fully qualified domain name (lower-case labels joined by dots, e.g. vpn.demo.example.internal)");
        }
        if (clientName == null || !COMMON_NAME.matcher(clientName).matches()) {
            throw new IllegalArgumentException("client name '" + clientName
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        try {
            SecureRandom random = new SecureRandom();
            Instant notBefore = now.minus(BACKDATE);
            KeyPair caKeys = rsaKeys(random);
            X500Name caName = name(serverDomain + " CA"); // a space: no client or server name can take it
            X509Certificate ca = sign(
                    new JcaX509v3CertificateBuilder(
                                    caName,
                                    serial(random),
                                    Date.from(notBefore),
                                    Date.from(now.plus(CA_VALIDITY)),
                                    caName,
                                    caKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                            .addExtension(
                                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                            .addExtension(
                                    Extension.subjectKeyIdentifier,
                                    false,
                                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic())),
                    caKeys.getPrivate());

            KeyPair serverKeys = rsaKeys(random);
            X509Certificate server = sign(
                    leaf(ca, caKeys.getPublic(), name(serverDomain), serverKeys.getPublic(), notBefore, now, random)
                            .addExtension(
                                    Extension.keyUsage,
                                    true,
                                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                            .addExtension(
                                    Extension.extendedKeyUsage,
                                    false,
                                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                            .addExtension(
                                    Extension.subjectAlternativeName,
                                    false,
                                    new GeneralNames(new GeneralName(GeneralName.dNSName, serverDomain))),
                    caKeys.getPrivate());

            KeyPair clientKeys = rsaKeys(random);
            X509Certificate client = sign(
                    leaf(ca, caKeys.getPublic(), name(clientName), clientKeys.getPublic(), notBefore, now, random)
                            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                            .addExtension(
                                    Extension.extendedKeyUsage,
                                    false,
                                    new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)),
                    caKeys.getPrivate());
            return new VpnCertificates(ca, server, serverKeys.getPrivate(), client, clientKeys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("making the VPN certificates failed: " + e.getMessage(), e);
        }
    }

    /** ImportCertificate's Certificate: the server certificate alone. */
    public String serverCertificatePem() {
        return pem(server);
    }

    /** ImportCertificate's PrivateKey: unencrypted PEM, as ACM requires. The one key that leaves the machine. */
    public String serverPrivateKeyPem() {
        return pem(serverKey);
    }

    /**
     * The server certificate's ImportCertificate request, without tags (the caller adds the
     * stack's). The SDK prints its private key as redacted.
     */
    public ImportCertificateRequest serverImportRequest() {
        return ImportCertificateRequest.builder()
                .certificate(SdkBytes.fromUtf8String(serverCertificatePem()))
                .certificateChain(SdkBytes.fromUtf8String(caCertificatePem()))
                .privateKey(SdkBytes.fromUtf8String(serverPrivateKeyPem()))
                .build();
    }

    /**
     * The CA certificate: ImportCertificate's CertificateChain for the server certificate (ACM:
     * never the certificate itself), and what the exported client configuration carries in its
     * {@code <ca>} block.
     */
    public String caCertificatePem() {
        return pem(ca);
    }

    public String clientCertificatePem() {
        return pem(client);
    }

    /** Only for {@link ClientConfigFile}: the client key is written into the user's .ovpn file and nowhere else. */
    String clientPrivateKeyPem() {
        return pem(clientKey);
    }

    public String serverDomain() {
        return commonName(server);
    }

    public Instant serverNotAfter() {
        return server.getNotAfter().toInstant();
    }

    X509Certificate ca() {
        return ca;
    }

    X509Certificate server() {
        return server;
    }

    X509Certificate client() {
        return client;
    }

    /** Names, never keys: this may end up in a log line. */
    @Override
    public String toString() {
        return "VpnCertificates[server=" + serverDomain() + ", client=" + commonName(client) + ", server valid until "
                + serverNotAfter() + "]";
    }

    private static JcaX509v3CertificateBuilder leaf(
            X509Certificate ca,
            PublicKey caKey,
            X500Name subject,
            PublicKey key,
            Instant notBefore,
            Instant now,
            SecureRandom random)
            throws GeneralSecurityException, IOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                ca, serial(random), Date.from(notBefore), Date.from(now.plus(LEAF_VALIDITY)), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caKey));
        return builder;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static KeyPair rsaKeys(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(RSA_BITS, random);
        return generator.generateKeyPair();
    }

    // RFC 5280: positive, at most 20 octets; 159 random bits stay unique without a counter
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(159, random).setBit(0);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    static String commonName(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                .getRDNs(BCStyle.CN)[0]
                .getFirst()
                .getValue()
                .toString();
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
