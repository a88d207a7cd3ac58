package dev.scaleout.support.testing;

import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyResponse;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;

/**
 * moto evaluates a bucket policy's Deny on object calls without any request context, so a
 * condition on aws:SecureTransport counts as met on every call and a TLS-only policy
 * refuses every object call (HTTP 403), though on AWS (always HTTPS with the SDK) it
 * refuses nothing the tools do. The policy reaches moto with a principal moto does not
 * evaluate, and reads back as sent (a tool that compares the policy it finds with its own sees
 * its own); the tool's own policy is kept in {@code sent} for the tests to check.
 */
public final class TlsOnlyForMoto implements ExecutionInterceptor {

    private static final String STAND_IN = "\"Principal\":\"moto-skips-it\"";
    private static final String ANYONE = "\"Principal\":\"*\"";

    private final List<String> sent;

    public TlsOnlyForMoto(List<String> sent) {
        this.sent = sent;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutBucketPolicyRequest put) {
            sent.add(put.policy());
            return put.toBuilder()
                    .policy(put.policy().replace(ANYONE, STAND_IN))
                    .build();
        }
        return context.request();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof GetBucketPolicyResponse got && got.policy() != null) {
            return got.toBuilder()
                    .policy(got.policy().replace(STAND_IN, ANYONE))
                    .build();
        }
        return context.response();
    }
}
