package dev.scaleout.infra.vpn;

import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * Before any AWS call of an apply with the VPN: the endpoint is billed from its creation,
     * so a directory where the client file cannot be written (read-only, no POSIX permissions
     * for mode 0600) must stop the run before it, not after.
     */
    public void checkWritable(String fileName) {
        Path file = file(fileName);
        String problem = null;
        try {
            if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
                problem = "the directory is not writable";
            } else if (!Files.getFileStore(directory).supportsFileAttributeView("posix")) {
                problem = "its file system has no POSIX permissions, so the file could not be kept at mode 0600";
            } else if (Files.exists(file) && !Files.isWritable(file)) {
                problem = "the file exists and is not writable";
            }
        } catch (IOException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw ExitException.userError("vpn.enabled: apply writes " + file + " (your VPN client file), but "
                    + problem + ": run apply from a directory you can write on a POSIX file system");
        }
    }

    /**
     * After destroy deleted Client VPN endpoint {@code endpointId} (named {@code endpointName}):
     * its client file can connect nowhere now and holds the client's private key, so it goes;
     * a file of that name that connects to another endpoint stays. Returns what to tell the user.
     */
    public String afterEndpointDeleted(String endpointName, String endpointId) {
        Path file = file(ClientVpnEndpointType.clientFile(endpointName));
        if (!Files.isRegularFile(file)) {
            return "vpn: no " + file.getFileName() + " in " + directory + ": if you keep a copy of the client file of"
                    + " endpoint " + endpointId + " elsewhere, delete it (the endpoint is deleted; the file holds the"
                    + " client's private key)";
        }
        try {
            if (!ClientConfigFile.connectsTo(file, endpointId)) {
                return "vpn: kept " + file + ": it connects to another endpoint than the deleted " + endpointId;
            }
            Files.delete(file);
            return "vpn: deleted " + file + ", the client file of the deleted endpoint " + endpointId;
        } catch (IOException e) {
            return "vpn: could not delete " + file + " (" + e.getMessage() + "): delete it by hand; its endpoint "
                    + endpointId + " is deleted";
        }
    }

    void made(String certificateArn, VpnCertificates certificates) {
        made.put(certificateArn, certificates);
    }

    Optional<VpnCertificates> madeFor(String certificateArn) {
        return Optional.ofNullable(made.get(certificateArn));
    }
}
