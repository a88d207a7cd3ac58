package dev.scaleout.infra;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every spec of the stack, type by type in creation order; the config must have its region set. */
public final class StackSpecs {

    private StackSpecs() {}

    public static List<Spec> specs(StackConfig config) {
        if (config.region() == null) {
            throw new IllegalArgumentException("StackSpecs needs the run's region: StackConfig.withRegion first");
        }
        List<Spec> specs = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (StackTypes.Entry type : StackTypes.ORDER) {
            for (Spec s : type.specs().apply(config)) {
                if (s.schema() != type.schema()) {
                    throw new IllegalStateException(
                            "the specs of " + type.schema().type() + " hold " + s.key());
                }
                if (!keys.add(s.key())) {
                    throw new IllegalStateException("two specs named " + s.key());
                }
                specs.add(s);
            }
        }
        return specs;
    }
}
