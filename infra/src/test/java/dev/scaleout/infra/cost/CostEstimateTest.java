package dev.scaleout.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

    @Test
    void theCourseStackInUsEast1() {
        CostEstimate e = CostEstimate.of(StackConfig.defaults(), "us-east-1");
        // NAT 0.045 + ALB 0.0225 + db.t3.micro 0.017 + 1 x t3.micro 0.0104 + 3 public IPv4 (NAT EIP, 2 ALB nodes) x 0.005
        assertThat(e.hourly()).isCloseTo(0.045 + 0.0225 + 0.017 + 0.0104 + 3 * 0.005, within(1e-9));
        assertThat(e.render()).contains("us-east-1").contains(CostEstimate.PRICES_AS_OF).contains("estimate")
                .contains("NAT gateway").contains("$0.110 per hour");
    }

    @Test
    void optionsAddWhatTheyRun() {
        StackConfig c = StackConfigLoader.parse("""
                network: {natGatewayPerAz: true}
                database: {multiAz: true}
                autoScaling: {desired: 2}
                bastion: {enabled: true}
                """, "s");
        CostEstimate e = CostEstimate.of(c, "eu-west-1");
        double expected = 2 * 0.048 + 0.0252 + 2 * 0.018 + 2 * 0.0114 + 0.0114 + (2 + 2 + 1) * 0.005;
        assertThat(e.hourly()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void regionsAreNotPricedAlike() {
        double seoul = CostEstimate.of(StackConfig.defaults(), "ap-northeast-2").hourly();
        double virginia = CostEstimate.of(StackConfig.defaults(), "us-east-1").hourly();
        assertThat(seoul).isGreaterThan(virginia);
    }

    @Test
    void aRegionOutsideTheTableUsesTheFactorAndSaysSo() {
        CostEstimate e = CostEstimate.of(StackConfig.defaults(), "sa-east-1");
        assertThat(e.hourly()).isCloseTo(CostEstimate.of(StackConfig.defaults(), "us-east-1").hourly() * CostEstimate.FALLBACK_FACTOR,
                within(1e-9));
        assertThat(e.render()).contains("not in the table");
    }

    @Test
    void unlistedSizesScaleFromMicro() {
        StackConfig c = StackConfigLoader.parse("instances: {instanceType: t3.large}", "s");
        CostEstimate e = CostEstimate.of(c, "us-east-1");
        assertThat(e.lines().stream().filter(l -> l.what().startsWith("EC2 t3.large")).findFirst().orElseThrow().unitHourly())
                .isCloseTo(0.0104 * 8, within(1e-9));
    }
}
