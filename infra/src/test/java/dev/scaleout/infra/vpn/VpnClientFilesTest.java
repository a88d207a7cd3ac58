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
}
