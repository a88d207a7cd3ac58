package dev.scaleout.infra.vpn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenVPN client file a user connects with: the configuration that EC2's
 * ExportClientVpnClientConfiguration returns (client, dev tun, proto, remote
 * cvpn-endpoint-... 443, remote-random-hostname, the {@code <ca>} block, reneg-sec,
 * verify-x509-name) with the client certificate and key embedded as {@code <cert>} and
 * {@code <key>} blocks, the way the Client VPN admin guide tells users to add them by hand.
 *
 * <p>The file holds the client's private key, so it is written with mode 0600 from its first
 * byte (a temporary file created 0600 in the same directory, then renamed over the target),
 * and its content is never returned to callers that print: only its path and the endpoint's
 * host are.
 */
public final class ClientConfigFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Pattern REMOTE = Pattern.compile("(?m)^\\s*remote\\s+(\\S+)\\s+(\\d+)");
    private static final Pattern CLIENT = Pattern.compile("(?m)^\\s*(client|tls-client)\\s*$");
    private static final Pattern CA_BLOCK =
            Pattern.compile("(?s)<ca>\\s*(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----)\\s*</ca>");
    private static final Pattern CREDENTIAL_BLOCK = Pattern.compile("<(cert|key|pkcs12)>");
    private static final Pattern CERT_BLOCK =
            Pattern.compile("(?s)<cert>\\s*(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----)\\s*</cert>");
    private static final Pattern KEY_BLOCK =
            Pattern.compile("(?s)<key>\\s*(-----BEGIN [A-Z ]*PRIVATE KEY-----.*?)</key>");

    private final String exported;
    private final String remoteHost;
    private final X509Certificate ca;

    private ClientConfigFile(String exported, String remoteHost, X509Certificate ca) {
        this.exported = exported;
        this.remoteHost = remoteHost;
        this.ca = ca;
    }

    /** The course's name for the file, with the stack's prefix: {@code my-vpn.ovpn}. */
    public static String fileName(String prefix) {
        return prefix + "-vpn.ovpn";
    }

    /** Checks the text is an exported Client VPN configuration: a client, a remote, a CA, no credentials yet. */
    public static ClientConfigFile fromExport(String exportedConfiguration) {
        if (exportedConfiguration == null || exportedConfiguration.isBlank()) {
            throw new IllegalArgumentException("the exported Client VPN configuration is empty");
        }
        if (!CLIENT.matcher(exportedConfiguration).find()) {
            throw new IllegalArgumentException(
                    "the exported Client VPN configuration has no 'client' line: not an OpenVPN client configuration");
        }
        Matcher remote = REMOTE.matcher(exportedConfiguration);
        if (!remote.find()) {
            throw new IllegalArgumentException("the exported Client VPN configuration has no 'remote HOST PORT' line");
        }
        Matcher caBlock = CA_BLOCK.matcher(exportedConfiguration);
        if (!caBlock.find()) {
            throw new IllegalArgumentException(
                    "the exported Client VPN configuration has no <ca> block with a certificate");
        }
        Matcher credential = CREDENTIAL_BLOCK.matcher(exportedConfiguration);
        if (credential.find()) {
            throw new IllegalArgumentException(
                    "the exported Client VPN configuration already has a <" + credential.group(1)
                            + "> block: pass the configuration as ExportClientVpnClientConfiguration returns it");
        }
        return new ClientConfigFile(exportedConfiguration, remote.group(1), certificate(caBlock.group(1)));
    }

    /** The endpoint's DNS name from the {@code remote} line, to tell the user where the file connects. */
    public String remoteHost() {
        return remoteHost;
    }

    /**
     * Writes the configuration with the client certificate and key of {@code certificates} to
     * {@code file} (replacing it), mode 0600. Refuses certificates whose CA is not the one the
     * endpoint exported: such a file could never connect.
     */
    public Path write(Path file, VpnCertificates certificates) throws IOException {
        return write(file, certificates.client(), withCredentials(certificates));
    }

    /**
     * The same with the client certificate and key another client file of this CA holds (the
     * one an earlier run wrote for an endpoint made anew since): the key never has to be made
     * again while the certificate in ACM is the same.
     */
    public Path writeKeepingCredentialsOf(Path file, Path earlier) throws IOException {
        String text = Files.readString(earlier);
        Matcher cert = CERT_BLOCK.matcher(text);
        Matcher key = KEY_BLOCK.matcher(text);
        if (!cert.find() || !key.find()) {
            throw new IllegalArgumentException(earlier + " has no <cert> and <key> blocks to keep");
        }
        StringBuilder out = new StringBuilder(exported);
        if (!exported.endsWith("\n")) {
            out.append('\n');
        }
        out.append("<cert>\n")
                .append(cert.group(1).strip())
                .append("\n</cert>\n<key>\n")
                .append(key.group(1).strip())
                .append("\n</key>\n");
        return write(file, certificate(cert.group(1).strip()), out.toString());
    }

    /**
     * Whether {@code file} connects to endpoint {@code endpointId}: its {@code remote} line names
     * the endpoint's DNS name as AWS exports it ({@code cvpn-endpoint-....prod.clientvpn.<region>.amazonaws.com}).
     */
    public static boolean connectsTo(Path file, String endpointId) throws IOException {
        Matcher remote = REMOTE.matcher(Files.readString(file));
        return remote.find() && remote.group(1).startsWith(endpointId + ".");
    }

    /**
     * Whether {@code file} exists and holds a client certificate the CA of {@code caPem} signed
     * (with a key block): a file that can connect to an endpoint made with that CA's server
     * certificate. Its key is not read out of it.
     */
    public static boolean holdsClientOf(Path file, String caPem) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            String text = Files.readString(file);
            Matcher cert = CERT_BLOCK.matcher(text);
            if (!cert.find() || !KEY_BLOCK.matcher(text).find()) {
                return false;
            }
            certificate(cert.group(1).strip()).verify(certificate(caPem.strip()).getPublicKey());
            return true;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Path write(Path file, X509Certificate client, String text) throws IOException {
        try {
            client.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the client certificate " + VpnCertificates.commonName(client)
                    + " is not signed by the CA in the exported configuration ("
                    + ca.getSubjectX500Principal().getName()
                    + "): the endpoint was made with other certificates");
        }
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (!Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            throw new IOException("cannot keep " + target + " readable by its owner only: its file system has no POSIX "
                    + "permissions; write it to a directory on a POSIX file system");
        }
        Path temporary = Files.createTempFile(
                directory, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(StandardCharsets.UTF_8.encode(text));
                channel.force(true);
            }
            // same directory, so a rename: the target is the old file or the whole new one, never a part
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    // package-private for the tests: holds the client key, never printed
    String withCredentials(VpnCertificates certificates) {
        StringBuilder text = new StringBuilder(exported);
        if (!exported.endsWith("\n")) {
            text.append('\n');
        }
        return text.append("<cert>\n")
                .append(certificates.clientCertificatePem())
                .append("</cert>\n")
                .append("<key>\n")
                .append(certificates.clientPrivateKeyPem())
                .append("</key>\n")
                .toString();
    }

    @Override
    public String toString() {
        return "ClientConfigFile[remote=" + remoteHost + "]";
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the <ca> block of the exported Client VPN configuration is not a certificate: " + e.getMessage());
        }
    }
}
