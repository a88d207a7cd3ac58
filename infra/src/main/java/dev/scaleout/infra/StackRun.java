package dev.scaleout.infra;

import dev.scaleout.infra.compute.ComputeSpecs;
import dev.scaleout.infra.compute.DesiredImage;
import dev.scaleout.infra.compute.LaunchTemplateType;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.database.DbInstanceType;
import dev.scaleout.infra.database.EngineSupport;
import dev.scaleout.infra.database.FinalSnapshot;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Applier;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Destroyer;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.infra.peering.PeerRegionInUse;
import dev.scaleout.infra.vpn.ClientVpnEndpointType;
import dev.scaleout.infra.vpn.VpnClientFiles;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private DesiredImage image;
    private Map<String, ManagedType> types;
    private final List<String> kept = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final VpnClientFiles vpnFiles;

    public StackRun(StackConfig config, AwsClients clients, PrintStream out, Progress progress) {
        this(config, clients, out, progress, Retry.real(progress));
    }

    /** {@code retry}: how calls wait out AWS's eventual consistency and refused deletes (tests pass a fast one). */
    public StackRun(StackConfig config, AwsClients clients, PrintStream out, Progress progress, Retry retry) {
        this(config, clients, out, progress, retry, VpnClientFiles.here());
    }

    /** {@code vpnFiles}: where the VPN's client file goes (the current directory, or a test's). */
    public StackRun(
            StackConfig config,
            AwsClients clients,
            PrintStream out,
            Progress progress,
            Retry retry,
            VpnClientFiles vpnFiles) {
        this.config = config;
        this.scope = new StackScope(config.project(), config.stack(), clients.region());
        this.specs = StackSpecs.specs(config);
        this.registry = new Registry(clients, progress, config, retry, vpnFiles);
        this.vpnFiles = vpnFiles;
        this.progress = progress;
        this.out = out;
    }

    public List<Spec> specs() {
        return specs;
    }

    public Registry registry() {
        return registry;
    }

    /**
     * What exists. The peer region is looked at when peering is on, or when the stack's VPC
     * (found in the first pass) still has a live peering from there: then a second pass
     * looks at both regions, so the plan can take the peer's part away.
     */
    public Discovery.Found discover() {
        try {
            boolean enabled = config.peering().enabled();
            types = enabled ? registry.types() : inStackRegion();
            Discovery.Found found = Discovery.discover(types, scope);
            List<String> vpcs = found.byType().getOrDefault(VpcType.TYPE, List.of()).stream()
                    .map(Actual::id)
                    .toList();
            boolean inUse = PeerRegionInUse.check(
                    registry.ec2(), scope, registry.peer().region().id(), vpcs);
            if (inUse && !enabled) {
                types = registry.types();
                found = Discovery.discover(types, scope);
            }
            return found;
        } catch (SdkException e) {
            throw ExitException.aws("discover", "stack " + scope.stack(), e);
        }
    }

    /** The types this run looks at: the peer region's only when peering is on or still alive there (see discover). */
    private Map<String, ManagedType> types() {
        if (types == null) {
            types = config.peering().enabled() ? registry.types() : inStackRegion();
        }
        return types;
    }

    private Map<String, ManagedType> inStackRegion() {
        Map<String, ManagedType> here = new LinkedHashMap<>();
        registry.types().forEach((word, type) -> {
            if (type.region() == null) {
                here.put(word, type);
            }
        });
        return here;
    }

    /** The regions of the types outside the stack's, for the plan's lines. */
    private Map<String, String> regions() {
        Map<String, String> regions = new LinkedHashMap<>();
        types().forEach((word, type) -> {
            if (type.region() != null) {
                regions.put(word, type.region());
            }
        });
        return regions;
    }

    /**
     * The image the config names now (the parameter read once per run, exit 2 if missing),
     * before any change: every launch template version names a concrete AMI.
     */
    public DesiredImage image() {
        if (image == null) {
            image = DesiredImage.resolve(config, registry.ec2(), registry.ssm());
        }
        return image;
    }

    /** The plan, with the image the config names now and a note on where it comes from. */
    public Plan plan(Discovery.Found found) {
        DesiredImage wanted = image();
        Plan plan = Planner.plan(ComputeSpecs.withImage(specs, wanted.amiId()), found)
                .withRegions(regions());
        for (Change c : plan.changes()) {
            if (c.type().equals(LaunchTemplateType.TYPE)) {
                plan = plan.withNote(c.key(), LaunchTemplateType.IMAGE.key(), wanted.annotation());
            }
        }
        return plan;
    }

    /**
     * Refuses (exit 2) a plan that would create a resource whose account-unique name another
     * stack (or a hand) already holds: found before any mutating call, so a second stack with
     * the same prefix leaves nothing behind (no VPC, NAT gateway or security groups made
     * before CreateRole fails on EntityAlreadyExists).
     */
    public void checkNames(Plan plan) {
        for (Change c : plan.changes()) {
            if (c.action() != Change.Action.CREATE && c.action() != Change.Action.REPLACE) {
                continue;
            }
            var type = registry.types().get(c.type());
            Optional<String> other = type == null ? Optional.empty() : type.nameTakenBy(c.spec(), scope);
            if (other.isPresent() && !other.get().equals(scope.stack())) {
                throw ExitException.userError("prefix: " + c.type() + " " + c.name() + " already exists and belongs to "
                        + (other.get().isEmpty() ? "no stack (it has no Stack tag)" : "stack '" + other.get() + "'")
                        + ": set another 'prefix' in the config (names are " + config.prefix()
                        + "-...), or remove that one first");
            }
        }
    }

    /** The config key that turns each protectable type's deletion protection off. */
    static final Map<String, String> DELETION_PROTECTION_KEYS = Map.of(
            LoadBalancerType.TYPE, "loadBalancer.deletionProtection",
            DbInstanceType.TYPE, "database.deletionProtection");

    /**
     * One line for each resource this plan would replace or delete whose deletion protection is
     * on in AWS: AWS refuses to delete it, so apply refuses the plan (see {@link #checkDeletionProtection}).
     */
    public List<String> deletionProtectionConflicts(Plan plan) {
        List<String> conflicts = new ArrayList<>();
        for (Change c : plan.changes()) {
            if (c.action() != Change.Action.REPLACE && c.action() != Change.Action.DELETE) {
                continue;
            }
            ManagedType type = registry.types().get(c.type());
            if (type == null || !type.deletionProtected(c.actual())) {
                continue;
            }
            String key = DELETION_PROTECTION_KEYS.getOrDefault(c.type(), "its deletion protection");
            conflicts.add(c.type() + " " + c.actual().name() + " has deletion protection on in AWS and this plan would "
                    + (c.action() == Change.Action.REPLACE ? "replace" : "delete") + " it"
                    + (c.reason() == null ? "" : " (" + c.reason() + ")")
                    + ": first apply with " + key + ": false and no other change (an update in place), "
                    + "then apply this change");
        }
        return conflicts;
    }

    /**
     * Refuses (exit 2) a plan that would replace or delete a resource whose deletion protection
     * is on: found before any change, so nothing is half done (the new database made, the old
     * one refused).
     */
    public void checkDeletionProtection(Plan plan) {
        List<String> conflicts = deletionProtectionConflicts(plan);
        if (!conflicts.isEmpty()) {
            throw ExitException.userError(String.join("; ", conflicts) + "; nothing was changed");
        }
    }

    /** What destroy will turn deletion protection off on (after its confirmation), by type/name. */
    public List<String> deletionProtected(Discovery.Found found) {
        List<String> keys = new ArrayList<>();
        types().forEach((word, type) -> found.byType().getOrDefault(word, List.of()).stream()
                .filter(type::deletionProtected)
                .forEach(a -> keys.add(a.key())));
        return keys;
    }

    /**
     * The MySQL version's support on {@code day}: a warning line when it is past RDS standard
     * support (read from AWS where it answers), and exit 2 when this plan would create (or
     * replace) the database that AWS then refuses, before any change.
     */
    public Optional<String> checkEngineSupport(Plan plan, java.time.LocalDate day) {
        StackConfig.Database db = config.database();
        Optional<EngineSupport> support = EngineSupport.read(registry.rds(), db.engineVersion());
        Optional<String> warning = support.flatMap(s -> s.warning(db, day));
        boolean creates = plan.changes().stream()
                .anyMatch(c -> c.type().equals(DbInstanceType.TYPE)
                        && (c.action() == Change.Action.CREATE || c.action() == Change.Action.REPLACE));
        if (creates && support.isPresent() && support.get().createRefused(db, day)) {
            throw ExitException.userError(warning.orElseThrow());
        }
        return warning;
    }

    /**
     * Carries out the plan but a new image on the existing launch template: that is the
     * rollout's (a version with only the image changed, an instance refresh, a check), so
     * apply and rollout deploy an image the same way. Returns the image to roll out, if any;
     * every other change of the template is written with the image it runs now.
     */
    public Optional<DesiredImage> apply(Plan plan, Discovery.Found found) {
        List<Change> changes = new ArrayList<>();
        DesiredImage rollout = null;
        for (Change c : plan.changes()) {
            Optional<Change.Diff> newImage =
                    c.type().equals(LaunchTemplateType.TYPE) && c.action() == Change.Action.UPDATE
                            ? c.diffs().stream()
                                    .filter(d -> d.key().equals(LaunchTemplateType.IMAGE.key()))
                                    .findFirst()
                            : Optional.empty();
            if (newImage.isEmpty()) {
                changes.add(c);
                continue;
            }
            rollout = image();
            Spec kept = ComputeSpecs.withImage(List.of(c.spec()), newImage.get().before())
                    .get(0);
            List<Change.Diff> rest = c.diffs().stream()
                    .filter(d -> !d.key().equals(LaunchTemplateType.IMAGE.key()))
                    .toList();
            changes.add(new Change(
                    rest.isEmpty() && c.reason() == null ? Change.Action.NOOP : Change.Action.UPDATE,
                    c.type(),
                    c.name(),
                    kept,
                    c.actual(),
                    rest,
                    c.reason()));
        }
        new Applier(types(), scope, progress, out).apply(new Plan(changes, plan.notes()), found);
        return Optional.ofNullable(rollout);
    }

    /**
     * Deletes the whole stack; returns what is still tagged with it (by type, and by the tagging
     * API) but what destroy keeps on purpose: that is in {@link #kept()}.
     */
    public List<String> destroy(Discovery.Found found) {
        kept.clear();
        notes.clear();
        List<Actual> left = new Destroyer(types(), scope, progress, out).destroy(found, specs);
        List<String> leftovers = new ArrayList<>();
        left.forEach(a -> leftovers.add(a.key() + " (" + a.id() + ", " + a.state() + ")"));
        leftovers.addAll(taggedElsewhere(left));
        removeClientFiles(found, left);
        return leftovers;
    }

    /**
     * The client file of each Client VPN endpoint this destroy deleted: on its own, with its
     * endpoint gone, it points at nothing (only destroy does this; a replace in an apply keeps
     * the file, whose key the new endpoint takes over).
     */
    private void removeClientFiles(Discovery.Found found, List<Actual> left) {
        Set<String> still = new TreeSet<>();
        left.forEach(a -> still.add(a.id()));
        for (Actual endpoint : found.byType().getOrDefault(ClientVpnEndpointType.TYPE, List.of())) {
            if (!still.contains(endpoint.id())) {
                notes.add(vpnFiles.afterEndpointDeleted(endpoint.name(), endpoint.id()));
            }
        }
    }

    /** What the last destroy kept on purpose (a final database snapshot), each line with how to delete it. */
    public List<String> kept() {
        return List.copyOf(kept);
    }

    /** What the last destroy did beyond AWS (the VPN's client file), one line each. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * Anything else AWS knows with the stack's tags (a type we do not manage, a part made by
     * hand, an instance the Auto Scaling group left), by the Resource Groups Tagging API. Ids the type discovery already listed are
     * left out; so is every ARN whose own service's describe says it is gone: the tagging API
     * lists deleted resources for a while (hours for some types), so its word alone is not enough.
     */
    private List<String> taggedElsewhere(List<Actual> alreadyListed) {
        Set<String> listed = new TreeSet<>();
        alreadyListed.forEach(a -> listed.add(a.id()));
        List<String> out = new ArrayList<>(taggedElsewhere(listed, registry.tagging()));
        if (regions().size() > 0) {
            // The peering's region too: the check covers every region the stack used.
            out.addAll(taggedElsewhere(listed, registry.peer().tagging()));
        }
        return out;
    }

    private List<String> taggedElsewhere(
            Set<String> listed,
            software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient tagging) {
        List<String> out = new ArrayList<>();
        try {
            // Stack and Project only: instances and volumes the Auto Scaling group made carry another ManagedBy.
            for (ResourceTagMapping m : tagging.getResourcesPaginator(r -> r.tagFilters(
                            TagFilter.builder()
                                    .key("Stack")
                                    .values(scope.stack())
                                    .build(),
                            TagFilter.builder()
                                    .key("Project")
                                    .values(scope.project())
                                    .build()))
                    .resourceTagMappingList()) {
                if (m.tags().stream().anyMatch(t -> "ManagedBy".equals(t.key()) && "ami-builder".equals(t.value()))) {
                    continue; // ami-builder's (Stack = its prefix): its own destroy removes them
                }
                String arn = m.resourceARN();
                String id = arn.substring(arn.lastIndexOf('/') + 1);
                if (listed.contains(id) || listed.contains(arn) || Gone.isGone(registry, arn)) {
                    continue;
                }
                Optional<String> snapshot = FinalSnapshot.of(m);
                if (snapshot.isPresent()) {
                    kept.add(FinalSnapshot.keptLine(snapshot.get(), arn.split(":", 5)[3]));
                    continue;
                }
                out.add(Gone.checkable(arn) ? arn : arn + " (infra has no describe for this type: check it by hand)");
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
