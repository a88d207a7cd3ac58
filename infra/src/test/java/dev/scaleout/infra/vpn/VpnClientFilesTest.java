package dev.scaleout.infra.vpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scaleout.support.ExitException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VpnClientFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWritableDirectoryPasses() {
        assertThatCode(() -> new VpnClientFiles(dir).checkWritable("my-vpn.ovpn"))
                .doesNotThrowAnyException();
    }

    @Test
    void aPlaceThatCannotTakeTheFileIsAUserErrorNamingTheFileAndTheFix() throws Exception {
        // a file where the directory should be: refused for root too (a read-only directory is not, for root)
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");

        ExitException e = catchThrowableOfType(
                ExitException.class, () -> new VpnClientFiles(notADirectory).checkWritable("my-vpn.ovpn"));

        assertThat(e.code()).isEqualTo(ExitException.USER_ERROR);
        assertThat(e.getMessage())
                .startsWith("vpn.enabled: apply writes " + notADirectory.resolve("my-vpn.ovpn"))
                .contains("not writable")
                .contains("run apply from a directory you can write");
    }

    /** The file as apply writes it for an endpoint: the export (remote line naming it) with the client's key. */
    private Path clientFileOf(String endpointId) throws Exception {
        String remote = endpointId + ".prod.clientvpn.eu-west-1.amazonaws.com";
        return ClientConfigFile.fromExport(ExportedConfigurations.export(remote, 443, TestCertificates.endpoint()))
                .write(dir.resolve("my-vpn.ovpn"), TestCertificates.endpoint());
    }

    @Test
    void afterDestroyTheClientFileOfTheDeletedEndpointIsDeleted() throws Exception {
        Path file = clientFileOf("cvpn-endpoint-0123456789abcdef0");

        String note = new VpnClientFiles(dir).afterEndpointDeleted("my-vpn", "cvpn-endpoint-0123456789abcdef0");

        assertThat(file).doesNotExist();
        assertThat(note)
                .isEqualTo("vpn: deleted " + file + ", the client file of the deleted endpoint"
                        + " cvpn-endpoint-0123456789abcdef0");
    }

    @Test
    void aClientFileOfAnotherEndpointStaysAndAMissingOneIsNamedWithWhereItWasLookedFor() throws Exception {
        Path file = clientFileOf("cvpn-endpoint-0fedcba9876543210");
        String before = Files.readString(file);

        String note = new VpnClientFiles(dir).afterEndpointDeleted("my-vpn", "cvpn-endpoint-0123456789abcdef0");

        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(note).contains("kept " + file).contains("another endpoint");

        Files.delete(file);
        assertThat(new VpnClientFiles(dir).afterEndpointDeleted("my-vpn", "cvpn-endpoint-0123456789abcdef0"))
                .startsWith("vpn: no my-vpn.ovpn in " + dir.toAbsolutePath())
                .contains("cvpn-endpoint-0123456789abcdef0")
                .contains("delete it");
    }
}
