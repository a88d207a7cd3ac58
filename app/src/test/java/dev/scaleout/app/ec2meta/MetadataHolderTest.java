package dev.scaleout.app.ec2meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.app.ec2meta.InstanceMetadata.Location;
import dev.scaleout.app.ec2meta.MetadataHolder.News;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataHolderTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final MetadataHolder holder = new MetadataHolder();

    @Test
    void probingUntilTheFirstReadEnds() {
        assertThat(holder.current().location()).isEqualTo(Location.PROBING);
    }

    @Test
    void firstFailureMeansNotOnEc2() {
        assertThat(holder.failed(T0)).isEqualTo(News.NOT_ON_EC2);
        assertThat(holder.current().location()).isEqualTo(Location.NOT_ON_EC2);
        assertThat(holder.stale()).isFalse();
        assertThat(holder.failed(T0.plusSeconds(60))).isEqualTo(News.NONE);
    }

    @Test
    void failuresAfterAGoodReadKeepItAndWarnOnce() {
        InstanceMetadata good = instance("i-1");
        assertThat(holder.succeeded(good)).isEqualTo(News.FIRST_READ);

        assertThat(holder.failed(T0.plusSeconds(60))).isEqualTo(News.OUTAGE_STARTED);
        assertThat(holder.failed(T0.plusSeconds(120))).isEqualTo(News.NONE);
        assertThat(holder.current()).isSameAs(good);
        assertThat(holder.stale()).isTrue();

        assertThat(holder.succeeded(instance("i-1"))).isEqualTo(News.RECOVERED);
        assertThat(holder.stale()).isFalse();
        assertThat(holder.failed(T0.plusSeconds(180))).isEqualTo(News.OUTAGE_STARTED);
    }

    @Test
    void imdsAppearingLaterMovesToOnEc2() {
        holder.failed(T0);
        assertThat(holder.succeeded(instance("i-2"))).isEqualTo(News.FIRST_READ);
        assertThat(holder.current().onEc2()).isTrue();
    }

    private static InstanceMetadata instance(String id) {
        return new InstanceMetadata(
                Location.ON_EC2,
                id,
                "t3.micro",
                "ami-1",
                "eu-west-1",
                "eu-west-1a",
                "10.0.0.5",
                "ip-10-0-0-5",
                null,
                null,
                List.of("sg"),
                T0);
    }
}
