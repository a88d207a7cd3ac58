package dev.scaleout.infra.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.CallerAccount;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.engine.TaggedByStack;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.S3Buckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * "log-bucket": the S3 bucket the ALB writes its access logs to (Terraform's aws_s3_bucket with
 * its public access block, encryption, policy and lifecycle). Its AWS name is the spec's name
 * with the account and region after it ({@code my-alb-logs-123456789012-eu-west-1}), unique
 * across S3; a bucket cannot be renamed, so a new name replaces it. Encrypted with S3-managed
 * keys (SSE-S3): ALB access logs support no other; all public access blocked; a policy that lets
 * Elastic Load Balancing write under {@code <logPrefix>/AWSLogs/<account>/} and refuses plain
 * HTTP; a lifecycle rule that deletes logs after {@code expireDays}. Found by the stack's tags
 * through the tagging API (S3 has no tag filter of its own); id: the bucket's name.
 */
public final class AccessLogBucketType implements ManagedType {

    public static final String TYPE = "log-bucket";
    public static final Setting LOG_PREFIX = Setting.scalar("logPrefix");
    public static final Setting EXPIRE_DAYS = Setting.scalar("expireDays");
    public static final Setting ENCRYPTION = Setting.scalar("encryption");
    public static final Setting PUBLIC_ACCESS_BLOCK = Setting.scalar("publicAccessBlock");
    /** The statements of the bucket policy found as this type writes them, by Sid. */
    public static final Setting POLICY = Setting.set("policy");

    public static final Schema SCHEMA =
            Schema.of(TYPE, Setting.NAME, LOG_PREFIX, EXPIRE_DAYS, ENCRYPTION, PUBLIC_ACCESS_BLOCK, POLICY);

    /** What the settings hold when the bucket is as this type makes it. */
    public static final String SSE_S3 = ServerSideEncryption.AES256.toString();

    public static final String ALL_BLOCKED = "all";
    public static final String POLICY_STATEMENTS = "AllowElbLogDelivery,DenyInsecureTransport";
    static final String EXPIRY_RULE = "expire-access-logs";
    static final String NONE = "none";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NO_BUCKET = Set.of("NoSuchBucket", "NotFound");

    private final S3Client s3;
    private final ResourceGroupsTaggingApiClient tagging;
    private final CallerAccount account;
    private final Retry retry;

