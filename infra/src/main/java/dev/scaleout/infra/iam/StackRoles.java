package dev.scaleout.infra.iam;

import dev.scaleout.infra.engine.CallerAccount;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * What the two role types (instance roles, the RDS monitoring role) do alike with IAM: find the
 * stack's roles under a path, put the run's account into a trust policy and take it out again,
 * attach and detach managed policies.
 */
final class StackRoles {

    /** A role of the stack and its tags. */
    record Found(Role role, Map<String, String> tags) {
        String name() {
            return tags.getOrDefault("Name", role.roleName());
        }
    }

    private final IamClient iam;
    private final CallerAccount account;
    private final Retry retry;

    StackRoles(IamClient iam, CallerAccount account, Retry retry) {
        this.iam = iam;
        this.account = account;
        this.retry = retry;
    }

    /**
     * The stack's roles at exactly this path. IAM lists roles without their tags and cannot
     * filter by tag: one ListRoles by path prefix, then each role's tags confirm the stack. The
     * prefix also lists roles under deeper paths (another type's), which are left out.
     */
    List<Found> find(String path, StackScope scope) {
        List<Role> roles = AwsCall.call(
                "ListRoles",
                path,
                () -> iam.listRolesPaginator(r -> r.pathPrefix(path)).roles().stream()
                        .filter(role -> path.equals(role.path()))
                        .toList());
        return roles.stream()
                .map(role -> new Found(role, tags(role.roleName())))
                .filter(found -> scope.stack().equals(found.tags().get("Stack"))
                        && StackScope.MANAGED_BY.equals(found.tags().get("ManagedBy")))
                .toList();
    }

    private Map<String, String> tags(String role) {
        return AwsCall.call(
                "ListRoleTags",
                role,
                () -> iam.listRoleTagsPaginator(r -> r.roleName(role)).tags().stream()
                        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
    }

    /** The stack a role of this name belongs to ("" for none), or empty when there is no such role. */
    Optional<String> stackOf(String role) {
        return AwsCall.find(
                        "ListRoleTags",
                        role,
                        Set.of("NoSuchEntity"),
                        () -> iam.listRoleTagsPaginator(r -> r.roleName(role)).tags().stream()
                                .toList())
                .map(tags -> tags.stream()
                        .filter(t -> "Stack".equals(t.key()))
                        .map(Tag::value)
                        .findFirst()
                        .orElse(""));
    }

    static List<Tag> tags(StackScope scope, String name) {
        return scope.tags(name).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    /** A trust policy as IAM gets it: the account put in where the spec stands for it. */
    String trustToSend(String policy) {
        return policy.contains(InstanceRoleType.THIS_ACCOUNT)
                ? policy.replace(InstanceRoleType.THIS_ACCOUNT, account.get())
                : policy;
    }

    /** A role's trust policy as the spec says it: a condition on this account reads as the placeholder. */
    String trustAsRead(Role role) {
        String policy = PolicyJson.fromIam(role.assumeRolePolicyDocument());
        return policy.contains("aws:SourceAccount")
                ? policy.replace("\"" + account.get() + "\"", "\"" + InstanceRoleType.THIS_ACCOUNT + "\"")
                : policy;
    }

    TreeSet<String> attached(String role) {
        return AwsCall.call(
                "ListAttachedRolePolicies",
                role,
                () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
                        .map(p -> p.policyArn())
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Attaches what is wanted and not there, detaches what is there and not wanted. */
    void attachAndDetach(String role, String want, String have) {
        Set<String> wanted = split(want);
        Set<String> had = split(have);
        for (String arn : wanted) {
            if (!had.contains(arn)) {
                // Right after CreateRole, IAM may not see the role yet (NoSuchEntity).
                AwsCall.run(
                        "AttachRolePolicy",
                        role + " " + arn,
                        () -> retry.run(
                                "AttachRolePolicy " + role,
                                Retry.IAM_NOT_VISIBLE_YET,
                                () -> iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn))));
            }
        }
        for (String arn : had) {
            if (!wanted.contains(arn)) {
                AwsCall.run(
                        "DetachRolePolicy",
                        role + " " + arn,
                        () -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
            }
        }
    }

    static void ignoreMissing(Runnable call) {
        try {
            call.run();
        } catch (NoSuchEntityException gone) {
            // already deleted
        }
    }

    private static Set<String> split(String list) {
        return list == null || list.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(list.split(",")));
    }
}
