package dev.scaleout.amibuilder;

import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The set-up the ami-builder ITs share: the module's moto server, the Image Builder fake at
 * its HTTP boundary, clients to check what a run left, and a fresh account, fake and harness
 * before each test.
 */
@ExtendWith(MotoExtension.class)
abstract class AgainstMotoAndImageBuilder {

    static MotoServer moto;
    static ImageBuilderFake imageBuilder;
    static S3Client s3;
    static IamClient iam;
    static SsmClient ssm;
    static Ec2Client ec2;

    @TempDir
    Path dir;

    Harness harness;

    /** No test of this class has run: the account is as MotoExtension reset it before the class. */
    private static boolean untouched;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        untouched = true;
        imageBuilder = new ImageBuilderFake(MotoServer.REGION);
        var clients = moto.clients();
        s3 = clients.build(S3Client.builder().forcePathStyle(true));
        iam = clients.build(IamClient.builder());
        ssm = clients.build(SsmClient.builder());
        ec2 = clients.build(Ec2Client.builder());
    }

    @AfterAll
    static void stop() {
        imageBuilder.close();
    }

    @BeforeEach
    void fresh() {
        if (!untouched) {
            moto.reset(); // about 1.5 s of moto's CPU (it reloads the AWS-managed IAM policies): once is enough
        }
        untouched = false;
        imageBuilder.reset();
        harness = new Harness(moto, imageBuilder, dir);
    }
}
