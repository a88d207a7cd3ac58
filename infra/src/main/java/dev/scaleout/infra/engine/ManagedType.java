package dev.scaleout.infra.engine;

import dev.scaleout.support.Progress;
import java.util.List;

/**
 * One kind of AWS resource the stack owns: how to find all of them by the stack's tags
 * (one batched describe, never one call per resource), and how to create, update and
 * delete one. Implementations are one class per AWS concern; the engine decides order
 * (the order of the types it is given to create, its reverse to delete) and what to call.
 * Every method must be safe to run again after an interruption: create tags in the
 * create call itself where AWS allows it, delete treats "not found" as done.
 */
public interface ManagedType {

    /** Its type word (a short stable word: "vpc", "subnet", "db-instance") and its settings, declared in its class. */
    Schema schema();

    default String type() {
        return schema().type();
    }

    /** The region it lives in when that is not the stack's own (a peering's requester side); null otherwise. */
    default String region() {
        return null;
    }

    /** Everything of this type tagged with the stack's {@code Stack} tag, deleted ones excluded. */
    List<Actual> discover(StackScope scope);

    /** Creates the resource with the stack's tags and a Name tag; returns its AWS id. */
    String create(Spec spec, Refs refs, StackScope scope);

    /**
     * Changes what differs in place (never called for a key in {@code replaceOn}).
     * {@code actual}'s settings hold {@code @type/name} references, as the spec does.
     */
    void update(Spec spec, Actual actual, Refs refs, StackScope scope);

    /**
     * Deletes it and its sub-parts (rules, routes, associations); absent counts as deleted.
     * {@code actual} is as {@link #discover} returned it: settings hold AWS ids, not references.
     */
    void delete(Actual actual, StackScope scope);

    /**
     * For a type whose AWS name is unique in the account and region (an IAM role, a launch
     * template, a group, a load balancer, a database): the {@code Stack} tag of a resource
     * that already holds the spec's name but that this stack's discovery did not find
     * ("" when it has none). Asked before any mutating call, so a second stack with the same
     * prefix stops before it makes anything. Empty: the name is free (or the type has none).
     */
    default java.util.Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return java.util.Optional.empty();
    }

    /**
     * Whether AWS refuses to delete it until its deletion protection is turned off (an ALB, a
     * database), as {@link #discover} found it: apply refuses to replace or delete such a one,
     * destroy turns the protection off first.
     */
    default boolean deletionProtected(Actual actual) {
        return false;
    }

    /**
     * Turns its deletion protection off and waits until AWS says so: destroy does, after its
     * confirmation, just before deleting it.
     */
    default void turnOffDeletionProtection(Actual actual, Progress progress) {
        throw new UnsupportedOperationException(type() + " has no deletion protection");
    }

    /** Waits until a created resource can be used by the next ones (NAT, RDS, ALB take minutes). */
    default void awaitReady(String id, Spec spec, Progress progress) {}

    /** Waits until a deletion AWS does in the background is done (ASG instances, NAT, RDS). */
    default void awaitDeleted(Actual actual, Progress progress) {}
}
