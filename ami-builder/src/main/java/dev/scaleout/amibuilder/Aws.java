package dev.scaleout.amibuilder;

import dev.scaleout.support.AwsCall;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CallCounter;
import java.util.List;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
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
    // one lock per client: bake builds them from parallel groups
    private final Lazy<S3Client> s3;
    private final Lazy<IamClient> iam;
    private final Lazy<SsmClient> ssm;
    private final Lazy<Ec2Client> ec2;
    private final Lazy<StsClient> sts;
    private final Lazy<ImagebuilderClient> imageBuilder;
    private final Lazy<String> account;

    private static final class Lazy<T> {
        private final java.util.function.Supplier<T> make;
        private T value;

        Lazy(java.util.function.Supplier<T> make) {
            this.make = make;
        }

        synchronized T get() {
            if (value == null) {
                value = make.get();
            }
            return value;
        }

        synchronized T ifMade() {
            return value;
        }
    }

    public Aws(AwsClients clients) {
        this(clients, clients);
    }

    public Aws(AwsClients clients, AwsClients imageBuilderClients) {
        this.clients = clients;
        this.imageBuilderClients = imageBuilderClients;
        if (imageBuilderClients != clients) {
            imageBuilderClients.intercept(clients.calls());
        }
        // path-style S3 behind an endpoint override: emulators answer no virtual-host names
        s3 = new Lazy<>(() -> clients.build(
                S3Client.builder().forcePathStyle(clients.endpoint().isPresent())));
        iam = new Lazy<>(() -> clients.build(IamClient.builder()));
        ssm = new Lazy<>(() -> clients.build(SsmClient.builder()));
        ec2 = new Lazy<>(() -> clients.build(Ec2Client.builder()));
        sts = new Lazy<>(() -> clients.build(StsClient.builder()));
        imageBuilder = new Lazy<>(() -> imageBuilderClients.build(ImagebuilderClient.builder()));
        account = new Lazy<>(() -> AwsCall.call(
                "GetCallerIdentity",
                "(credentials)",
                () -> sts.get().getCallerIdentity().account()));
    }

    public String region() {
        return clients.region().id();
    }

    public CallCounter calls() {
        return clients.calls();
    }

    public S3Client s3() {
        return s3.get();
    }

    public IamClient iam() {
        return iam.get();
    }

    public SsmClient ssm() {
        return ssm.get();
    }

    public Ec2Client ec2() {
        return ec2.get();
    }

    public ImagebuilderClient imageBuilder() {
        return imageBuilder.get();
    }

    /** The account id (STS GetCallerIdentity), read once. */
    public String account() {
        return account.get();
    }

    /**
     * Builds every client on background threads, no call made: on a cold JVM building an SDK
     * client costs far more than a call, and bake can overlap it with reading the bundle.
     */
    public void warmUp() {
        for (Lazy<?> client : List.of(s3, iam, ssm, ec2, sts, imageBuilder)) {
            Thread t = new Thread(client::get, "ami-builder-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /** "aws", "aws-cn", "aws-us-gov"...: the SDK's partition for the region, for ARNs. */
    public String partition() {
        return PartitionMetadata.of(Region.of(region())).id();
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {
            s3.ifMade(), iam.ifMade(), ssm.ifMade(), ec2.ifMade(), sts.ifMade(), imageBuilder.ifMade()
        }) {
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
