package dev.scaleout.app.ec2meta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImdsReaderTest {

    @Test
    void securityGroupsAreOneNamePerLine() {
        assertThat(ImdsReader.lines("my-asg-alb-sg\nmy-app-sg\n")).containsExactly("my-asg-alb-sg", "my-app-sg");
        assertThat(ImdsReader.lines("")).isEmpty();
    }

    @Test
    void regionFromAvailabilityZoneWhenImdsLacksIt() {
        assertThat(ImdsReader.regionOf("eu-west-1c")).isEqualTo("eu-west-1");
        assertThat(ImdsReader.regionOf("us-gov-west-1a")).isEqualTo("us-gov-west-1");
        assertThat(ImdsReader.regionOf("us-west-2-lax-1a")).isEqualTo("us-west-2"); // a Local Zone
    }
}
