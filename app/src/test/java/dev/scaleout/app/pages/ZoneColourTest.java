package dev.scaleout.app.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZoneColourTest {

    @Test
    void zonesOfOneRegionGetDifferentColours() {
        assertThat(ZoneColour.css("us-east-1a")).isEqualTo("zone-0");
        assertThat(ZoneColour.css("us-east-1b")).isEqualTo("zone-1");
        assertThat(ZoneColour.css("ap-northeast-2c")).isEqualTo("zone-2");
        assertThat(ZoneColour.css("us-east-1f")).isEqualTo("zone-5");
        // Six colours cover every region's zones (us-east-1 has the most: a to f).
        assertThat(java.util.stream.IntStream.rangeClosed('a', 'f')
                        .mapToObj(c -> ZoneColour.css("us-east-1" + (char) c)))
                .doesNotHaveDuplicates();
    }

    @Test
    void theSameLetterIsTheSameColourEverywhere() {
        assertThat(ZoneColour.css("eu-west-1a")).isEqualTo(ZoneColour.css("us-east-1a"));
        assertThat(ZoneColour.css("us-west-2-lax-1a")).isEqualTo("zone-0"); // a Local Zone
    }

    @Test
    void noZoneOrAnOddOneIsGrey() {
        assertThat(ZoneColour.css(null)).isEqualTo("zone-none");
        assertThat(ZoneColour.css("")).isEqualTo("zone-none");
        assertThat(ZoneColour.css("us-east-1A")).isEqualTo("zone-none");
        assertThat(ZoneColour.css("zone\"><script>")).isEqualTo("zone-none");
    }
}
