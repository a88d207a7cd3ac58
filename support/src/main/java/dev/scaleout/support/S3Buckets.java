package dev.scaleout.support;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What the buckets of both CLIs share (ami-builder's artifacts, infra's ALB access logs):
 * the bucket-policy statement that refuses plain HTTP, and emptying a bucket of every object
 * version and delete marker, which S3 requires before DeleteBucket.
 */
public final class S3Buckets {

    private S3Buckets() {}

    /** The ARN of a bucket in the partition of its region ("aws", "aws-cn", "aws-us-gov"). */
    public static String arn(String partition, String bucket) {
        return "arn:" + partition + ":s3:::" + bucket;
    }

    /** A policy statement: deny every S3 action on the bucket and its objects over plain HTTP (aws:SecureTransport false). */
    public static String denyInsecureTransport(String bucketArn) {
        return """
                {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",\
                "Resource":["%s","%s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}""".formatted(bucketArn, bucketArn);
    }

    /** A policy document of these statements (JSON objects). */
    public static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /** Blocks every kind of public access (ACLs and policies, new and existing) on the bucket. */
    public static void blockPublicAccess(S3Client s3, String bucket) {
        AwsCall.run(
                "PutPublicAccessBlock",
                bucket,
                () -> s3.putPublicAccessBlock(b -> b.bucket(bucket)
                        .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                                .ignorePublicAcls(true)
                                .blockPublicPolicy(true)
                                .restrictPublicBuckets(true))));
    }

    /** Encrypts new objects by default with S3-managed keys (SSE-S3, AES256). */
    public static void encryptWithS3Keys(S3Client s3, String bucket) {
        AwsCall.run(
                "PutBucketEncryption",
                bucket,
                () -> s3.putBucketEncryption(b -> b.bucket(bucket)
                        .serverSideEncryptionConfiguration(c -> c.rules(r -> r.applyServerSideEncryptionByDefault(
                                        d -> d.sseAlgorithm(ServerSideEncryption.AES256))
                                .bucketKeyEnabled(true)))));
    }

    /**
     * Deletes every object version and delete marker, a page (up to 1,000) per DeleteObjects;
     * returns how many. A bucket never versioned lists its objects as versions too ("null").
     */
    public static int empty(S3Client s3, String bucket) {
        int deleted = 0;
        String keyMarker = null;
        String versionMarker = null;
        do {
            String km = keyMarker;
            String vm = versionMarker;
            ListObjectVersionsResponse page = AwsCall.call(
                    "ListObjectVersions",
                    bucket,
                    () -> s3.listObjectVersions(
                            b -> b.bucket(bucket).keyMarker(km).versionIdMarker(vm)));
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.versions()
                    .forEach(v -> ids.add(ObjectIdentifier.builder()
                            .key(v.key())
                            .versionId(v.versionId())
                            .build()));
            page.deleteMarkers()
                    .forEach(d -> ids.add(ObjectIdentifier.builder()
                            .key(d.key())
                            .versionId(d.versionId())
                            .build()));
            if (!ids.isEmpty()) {
                var errors = AwsCall.call(
                                "DeleteObjects",
                                bucket,
                                () -> s3.deleteObjects(b -> b.bucket(bucket)
                                        .delete(d -> d.objects(ids).quiet(true))))
                        .errors();
                // a quiet delete answers 200 and lists only the keys it could not delete
                if (!errors.isEmpty()) {
                    throw ExitException.failure("DeleteObjects " + bucket + ": " + errors.size() + " not deleted, e.g. "
                            + errors.get(0).key() + ": " + errors.get(0).code());
                }
                deleted += ids.size();
            }
            keyMarker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextKeyMarker() : null;
            versionMarker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextVersionIdMarker() : null;
        } while (keyMarker != null);
        return deleted;
    }
}
