package dev.scaleout.infra.engine;

import dev.scaleout.support.AwsCall;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The account a run works in, asked of STS once and only when a type needs it (a bucket name
 * and policy, a service role's trust policy): one GetCallerIdentity a run, shared by the types.
 */
public final class CallerAccount implements Supplier<String> {

    private final StsClient sts;
    private String account;

    public CallerAccount(StsClient sts) {
        this.sts = sts;
    }

    @Override
    public synchronized String get() {
        if (account == null) {
            account = AwsCall.call(
                    "GetCallerIdentity", "caller", () -> sts.getCallerIdentity().account());
        }
        return account;
    }
}
