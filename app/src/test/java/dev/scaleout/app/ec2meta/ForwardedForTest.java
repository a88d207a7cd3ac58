package dev.scaleout.app.ec2meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedForTest {

    @Test
    void takesTheEntryTheAlbAppended() {
        assertThat(ForwardedFor.clientAddress(List.of("198.51.100.1, 10.0.0.1,203.0.113.9"), "10.0.1.5"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void singleEntryIsTheClient() {
        assertThat(ForwardedFor.clientAddress(List.of("203.0.113.9"), "10.0.1.5"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void lastOfSeveralHeadersWins() {
        assertThat(ForwardedFor.clientAddress(List.of("6.6.6.6", "2001:db8::1, 203.0.113.9"), "10.0.1.5"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6EntryIsKeptWhole() {
        assertThat(ForwardedFor.clientAddress(List.of("203.0.113.9, 2001:db8::7"), "10.0.1.5"))
                .isEqualTo("2001:db8::7");
    }

    @Test
    void withoutHeaderTheSocketPeerIsTheClient() {
        assertThat(ForwardedFor.clientAddress(null, "10.0.1.5")).isEqualTo("10.0.1.5");
        assertThat(ForwardedFor.clientAddress(List.of(), "10.0.1.5")).isEqualTo("10.0.1.5");
        assertThat(ForwardedFor.clientAddress(List.of(" , "), "10.0.1.5")).isEqualTo("10.0.1.5");
    }
}
