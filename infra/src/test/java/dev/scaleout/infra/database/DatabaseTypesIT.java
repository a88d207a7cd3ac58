package dev.scaleout.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.compute.MapRefs;
import dev.scaleout.infra.compute.TestNetwork;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbSubnetGroupRequest;

@ExtendWith(MotoExtension.class)
class DatabaseTypesIT {

    static MotoServer moto;
    static RdsClient rds;
    static final List<ModifyDbSubnetGroupRequest> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    static Ec2Client ec2;
    final StackScope scope = new StackScope("scaleout-kit", "demo", Region.of(MotoServer.REGION));
    final Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC(), false);
    MapRefs refs;
    List<Spec> specs;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        rds = moto.clients()
                .intercept(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof ModifyDbSubnetGroupRequest m) {
                            sent.add(m);
                        }
                    }
                })
                .build(RdsClient.builder());
        ec2 = moto.clients().build(Ec2Client.builder());
    }

    @BeforeEach
    void reset() {
        moto.reset();
        sent.clear();
        refs = TestNetwork.create(ec2, "my");
        specs = DatabaseSpecs.specs(StackConfig.defaults());
    }

    @Test
    void subnetGroupOverTheDbSubnets() {
        DbSubnetGroupType type = new DbSubnetGroupType(rds);
        Spec spec = specs.get(0);
        assertThat(spec.setting("subnets")).isEqualTo("@subnet/my-db-subnet-a,@subnet/my-db-subnet-c");
        String id = type.create(spec, refs, scope);
        refs.put("db-subnet-group", spec.name(), id);

        Actual found = single(type.discover(scope));
        assertThat(refs.comparable(found.settings())).isEqualTo(refs.comparable(spec.settings()));

        Spec oneSubnet = spec.with(Map.of("description", "DB subnets of my", "subnets", "@subnet/my-db-subnet-a"));
        type.update(oneSubnet, found, refs, scope);
        // moto's ModifyDBSubnetGroup drops the group from its store (a moto bug), so the
        // update is checked by the request it sent, not by discovering it again.
        assertThat(sent)
                .singleElement()
                .satisfies(m -> assertThat(m.subnetIds()).containsExactly(refs.id("subnet", "my-db-subnet-a")));

        type.delete(found, scope);
        type.delete(found, scope);
        assertThat(type.discover(scope)).isEmpty();
        assertThat(type.discover(new StackScope("scaleout-kit", "other", scope.region())))
                .isEmpty();
    }

    @Test
    void mysqlEncryptedPrivateWithAManagedSecret() {
        DbSubnetGroupType groups = new DbSubnetGroupType(rds);
        refs.put("db-subnet-group", specs.get(0).name(), groups.create(specs.get(0), refs, scope));
        DbInstanceType type = new DbInstanceType(rds);
        Spec spec = specs.get(1);
        String id = type.create(spec, refs, scope);
        assertThat(id).isEqualTo("my-db");
        type.awaitReady(id, spec, progress);

        Actual found = single(type.discover(scope));
        assertThat(found.state()).isEqualTo("available");
        assertThat(refs.comparable(found.settings())).isEqualTo(refs.comparable(spec.settings()));
        DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("my-db"))
                .dbInstances()
                .get(0);
        assertThat(db.engine()).isEqualTo("mysql");
        assertThat(db.storageEncrypted()).isTrue();
        assertThat(db.publiclyAccessible()).isFalse();
        assertThat(db.storageType()).isEqualTo("gp3");
        assertThat(db.dbInstanceClass()).isEqualTo("db.t3.micro");

        DbConnection connection = DbConnection.read(rds, id);
        assertThat(connection.host()).isEqualTo(db.endpoint().address());
        assertThat(connection.secretArn()).contains(":secretsmanager:").contains(":secret:rds!db-");

        Map<String, String> changed = new TreeMap<>(spec.settings());
        changed.put("multiAz", "true");
        changed.put("instanceClass", "db.t3.small");
        changed.put("finalSnapshotOnDestroy", "true");
        Spec bigger = spec.with(changed);
        type.update(bigger, found, refs, scope);
        Actual after = single(type.discover(scope));
        assertThat(refs.comparable(after.settings())).isEqualTo(refs.comparable(bigger.settings()));

        type.delete(after, scope);
        type.awaitDeleted(after, progress);
        type.delete(after, scope);
        assertThat(type.discover(scope)).isEmpty();
        // the tag asked for a final snapshot, so destroy kept one
        assertThat(rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("my-db")).dbSnapshots())
                .singleElement()
                .satisfies(s -> assertThat(s.dbSnapshotIdentifier()).startsWith("my-db-final-"));
    }

    @Test
    void namesAwsCannotChangeMeanReplace() {
        assertThat(specs.get(1).replaceOn())
                .contains("engine", "storageEncrypted", "masterUsername", "dbName", "subnetGroup");
        assertThat(DbInstanceType.majorMinor("8.0.40")).isEqualTo("8.0");
        assertThat(DbInstanceType.majorMinor("8")).isEqualTo("8");
    }

    private static Actual single(List<Actual> found) {
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
