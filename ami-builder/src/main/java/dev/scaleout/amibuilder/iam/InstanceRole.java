package dev.scaleout.amibuilder.iam;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.amibuilder.Report;
import dev.scaleout.amibuilder.Tags;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The build and test instances' role and instance profile: Image Builder's and SSM core's
 * managed policies (the agent and AWSTOE run through SSM), and read access to the bundle
 * prefix of the tool's bucket only. Each piece is checked on every run, so a run that failed
 * half-way is completed by the next.
 */
public final class InstanceRole {

    public static final List<String> MANAGED_POLICIES =
            List.of("EC2InstanceProfileForImageBuilder", "AmazonSSMManagedInstanceCore");
    public static final String INLINE_POLICY = "read-bundles";
    static final Duration VISIBLE_INTERVAL = Duration.ofSeconds(2);
    static final int VISIBLE_ATTEMPTS = 60;
    static final Set<String> NOT_FOUND = Set.of("NoSuchEntity", "NoSuchEntityException");

    private final Aws aws;
    private final Report report;
    private final String prefix;
    private final String name;

    public InstanceRole(Aws aws, Report report, String prefix, String name) {
        this.aws = aws;
        this.report = report;
        this.prefix = prefix;
        this.name = name;
    }

    public static String trustPolicy() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}";
    }

    public static String bundleReadPolicy(String partition, String bucket, String keyPrefix) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ReadBundles\",\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:" + partition + ":s3:::" + bucket + "/" + keyPrefix
                + "*\"}]}";
    }

    /** Returns true when something was created (IAM is eventually consistent: callers may need to retry its first use). */
    public boolean ensure(String bucket, String keyPrefix) {
        IamClient iam = aws.iam();
        List<Tag> tags = Tags.of(prefix, name).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        boolean created = false;
        if (AwsCall.find("GetRole", name, NOT_FOUND, () -> iam.getRole(b -> b.roleName(name)))
                .isEmpty()) {
            AwsCall.run(
                    "CreateRole",
                    name,
                    () -> iam.createRole(b -> b.roleName(name)
                            .assumeRolePolicyDocument(trustPolicy())
                            .description("ami-builder: build and test instances of the golden AMI")
                            .tags(tags)));
            report.resource("IAM role", "created", name);
            created = true;
        }
        List<String> attached = AwsCall.call(
                "ListAttachedRolePolicies",
                name,
                () -> iam.listAttachedRolePolicies(b -> b.roleName(name)).attachedPolicies().stream()
                        .map(AttachedPolicy::policyName)
                        .toList());
        for (String policy : MANAGED_POLICIES) {
            if (!attached.contains(policy)) {
                String arn = "arn:" + aws.partition() + ":iam::aws:policy/" + policy;
                AwsCall.run(
                        "AttachRolePolicy",
                        name + " " + arn,
                        () -> iam.attachRolePolicy(b -> b.roleName(name).policyArn(arn)));
                created = true;
            }
        }
        String document = bundleReadPolicy(aws.partition(), bucket, keyPrefix);
        Optional<String> inline = AwsCall.find(
                "GetRolePolicy",
                name + " " + INLINE_POLICY,
                NOT_FOUND,
                () -> iam.getRolePolicy(b -> b.roleName(name).policyName(INLINE_POLICY))
                        .policyDocument());
        if (inline.map(d -> !java.net.URLDecoder.decode(d, java.nio.charset.StandardCharsets.UTF_8)
                        .replaceAll("\\s", "")
                        .equals(document))
                .orElse(true)) {
            AwsCall.run(
                    "PutRolePolicy",
                    name + " " + INLINE_POLICY,
                    () -> iam.putRolePolicy(
                            b -> b.roleName(name).policyName(INLINE_POLICY).policyDocument(document)));
            created = true;
        }
        Optional<InstanceProfile> profile = AwsCall.find(
                "GetInstanceProfile",
                name,
                NOT_FOUND,
                () -> iam.getInstanceProfile(b -> b.instanceProfileName(name)).instanceProfile());
        if (profile.isEmpty()) {
            AwsCall.run(
                    "CreateInstanceProfile",
                    name,
                    () -> iam.createInstanceProfile(
                            b -> b.instanceProfileName(name).tags(tags)));
            report.resource("IAM instance profile", "created", name);
            created = true;
        }
        if (profile.map(p -> p.roles().stream().noneMatch(r -> r.roleName().equals(name)))
                .orElse(true)) {
            AwsCall.run(
                    "AddRoleToInstanceProfile",
                    name,
                    () -> iam.addRoleToInstanceProfile(
                            b -> b.instanceProfileName(name).roleName(name)));
            created = true;
        }
        if (!created) {
            report.resource("IAM role + profile", "reused", name);
        }
        return created;
    }

    /**
     * After a create, waits (every 2 s, up to 2 minutes, one line when it has to) until IAM
     * reads back the profile with its role: what EC2 and Image Builder will look up next. IAM
     * is eventually consistent, so a profile read too early is missing or has no role yet.
     */
    public void awaitVisible(Poll.Sleeper sleeper) {
        for (int attempt = 1; ; attempt++) {
            Optional<InstanceProfile> profile = AwsCall.find(
                    "GetInstanceProfile",
                    name,
                    NOT_FOUND,
                    () -> aws.iam()
                            .getInstanceProfile(b -> b.instanceProfileName(name))
                            .instanceProfile());
            if (profile.map(p -> p.roles().stream().anyMatch(r -> r.roleName().equals(name)))
                    .orElse(false)) {
                return;
            }
            if (attempt >= VISIBLE_ATTEMPTS) {
                throw ExitException.failure("IAM instance profile " + name + " still shows no role " + name + " after "
                        + Progress.format(VISIBLE_INTERVAL.multipliedBy(VISIBLE_ATTEMPTS)) + "; run bake again");
            }
            if (attempt == 1) {
                report.line(
                        "  waiting for IAM to show instance profile " + name + " with its role (eventual consistency)");
            }
            try {
                sleeper.sleep(VISIBLE_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ExitException.failure("GetInstanceProfile " + name + ": interrupted");
            }
        }
    }

    /** Deletes profile, policies and role; returns false when there was nothing. */
    public boolean delete() {
        IamClient iam = aws.iam();
        boolean any = false;
        Optional<InstanceProfile> profile = AwsCall.find(
                "GetInstanceProfile",
                name,
                NOT_FOUND,
                () -> iam.getInstanceProfile(b -> b.instanceProfileName(name)).instanceProfile());
        if (profile.isPresent()) {
            for (var role : profile.get().roles()) {
                AwsCall.run(
                        "RemoveRoleFromInstanceProfile",
                        name,
                        () -> iam.removeRoleFromInstanceProfile(
                                b -> b.instanceProfileName(name).roleName(role.roleName())));
            }
            AwsCall.run(
                    "DeleteInstanceProfile", name, () -> iam.deleteInstanceProfile(b -> b.instanceProfileName(name)));
            any = true;
        }
        if (AwsCall.find("GetRole", name, NOT_FOUND, () -> iam.getRole(b -> b.roleName(name)))
                .isPresent()) {
            for (AttachedPolicy p : AwsCall.call(
                    "ListAttachedRolePolicies",
                    name,
                    () -> iam.listAttachedRolePolicies(b -> b.roleName(name)).attachedPolicies())) {
                AwsCall.run(
                        "DetachRolePolicy",
                        name + " " + p.policyArn(),
                        () -> iam.detachRolePolicy(b -> b.roleName(name).policyArn(p.policyArn())));
            }
            for (String policy : AwsCall.call(
                    "ListRolePolicies",
                    name,
                    () -> iam.listRolePolicies(b -> b.roleName(name)).policyNames())) {
                AwsCall.run(
                        "DeleteRolePolicy",
                        name + " " + policy,
                        () -> iam.deleteRolePolicy(b -> b.roleName(name).policyName(policy)));
            }
            AwsCall.run("DeleteRole", name, () -> iam.deleteRole(b -> b.roleName(name)));
            any = true;
        }
        return any;
    }
}
