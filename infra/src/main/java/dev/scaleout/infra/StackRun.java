package dev.scaleout.infra;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Applier;
import dev.scaleout.infra.engine.Destroyer;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * One run against one account: the config (validated, region set), its specs, the
 * registry of types; discover, plan, apply and destroy. The commands and the tests both
 * drive the engine through this.
 */
public final class StackRun {

    private final StackConfig config;
    private final StackScope scope;
    private final List<Spec> specs;
    private final Registry registry;
    private final Progress progress;
    private final PrintStream out;

    public StackRun(StackConfig config, AwsClients clients, PrintStream out, Progress progress) {
        this.config = config;
        this.scope = new StackScope(config.project(), config.stack(), clients.region());
        this.specs = StackSpecs.specs(config);
        this.registry = new Registry(clients, progress, config);
        this.progress = progress;
        this.out = out;
    }

    public List<Spec> specs() {
        return specs;
    }

    public Registry registry() {
        return registry;
    }

    public Discovery.Found discover() {
        try {
            return Discovery.discover(registry.types(), scope);
        } catch (SdkException e) {
            throw ExitException.aws("discover", "stack " + scope.stack(), e);
        }
    }

    public Plan plan(Discovery.Found found) {
        return Planner.plan(specs, found);
    }

    public void apply(Plan plan, Discovery.Found found) {
        new Applier(registry.types(), scope, progress, out).apply(plan, found);
    }

    /** Deletes the whole stack; returns what is still tagged with it (by type, and by the tagging API). */
    public List<String> destroy(Discovery.Found found) {
        List<Actual> left = new Destroyer(registry.types(), scope, progress, out).destroy(found, specs);
        List<String> leftovers = new ArrayList<>();
        left.forEach(a -> leftovers.add(a.key() + " (" + a.id() + ", " + a.state() + ")"));
        leftovers.addAll(taggedElsewhere(left));
        return leftovers;
    }

    /**
     * Anything else AWS knows with the stack's tags (a type we do not manage, a part made by
     * hand, an instance the Auto Scaling group left), by the Resource Groups Tagging API. Ids the type discovery already listed are
     * left out; so are ones whose own describe says they are gone (AWS lists terminated
     * instances and deleted NAT gateways there for a while).
     */
    private List<String> taggedElsewhere(List<Actual> alreadyListed) {
        Set<String> listed = new TreeSet<>();
        alreadyListed.forEach(a -> listed.add(a.id()));
        List<String> out = new ArrayList<>();
        try {
            // Stack and Project only: instances and volumes the Auto Scaling group made carry another ManagedBy.
            for (ResourceTagMapping m : registry.tagging().getResourcesPaginator(r -> r.tagFilters(
                    TagFilter.builder().key("Stack").values(scope.stack()).build(),
                    TagFilter.builder().key("Project").values(scope.project()).build())).resourceTagMappingList()) {
                if (m.tags().stream().anyMatch(t -> "ManagedBy".equals(t.key()) && "ami-builder".equals(t.value()))) {
                    continue; // ami-builder's (Stack = its prefix): its own destroy removes them
                }
                String arn = m.resourceARN();
                String id = arn.substring(arn.lastIndexOf('/') + 1);
                if (!listed.contains(id) && !listed.contains(arn) && !Gone.isGone(registry, arn, id)) {
                    out.add(arn);
                }
            }
        } catch (SdkException e) {
            throw ExitException.aws("GetResources", "tag Stack=" + scope.stack(), e);
        }
        return out;
    }

    public StackConfig config() {
        return config;
    }

    public StackScope scope() {
        return scope;
    }
}
