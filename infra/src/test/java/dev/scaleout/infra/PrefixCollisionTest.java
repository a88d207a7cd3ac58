package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/** A second stack with the same prefix stops before its first mutating call, counted at the SDK's interceptor. */
class PrefixCollisionTest {

    static MotoServer moto;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    @Test
    void aSecondStackWithTheSamePrefixIsRefusedBeforeAnyMutatingCall() throws Exception {
        moto.reset();
        TestStacks.apply(TestStacks.run(TestStacks.config("first", "my"), moto.clients()));
        Path config = dir.resolve("stack.yaml");
        Files.writeString(config, "stack: second\nprefix: my\nregion: " + MotoServer.REGION
                + "\nsecurity: {adminCidr: " + TestStacks.ADMIN_CIDR + "}\ninstances: {amiId: " + TestStacks.AMI + "}\n");

        AwsClients clients = moto.clients();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        var line = InfraCli.commandLine(new InfraCli(region -> clients, new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0])));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute("apply", "--yes", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: prefix: ").contains("my-app-role already exists and belongs to stack 'first'")
                .contains("set another 'prefix'").doesNotContain("\n");
        assertThat(clients.calls().mutating()).as(clients.calls().byOperation().toString()).isZero();
        try (Ec2Client ec2 = moto.clients().build(Ec2Client.builder())) {
            assertThat(ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:Stack").values("second").build())).vpcs()).isEmpty();
        }
    }
}
