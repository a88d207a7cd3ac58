package dev.scaleout.infra;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.compute.ComputeSpecs;
import dev.scaleout.infra.database.DatabaseSpecs;
import dev.scaleout.infra.dns.DnsSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.security.SecuritySpecs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every spec of the stack, from each package's builder; the config must have its region set. */
public final class StackSpecs {

    private StackSpecs() {
    }

    public static List<Spec> specs(StackConfig config) {
        if (config.region() == null) {
            throw new IllegalArgumentException("StackSpecs needs the run's region: StackConfig.withRegion first");
        }
        List<Spec> specs = new ArrayList<>();
        specs.addAll(NetworkSpecs.specs(config));
        specs.addAll(SecuritySpecs.specs(config));
        specs.addAll(IamSpecs.specs(config));
        specs.addAll(DatabaseSpecs.specs(config));
        specs.addAll(DnsSpecs.specs(config));
        specs.addAll(LoadBalancerSpecs.specs(config));
        specs.addAll(ComputeSpecs.specs(config));
        Set<String> keys = new HashSet<>();
        for (Spec s : specs) {
            if (!keys.add(s.key())) {
                throw new IllegalStateException("two specs named " + s.key());
            }
        }
        return specs;
    }
}
