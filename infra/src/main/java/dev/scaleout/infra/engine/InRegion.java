package dev.scaleout.infra.engine;

import dev.scaleout.support.Progress;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * A managed type's twin in a second region under its own type word ("peer-vpc" is a
 * {@code VpcType} built on that region's clients): the same code finds, creates, changes
 * and deletes it, with the stack's tags and that region in its scope. Its own type word
 * keeps its resources apart from the stack region's in discovery, references and plans.
 */
public final class InRegion implements ManagedType {

    private final Schema schema;
    private final ManagedType inner;
    private final Region region;

    public InRegion(Schema schema, ManagedType inner, Region region) {
        this.schema = schema;
        this.inner = inner;
        this.region = region;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public String region() {
        return region.id();
    }

    private StackScope there(StackScope scope) {
        return scope.inRegion(region);
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return inner.discover(there(scope)).stream()
                .map(a -> new Actual(type(), a.name(), a.id(), a.settings(), a.state()))
                .toList();
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        return inner.create(spec, refs, there(scope));
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        inner.update(spec, actual, refs, there(scope));
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        inner.delete(actual, there(scope));
    }

    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return inner.nameTakenBy(spec, there(scope));
    }

    @Override
    public void awaitReady(String id, Spec spec, Progress progress) {
        inner.awaitReady(id, spec, progress);
    }

    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        inner.awaitDeleted(actual, progress);
    }
}
