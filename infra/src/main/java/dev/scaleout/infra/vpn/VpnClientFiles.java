package dev.scaleout.infra.vpn;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a run writes the VPN's client file (the directory the user runs the tool in), and the
 * certificates it made, by the ARN of their import, until the endpoint's client file holds the
 * client's key. Kept only in memory: the CA's key is dropped with them, and the client's key
 * lives on in the .ovpn file alone.
 */
public final class VpnClientFiles {

    private final Path directory;
    private final Map<String, VpnCertificates> made = new ConcurrentHashMap<>();

    public VpnClientFiles(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    /** The current directory: where the user finds {@code my-vpn.ovpn} after apply. */
    public static VpnClientFiles here() {
        return new VpnClientFiles(Path.of(""));
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    void made(String certificateArn, VpnCertificates certificates) {
        made.put(certificateArn, certificates);
    }

    Optional<VpnCertificates> madeFor(String certificateArn) {
        return Optional.ofNullable(made.get(certificateArn));
    }
}
