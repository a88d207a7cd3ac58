package dev.scaleout.infra.operate.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/** Pruning launch template versions: the default, the newest N and every version in use stay. */
class LaunchTemplateVersionsTest {

    @Test
    void theDefaultTheNewestAndEveryVersionInUseAreKept() {
        List<LaunchTemplateVersion> fourteen = LongStream.rangeClosed(1, 14)
                .mapToObj(n -> LaunchTemplateVersion.builder()
                        .versionNumber(n)
                        .defaultVersion(n == 3)
                        .build())
                .toList();

        // version 2: the group's; version 1: a running refresh's
        assertThat(LaunchTemplateVersions.toDelete(fourteen, 10, Set.of(2L, 1L)))
                .containsExactly(4L);
        assertThat(LaunchTemplateVersions.toDelete(fourteen, 2, Set.of(7L)))
                .containsExactly(1L, 2L, 4L, 5L, 6L, 8L, 9L, 10L, 11L, 12L);
        assertThat(LaunchTemplateVersions.toDelete(fourteen.subList(0, 5), 10, Set.of()))
                .isEmpty();
    }
}
