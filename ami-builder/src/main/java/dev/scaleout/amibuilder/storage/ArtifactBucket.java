package dev.scaleout.amibuilder.storage;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.amibuilder.Report;
import dev.scaleout.amibuilder.Tags;
import dev.scaleout.amibuilder.bundle.Bundle;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.S3Buckets;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The tool's bucket for bundles: private (all public access blocked), encrypted by default,
 * versioned. Objects are keyed by app version and SHA-256, so an unchanged bundle is found
 * with one HEAD and never uploaded twice.
 */
public final class ArtifactBucket {

    private final Aws aws;
    private final Report report;
    private final String prefix;
    private final String bucket;

    public ArtifactBucket(Aws aws, Report report, String prefix, String bucket) {
        this.aws = aws;
        this.report = report;
        this.prefix = prefix;
        this.bucket = bucket;
    }

    public String name() {
        return bucket;
    }

    public boolean exists() {
        return AwsCall.find(
                        "HeadBucket",
                        bucket,
                        Set.of("NoSuchBucket", "NotFound"),
                        () -> aws.s3().headBucket(b -> b.bucket(bucket)))
                .isPresent();
    }

    /** Creates the bucket with its settings when missing; an existing one is ours by name (account and region in it). */
    public void ensure() {
        if (exists()) {
            // A bucket made by an older version gets the TLS-only policy and the expiry too; a re-run changes nothing.
            if (!secured()) {
                secure();
            }
            report.resource("S3 bucket", "reused", bucket);
            return;
        }
        S3Client s3 = aws.s3();
        AwsCall.run(
                "CreateBucket",
                bucket,
                () -> s3.createBucket(b -> {
                    b.bucket(bucket);
                    if (!aws.region().equals("us-east-1")) {
                        b.createBucketConfiguration(
                                c -> c.locationConstraint(BucketLocationConstraint.fromValue(aws.region())));
                    }
                }));
        AwsCall.run(
                "PutBucketTagging",
                bucket,
                () -> s3.putBucketTagging(b -> b.bucket(bucket)
                        .tagging(t -> t.tagSet(Tags.of(prefix, bucket).entrySet().stream()
                                .map(e -> Tag.builder()
                                        .key(e.getKey())
                                        .value(e.getValue())
                                        .build())
                                .toList()))));
        S3Buckets.blockPublicAccess(s3, bucket);
        S3Buckets.encryptWithS3Keys(s3, bucket);
        AwsCall.run(
                "PutBucketVersioning",
                bucket,
                () -> s3.putBucketVersioning(
                        b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
        secure();
        report.resource(
                "S3 bucket",
                "created",
                bucket + " (private, encrypted, versioned, TLS only, old bundles expire after " + EXPIRE_DAYS
                        + " days)");
    }

    /** Days after which a bundle (and, once replaced or deleted, any older version of it) is deleted. */
    public static final int EXPIRE_DAYS = 90;

    public static final int NONCURRENT_DAYS = 30;

    /**
     * Refuses any request not made over TLS (aws:SecureTransport false), and expires old bundles:
     * current ones after {@link #EXPIRE_DAYS} (a bake of that version uploads it again), earlier
     * versions {@link #NONCURRENT_DAYS} after they were replaced, unfinished uploads after 7 days.
     */
    void secure() {
        S3Client s3 = aws.s3();
        AwsCall.run(
                "PutBucketPolicy",
                bucket,
                () -> s3.putBucketPolicy(b -> b.bucket(bucket).policy(tlsOnlyPolicy(bucket))));
        AwsCall.run(
                "PutBucketLifecycleConfiguration",
                bucket,
                () -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                        .lifecycleConfiguration(c -> c.rules(LifecycleRule.builder()
                                .id("expire-old-bundles")
                                .status(ExpirationStatus.ENABLED)
                                .filter(f -> f.prefix(""))
                                .expiration(e -> e.days(EXPIRE_DAYS))
                                .noncurrentVersionExpiration(n -> n.noncurrentDays(NONCURRENT_DAYS))
                                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7))
                                .build()))));
    }

    /** Whether the bucket already has a TLS-only policy and the expiry rule (two reads). */
    boolean secured() {
        S3Client s3 = aws.s3();
        boolean tls = AwsCall.find(
                        "GetBucketPolicy",
                        bucket,
                        Set.of("NoSuchBucketPolicy"),
                        () -> s3.getBucketPolicy(b -> b.bucket(bucket)).policy())
                .filter(p -> p.contains("aws:SecureTransport"))
                .isPresent();
        boolean expiry = AwsCall.find(
                        "GetBucketLifecycleConfiguration",
                        bucket,
                        Set.of("NoSuchLifecycleConfiguration"),
                        () -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))
                                .rules())
                .filter(rules -> rules.stream()
                        .anyMatch(r -> "expire-old-bundles".equals(r.id()) && r.status() == ExpirationStatus.ENABLED))
                .isPresent();
        return tls && expiry;
    }

    /** The bucket policy: deny every S3 action on the bucket and its objects over plain HTTP. */
    public static String tlsOnlyPolicy(String bucket) {
        return S3Buckets.policy(S3Buckets.denyInsecureTransport(S3Buckets.arn("aws", bucket)));
    }

    /** Uploads the bundle unless the same key (version + checksum) is there already. */
    public void upload(Bundle bundle, String key) {
        boolean present = AwsCall.find(
                        "HeadObject",
                        "s3://" + bucket + "/" + key,
                        Set.of("NoSuchKey", "NotFound"),
                        () -> aws.s3().headObject(b -> b.bucket(bucket).key(key)))
                .isPresent();
        if (present) {
            report.resource("bundle", "reused", "s3://" + bucket + "/" + key);
            return;
        }
        AwsCall.run(
                "PutObject",
                "s3://" + bucket + "/" + key,
                () -> aws.s3()
                        .putObject(
                                b -> b.bucket(bucket)
                                        .key(key)
                                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                                        .metadata(Map.of(
                                                "app-version",
                                                bundle.appVersion(),
                                                "git-commit",
                                                bundle.gitCommit(),
                                                "sha256",
                                                bundle.sha256())),
                                RequestBody.fromFile(bundle.file())));
        report.resource("bundle", "uploaded", "s3://" + bucket + "/" + key + " (" + bundle.size() / 1024 + " KiB)");
    }

    /** Empties (every version and delete marker) and deletes the bucket. */
    public boolean delete() {
        if (!exists()) {
            return false;
        }
        S3Client s3 = aws.s3();
        S3Buckets.empty(s3, bucket);
        AwsCall.run("DeleteBucket", bucket, () -> s3.deleteBucket(b -> b.bucket(bucket)));
        return true;
    }
}
