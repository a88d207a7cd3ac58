package dev.scaleout.amibuilder;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CallCounter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One client per service for a run, built lazily (a command builds only what it calls).
 * Image Builder may come from its own {@link AwsClients} (tests point it at WireMock while
 * the rest talk to moto); its calls still count in the run's counter.
 */
public final class Aws implements AutoCloseable {

    private final AwsClients clients;
    private final AwsClients imageBuilderClients;
    private S3Client s3;
    private IamClient iam;
    private SsmClient ssm;
    private Ec2Client ec2;
    private StsClient sts;
    private ImagebuilderClient imageBuilder;
    private String account;

    public Aws(AwsClients clients) {
        this(clients, clients);
    }

    public Aws(AwsClients clients, AwsClients imageBuilderClients) {
        this.clients = clients;
        this.imageBuilderClients = imageBuilderClients;
        if (imageBuilderClients != clients) {
            imageBuilderClients.intercept(clients.calls());
        }
    }

    public String region() {
        return clients.region().id();
    }

    public CallCounter calls() {
        return clients.calls();
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            // path-style: bucket names with dots and emulators both work
            s3 = clients.build(S3Client.builder().forcePathStyle(clients.endpoint().isPresent()));
        }
        return s3;
    }

    public synchronized IamClient iam() {
        if (iam == null) {
            iam = clients.build(IamClient.builder());
        }
        return iam;
    }

    public synchronized SsmClient ssm() {
        if (ssm == null) {
            ssm = clients.build(SsmClient.builder());
        }
        return ssm;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = clients.build(Ec2Client.builder());
        }
        return ec2;
    }

    public synchronized ImagebuilderClient imageBuilder() {
        if (imageBuilder == null) {
            imageBuilder = imageBuilderClients.build(ImagebuilderClient.builder());
        }
        return imageBuilder;
    }

    /** The account id (STS GetCallerIdentity), read once. */
    public synchronized String account() {
        if (account == null) {
            if (sts == null) {
                sts = clients.build(StsClient.builder());
            }
            account = Calls.call("GetCallerIdentity", "(credentials)", () -> sts.getCallerIdentity().account());
        }
        return account;
    }

    public String partition() {
        String r = region();
        return r.startsWith("cn-") ? "aws-cn" : r.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {s3, iam, ssm, ec2, sts, imageBuilder}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort at exit
                }
            }
        }
    }
}
