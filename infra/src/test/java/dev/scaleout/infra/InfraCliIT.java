package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The commands end to end: what they print, their exit codes, and that validation comes before any AWS call. */
@ExtendWith(MotoExtension.class)
class InfraCliIT {

    static MotoServer moto;

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final StringWriter err = new StringWriter();
    final AtomicInteger clientsBuilt = new AtomicInteger();

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    @BeforeEach
    void reset() {
        moto.reset();
    }

    int run(String stdin, String... args) {
        return run(
                region -> {
                    clientsBuilt.incrementAndGet();
                    return moto.clients();
                },
                stdin,
                args);
    }

    int run(Function<Optional<String>, AwsClients> clients, String stdin, String... args) {
        out.reset();
        InfraCli cli = new InfraCli(
                clients,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        CommandLine line = InfraCli.commandLine(cli);
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    Path config(String yaml) throws Exception {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    void publishAmi() {
        moto.clients()
                .build(SsmClient.builder())
                .putParameter(r -> r.name("/scaleout/golden-ami/latest")
                        .value(TestStacks.AMI)
                        .type(ParameterType.STRING));
    }

    @Test
    void planDryRunNeedsNoCredentialsAndPlansTheWholeStack() throws Exception {
        int code = run(
                region -> {
                    throw new AssertionError("no AWS clients in a dry run");
                },
                "",
                "plan",
                "--dry-run",
                "--region",
                "eu-west-1",
                "--config",
                config("stack: demo").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out())
                .contains(
                        "+ vpc/my-vpc",
                        "+ nat-gateway/my-nat-a",
                        "+ security-group/my-db-sg",
                        "+ db-instance/my-db",
                        "+ load-balancer/my-asg-alb",
                        "+ auto-scaling-group/my-asg-ec2",
                        "tcp:3306:sg=@security-group/my-asg-ec2-sg")
                .containsPattern("Plan: \\d+ to add, 0 to change, 0 to replace, 0 to destroy.");
    }

    @Test
    void applyDryRunShowsPlanAndCostWithoutAws() throws Exception {
        int code = run(
                region -> {
                    throw new AssertionError("no AWS clients in a dry run");
                },
                "",
                "apply",
                "--dry-run",
                "--region",
                "ap-northeast-2");
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("no --config and no ./stack.yaml"); // a note, not the plan
        assertThat(out())
                .contains(
                        "+ vpc/my-vpc",
                        "+ subnet/my-public-subnet-c",
                        "az = \"ap-northeast-2c\"",
                        "Estimated cost once applied, ap-northeast-2",
                        "nothing will be changed");
    }

    @Test
    void aConfigMistakeIsExit2WithOneLineBeforeAnyAwsCall() throws Exception {
        int code = run(
                "",
                "apply",
                "--yes",
                "--region",
                "eu-west-1",
                "--config",
                config("security: {adminCidr: 0.0.0.0/0}").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("error: security.adminCidr: 0.0.0.0/0")
                .doesNotContain("\n");
        assertThat(clientsBuilt).hasValue(0);

        code = run("", "plan", "--config", config("autoScaling: {desierd: 2}").toString(), "--region", "eu-west-1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown key 'autoScaling.desierd': did you mean 'autoScaling.desired'?");
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void theOperatingCommandsTakeTheStackFromTheCliOptions() throws Exception {
        // status reads the group named by the config's prefix, with the CLI's clients.
        int code = run(
                "",
                "status",
                "--config",
                config("prefix: wired\nregion: eu-west-1").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no Auto Scaling group 'wired-asg-ec2'");
        assertThat(clientsBuilt).hasValue(1);

        // A bad option or config is exit 2 before any client is built, for demo and rollout too.
        clientsBuilt.set(0);
        assertThat(run("", "demo", "--duration", "5", "--region", "eu-west-1")).isEqualTo(2);
        assertThat(run(
                        "",
                        "rollout",
                        "--config",
                        config("autoScaling: {min: 4}").toString(),
                        "--region",
                        "eu-west-1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("autoScaling");
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void aMissingAmiParameterIsExit2BeforeAnyChange() throws Exception {
        int code = run(
                "", "apply", "--yes", "--config", config("region: eu-west-1").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("instances.amiParameter: SSM parameter /scaleout/golden-ami/latest does not exist");
        StackRun run = TestStacks.run(TestStacks.config(), moto.clients());
        assertThat(run.discover().all()).isEmpty();
    }

    @Test
    void aMysqlVersionAwsWouldRefuseIsExit2BeforeAnyChange() throws Exception {
        publishAmi();
        // moto has no DescribeDBMajorEngineVersions: the kit's calendar decides (EngineSupportTest covers AWS's
        // answer).
        int code = run(
                "",
                "apply",
                "--yes",
                "--config",
                config("region: eu-west-1\ndatabase: {engineVersion: \"8.0\"}").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("database.engineVersion 8.0: MySQL 8.0 left RDS standard support on 2026-07-31")
                .contains("set engineVersion \"8.4\", or extendedSupport: true");
        assertThat(TestStacks.run(TestStacks.config(), moto.clients())
                        .discover()
                        .all())
                .isEmpty();
    }

    @Test
    void applyShowsPlanAndCostAsksThenBuildsAndASecondApplyChangesNothing() throws Exception {
        publishAmi();
        Path file = config("region: eu-west-1\nsecurity: {adminCidr: 203.0.113.7/32}");

        assertThat(run("no\n", "apply", "--config", file.toString())).isEqualTo(1);
        assertThat(out())
                .contains("+ vpc/my-vpc", "Estimated cost once applied, eu-west-1", "per hour", "Apply cancelled");
        assertThat(TestStacks.run(TestStacks.config(), moto.clients())
                        .discover()
                        .all())
                .isEmpty();

        assertThat(run("yes\n", "apply", "--config", file.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out())
                .contains("Apply complete", "URL: http://")
                .containsPattern("AWS calls: \\d+ reads, \\d+ mutating");

        assertThat(run("", "apply", "--config", file.toString(), "--stats")).isZero();
        assertThat(out())
                .contains("No changes")
                .containsPattern("AWS calls: \\d+ reads, 0 mutating")
                .contains("Ec2:DescribeVpcs 1");

        assertThat(run("", "plan", "--config", file.toString())).isZero();
        assertThat(out()).contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy.");
    }

    @Test
    void destroyAsksThenRemovesEverythingAndIsSafeToRepeat() throws Exception {
        publishAmi();
        Path file = config("region: eu-west-1");
        assertThat(run("", "apply", "--yes", "--config", file.toString()))
                .as(err.toString())
                .isZero();

        assertThat(run("n\n", "destroy", "--config", file.toString())).isEqualTo(1);
        assertThat(out()).contains("- vpc/my-vpc", "Destroy cancelled");

        assertThat(run("", "destroy", "--yes", "--config", file.toString()))
                .as(err + out())
                .isZero();
        assertThat(out()).contains("Destroy complete: nothing tagged Stack=demo remains.");
        assertThat(run("", "destroy", "--yes", "--config", file.toString())).isZero();
        assertThat(out()).contains("No changes").contains("Destroy complete");
    }

    /**
     * database.finalSnapshotOnDestroy: the snapshot is kept on purpose and carries the stack's
     * tags (CopyTagsToSnapshot), so the teardown check sees it; destroy names it, says how to
     * delete it, and exits 0, on every run while it is there.
     */
    @Test
    void destroyKeepsTheFinalSnapshotAsAskedNamesItAndSucceeds() throws Exception {
        publishAmi();
        Path file = config("region: eu-west-1\ndatabase: {finalSnapshotOnDestroy: true}");
        assertThat(run("", "apply", "--yes", "--config", file.toString()))
                .as(err.toString())
                .isZero();

        assertThat(run("", "destroy", "--yes", "--config", file.toString()))
                .as(err + out())
                .isZero();

        var snapshots = moto.clients()
                .build(software.amazon.awssdk.services.rds.RdsClient.builder())
                .describeDBSnapshots(r -> r.dbInstanceIdentifier("my-db"))
                .dbSnapshots();
        assertThat(snapshots).singleElement();
        String snapshot = snapshots.get(0).dbSnapshotIdentifier();
        assertThat(snapshot).startsWith("my-db-final-");
        assertThat(out())
                .contains("kept: database snapshot " + snapshot + " (database.finalSnapshotOnDestroy)")
                .contains("aws rds delete-db-snapshot --db-snapshot-identifier " + snapshot + " --region eu-west-1")
                .contains("Destroy complete")
                .doesNotContain("still there");
        assertThat(run("", "destroy", "--yes", "--config", file.toString()))
                .as(err + out())
                .isZero();
        assertThat(out()).contains("kept: database snapshot " + snapshot);
    }

    @Test
    void aSecondStackWithTheSamePrefixIsRefusedBeforeAnyMutatingCall() throws Exception {
        TestStacks.apply(TestStacks.run(TestStacks.config("first", "my"), moto.clients()));
        Path file = config("stack: second\nprefix: my\nregion: " + MotoServer.REGION + "\nsecurity: {adminCidr: "
                + TestStacks.ADMIN_CIDR + "}\ninstances: {amiId: " + TestStacks.AMI + "}\n");
        AwsClients clients = moto.clients();

        assertThat(run(region -> clients, "", "apply", "--yes", "--config", file.toString()))
                .isEqualTo(2);

        assertThat(err.toString().strip())
                .startsWith("error: prefix: ")
                .contains("my-app-role already exists and belongs to stack 'first'")
                .contains("set another 'prefix'")
                .doesNotContain("\n");
        assertThat(clients.calls().mutating())
                .as(clients.calls().byOperation().toString())
                .isZero();
        assertThat(TestStacks.run(TestStacks.config("second", "my"), moto.clients())
                        .discover()
                        .all())
                .isEmpty();
    }

    /**
     * Deletion protection of the ALB and the database, from the command line: a replace of the
     * protected database is exit 2 with one line naming it and the key, and no mutating call;
     * plan warns of it; destroy says it will turn protection off, does nothing on "no", and on
     * "yes" turns it off and deletes everything.
     */
    @Test
    void aProtectedDatabaseIsNotReplacedAndDestroyTurnsProtectionOffAfterTheConfirmation() throws Exception {
        publishAmi();
        String base = "region: eu-west-1\nloadBalancer: {deletionProtection: true}\n";
        Path file = config(base + "database: {deletionProtection: true}");
        assertThat(run("", "apply", "--yes", "--config", file.toString()))
                .as(err.toString())
                .isZero();
        var rds = moto.clients().build(software.amazon.awssdk.services.rds.RdsClient.builder());
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("my-db"))
                        .dbInstances()
                        .get(0)
                        .deletionProtection())
                .isTrue();

        Path renamed = config(base + "database: {deletionProtection: true, databaseName: orders}");
        AwsClients clients = moto.clients();
        assertThat(run(region -> clients, "", "apply", "--yes", "--config", renamed.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("error: db-instance my-db has deletion protection on in AWS and this plan would replace it")
                .contains("first apply with database.deletionProtection: false and no other change")
                .doesNotContain("\n");
        assertThat(clients.calls().mutating())
                .as(clients.calls().byOperation().toString())
                .isZero();
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("my-db"))
                        .dbInstances()
                        .get(0)
                        .dbName())
                .isEqualTo("fleet");

        assertThat(run("", "plan", "--config", renamed.toString())).isZero();
        assertThat(out()).contains("warning: db-instance my-db has deletion protection on in AWS");

        assertThat(run("no\n", "destroy", "--config", file.toString())).isEqualTo(1);
        assertThat(out())
                .contains("db-instance/my-db has deletion protection on: destroy turns it off after you confirm")
                .contains("load-balancer/my-asg-alb has deletion protection on")
                .contains("Destroy cancelled");
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("my-db"))
                        .dbInstances()
                        .get(0)
                        .deletionProtection())
                .isTrue();

        assertThat(run("yes\n", "destroy", "--config", file.toString()))
                .as(err + out())
                .isZero();
        assertThat(out())
                .contains("~ turning off deletion protection of load-balancer/my-asg-alb")
                .contains("~ turning off deletion protection of db-instance/my-db")
                .contains("Destroy complete: nothing tagged Stack=demo remains.");
    }
}