    public AccessLogBucketType(
            S3Client s3, ResourceGroupsTaggingApiClient tagging, CallerAccount account, Retry retry) {
        this.s3 = s3;
        this.tagging = tagging;
        this.account = account;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /** The bucket's AWS name for a spec name: globally unique by the account and region in it. */
    public String awsName(String name, StackScope scope) {
        return name + "-" + account.get() + "-" + scope.region().id();
    }

    private static String partition(StackScope scope) {
        return PartitionMetadata.of(scope.region()).id();
    }

    /** The policy this type puts on the bucket: ELB may write its logs, nobody may use plain HTTP. */
    public String policy(String bucket, String logPrefix, StackScope scope) {
        String arn = S3Buckets.arn(partition(scope), bucket);
        return S3Buckets.policy(
                ElbLogDelivery.statement(partition(scope), scope.region().id(), arn, logPrefix, account.get()),
                S3Buckets.denyInsecureTransport(arn));
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<Actual> found = new ArrayList<>();
        for (var mapping : TaggedByStack.find(tagging, "s3", scope)) {
            String arn = mapping.resourceARN();
            String bucket = arn.substring(arn.lastIndexOf(':') + 1);
            if (!bucket.endsWith("-" + scope.region().id())) {
                continue; // a same-named stack's bucket in another region: S3 would answer from there with a redirect
            }
            Map<String, String> tags = TaggedByStack.tags(mapping);
            // the tagging API lists a deleted bucket for a while: one it cannot read is gone
            read(bucket, scope)
                    .ifPresent(settings -> found.add(
                            Actual.of(type(), tags.getOrDefault("Name", bucket), bucket, settings, "available")));
        }
        return found;
    }

    /** The bucket's settings in the spec's words; empty when there is no such bucket. */
    Optional<Map<String, String>> read(String bucket, StackScope scope) {
        if (!exists(bucket)) {
            return Optional.empty();
        }
        Map<String, String> s = new TreeMap<>();
        s.put(
                ENCRYPTION.key(),
                AwsCall.find(
                                "GetBucketEncryption",
                                bucket,
                                Set.of("ServerSideEncryptionConfigurationNotFoundError"),
                                () -> s3.getBucketEncryption(b -> b.bucket(bucket))
                                        .serverSideEncryptionConfiguration()
                                        .rules())
                        .filter(rules -> !rules.isEmpty())
                        .map(rules -> rules.get(0)
                                .applyServerSideEncryptionByDefault()
                                .sseAlgorithmAsString())
                        .orElse(NONE));
        s.put(
                PUBLIC_ACCESS_BLOCK.key(),
                AwsCall.find(
                                "GetPublicAccessBlock",
                                bucket,
                                Set.of("NoSuchPublicAccessBlockConfiguration"),
                                () -> s3.getPublicAccessBlock(b -> b.bucket(bucket))
                                        .publicAccessBlockConfiguration())
                        .map(AccessLogBucketType::blocked)
                        .orElse(NONE));
        s.put(
                EXPIRE_DAYS.key(),
                AwsCall.find(
                                "GetBucketLifecycleConfiguration",
                                bucket,
                                Set.of("NoSuchLifecycleConfiguration"),
                                () -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))
                                        .rules())
                        .flatMap(rules -> rules.stream()
                                .filter(r -> EXPIRY_RULE.equals(r.id()) && r.status() == ExpirationStatus.ENABLED)
                                .filter(r ->
                                        r.expiration() != null && r.expiration().days() != null)
                                .map(r -> String.valueOf(r.expiration().days()))
                                .findFirst())
                        .orElse(NONE));
        Optional<String> policy = AwsCall.find(
                "GetBucketPolicy",
                bucket,
                Set.of("NoSuchBucketPolicy"),
                () -> s3.getBucketPolicy(b -> b.bucket(bucket)).policy());
        String prefix = policy.flatMap(AccessLogBucketType::logPrefix).orElse(NONE);
        s.put(LOG_PREFIX.key(), prefix);
        s.put(
                POLICY.key(),
                policy.map(p -> statementsAsWritten(p, policy(bucket, prefix, scope)))
                        .orElse(""));
        return Optional.of(s);
    }

    private boolean exists(String bucket) {
        return AwsCall.find("HeadBucket", bucket, NO_BUCKET, () -> s3.headBucket(b -> b.bucket(bucket)))
                .isPresent();
    }

    static String blocked(PublicAccessBlockConfiguration c) {
        if (Boolean.TRUE.equals(c.blockPublicAcls())
                && Boolean.TRUE.equals(c.ignorePublicAcls())
                && Boolean.TRUE.equals(c.blockPublicPolicy())
                && Boolean.TRUE.equals(c.restrictPublicBuckets())) {
            return ALL_BLOCKED;
        }
        return "partly";
    }

    /** The prefix the log-delivery statement lets ELB write under ("alb" of ".../alb/AWSLogs/..."). */
    static Optional<String> logPrefix(String policy) {
        for (JsonNode st : parse(policy).path("Statement")) {
            String resource = st.path("Resource").asText("");
            int logs = resource.indexOf("/AWSLogs/");
            int bucketEnd = resource.indexOf('/');
            if ("AllowElbLogDelivery".equals(st.path("Sid").asText()) && logs > bucketEnd && bucketEnd > 0) {
                return Optional.of(resource.substring(bucketEnd + 1, logs));
            }
        }
        return Optional.empty();
    }

    /** The Sids of the found policy's statements that are exactly as this type writes them (parsed, so spacing does not count). */
    static String statementsAsWritten(String found, String wanted) {
        Map<String, JsonNode> ours = new TreeMap<>();
        parse(wanted).path("Statement").forEach(st -> ours.put(st.path("Sid").asText(), st));
        Set<String> same = new TreeSet<>();
        for (JsonNode st : parse(found).path("Statement")) {
            String sid = st.path("Sid").asText();
            if (st.equals(ours.get(sid))) {
                same.add(sid);
            }
        }
        return String.join(",", same);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        String bucket = awsName(spec.name(), scope);
        if (!exists(bucket)) {
            return Optional.empty();
        }
        return Optional.of(AwsCall.find(
                        "GetBucketTagging",
                        bucket,
                        Set.of("NoSuchTagSet"),
                        () -> s3.getBucketTagging(b -> b.bucket(bucket)).tagSet())
                .flatMap(tags -> tags.stream()
                        .filter(t -> "Stack".equals(t.key()))
                        .map(Tag::value)
                        .findFirst())
                .orElse(""));
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String bucket = awsName(spec.name(), scope);
        String region = scope.region().id();
        try {
            s3.createBucket(b -> {
                b.bucket(bucket);
                if (!region.equals("us-east-1")) {
                    b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
                }
            });
        } catch (AwsServiceException e) {
            // made by an earlier run stopped before it tagged the bucket: the name (account, region) makes it ours
            if (!"BucketAlreadyOwnedByYou".equals(AwsCall.code(e))) {
                throw ExitException.aws("CreateBucket", bucket, e);
            }
        } catch (SdkException e) {
            throw ExitException.aws("CreateBucket", bucket, e);
        }
        AwsCall.run(
                "PutBucketTagging",
                bucket,
                () -> s3.putBucketTagging(b -> b.bucket(bucket)
                        .tagging(t -> t.tagSet(scope.tags(spec.name()).entrySet().stream()
                                .map(e -> Tag.builder()
                                        .key(e.getKey())
                                        .value(e.getValue())
                                        .build())
                                .toList()))));
        configure(bucket, spec, scope);
        return bucket;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        configure(actual.id(), spec, scope);
    }

    /** Public access blocked, SSE-S3, the policy, the expiry: each call sets the whole of its part, so a re-run is harmless. */
    private void configure(String bucket, Spec spec, StackScope scope) {
        S3Buckets.blockPublicAccess(s3, bucket);
        // SSE-S3 is the one encryption ALB access logs support (not SSE-KMS): the setting only shows drift
        S3Buckets.encryptWithS3Keys(s3, bucket);
        String policy = policy(bucket, spec.setting(LOG_PREFIX), scope);
        AwsCall.run(
                "PutBucketPolicy",
                bucket,
                () -> s3.putBucketPolicy(b -> b.bucket(bucket).policy(policy)));
        int days = Integer.parseInt(spec.setting(EXPIRE_DAYS));
        AwsCall.run(
                "PutBucketLifecycleConfiguration",
                bucket,
                () -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                        .lifecycleConfiguration(c -> c.rules(LifecycleRule.builder()
                                .id(EXPIRY_RULE)
                                .status(ExpirationStatus.ENABLED)
                                .filter(f -> f.prefix(""))
                                .expiration(e -> e.days(days))
                                // the bucket is not versioned; should someone turn versioning on, old versions go too
                                .noncurrentVersionExpiration(n -> n.noncurrentDays(1))
                                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))
                                .build()))));
    }

    /**
     * Empties the bucket (every version and delete marker) and deletes it; a log file the ALB
     * delivers in between makes S3 refuse, and it is emptied and asked again.
     */
    @Override
    public void delete(Actual actual, StackScope scope) {
        String bucket = actual.id();
        if (!exists(bucket)) {
            return;
        }
        try {
            retry.run("DeleteBucket " + bucket, Retry.NOT_EMPTY, () -> {
                S3Buckets.empty(s3, bucket);
                s3.deleteBucket(b -> b.bucket(bucket));
            });
        } catch (AwsServiceException e) {
            if (!NO_BUCKET.contains(AwsCall.code(e))) {
                throw ExitException.aws("DeleteBucket", bucket, e);
            }
        } catch (SdkException e) {
            throw ExitException.aws("DeleteBucket", bucket, e);
        }
    }
}
