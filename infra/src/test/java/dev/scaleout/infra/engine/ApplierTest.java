package dev.scaleout.infra.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which deletes the applier leaves until after the updates, on a made-up plan. */
class ApplierTest {

    static Change delete(String type, String name, Map<String, String> settings) {
        return new Change(
                Change.Action.DELETE,
                type,
                name,
                null,
                Actual.of(type, name, name + "-id", settings, "available"),
                List.of(),
                "not in the config");
    }

    static Change update(String type, String name, Map<String, String> found) {
        return new Change(
                Change.Action.UPDATE,
                type,
                name,
                null,
                Actual.of(type, name, name + "-id", found, "available"),
                List.of(),
                null);
    }

    @Test
    void aRemovedResourceThatAnUpdatedOneStillNamesGoesAfterTheUpdateWithWhatItNames() {
        Plan plan = new Plan(List.of(
                delete("elastic-ip", "my-nat-eip-c", Map.of()),
                delete("nat-gateway", "my-nat-c", Map.of("allocation", "@elastic-ip/my-nat-eip-c")),
                // AWS still routes the zone through the second NAT until this update points it at the first
                update("route-table", "my-private-rt-c", Map.of("routes", "0.0.0.0/0=@nat-gateway/my-nat-c")),
                delete("rds-monitoring-role", "my-rds-monitoring-role", Map.of("managedPolicies", "arn:x")),
                update(
                        "db-instance",
                        "my-db",
                        Map.of(
                                "monitoringRole",
                                "@rds-monitoring-role/my-rds-monitoring-role",
                                "monitoringIntervalSeconds",
                                "60")),
                delete("security-group", "my-bastion-sg", Map.of("vpc", "@vpc/my-vpc"))));

        assertThat(Applier.deletedAfterUpdates(plan))
                .containsExactlyInAnyOrder(
                        "nat-gateway/my-nat-c",
                        "elastic-ip/my-nat-eip-c",
                        "rds-monitoring-role/my-rds-monitoring-role");
    }

    @Test
    void withoutAnUpdateThatNamesThemDeletesStayFirst() {
        Plan plan = new Plan(List.of(
                delete("rds-monitoring-role", "my-rds-monitoring-role", Map.of()),
                delete("db-instance", "my-db", Map.of("monitoringRole", "@rds-monitoring-role/my-rds-monitoring-role")),
                update("db-subnet-group", "my-db-subnet-group", Map.of("description", "DB subnets of my"))));

        assertThat(Applier.deletedAfterUpdates(plan)).isEmpty();
    }
}
