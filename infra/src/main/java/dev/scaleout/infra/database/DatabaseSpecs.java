package dev.scaleout.infra.database;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.infra.security.SecuritySpecs;
import java.util.ArrayList;
import java.util.List;

/** RDS MySQL in the DB subnets: encrypted gp3, private, its master password kept by RDS in Secrets Manager. */
public final class DatabaseSpecs {

    private DatabaseSpecs() {}

    public static String instanceName(StackConfig config) {
        return config.prefix() + "-db";
    }

    public static String subnetGroupName(StackConfig config) {
        return config.prefix() + "-db-subnet-group";
    }

    public static List<Spec> specs(StackConfig config) {
        List<Spec> specs = new ArrayList<>(subnetGroup(config));
        specs.addAll(instance(config));
        return specs;
    }

    /** A subnet group's name is fixed too; its description and subnets change in place. */
    public static List<Spec> subnetGroup(StackConfig config) {
        return List.of(DbSubnetGroupType.SCHEMA
                .spec(subnetGroupName(config))
                .set(DbSubnetGroupType.DESCRIPTION, "DB subnets of " + config.prefix())
                .set(DbSubnetGroupType.SUBNETS, NetworkSpecs.subnetRefs(config, NetworkSpecs.Tier.DB))
                .build());
    }

    public static List<Spec> instance(StackConfig config) {
        StackConfig.Database db = config.database();
        return List.of(DbInstanceType.SCHEMA
                .spec(instanceName(config))
                .set(DbInstanceType.ENGINE, "mysql")
                .set(DbInstanceType.ENGINE_VERSION, DbInstanceType.majorMinor(db.engineVersion()))
                .set(DbInstanceType.INSTANCE_CLASS, db.instanceClass())
                .set(DbInstanceType.ALLOCATED_STORAGE_GB, String.valueOf(db.allocatedStorageGb()))
                .set(DbInstanceType.STORAGE_TYPE, "gp3")
                .set(DbInstanceType.STORAGE_ENCRYPTED, "true")
                .set(DbInstanceType.MULTI_AZ, String.valueOf(db.multiAz()))
                .set(DbInstanceType.PUBLICLY_ACCESSIBLE, "false")
                .set(DbInstanceType.MANAGE_MASTER_USER_PASSWORD, "true")
                .set(DbInstanceType.MASTER_USERNAME, db.masterUsername())
                .set(DbInstanceType.DB_NAME, db.databaseName())
                .set(DbInstanceType.SUBNET_GROUP, DbSubnetGroupType.SCHEMA.ref(subnetGroupName(config)))
                .set(DbInstanceType.SECURITY_GROUPS, SecurityGroupType.SCHEMA.ref(SecuritySpecs.dbGroup(config)))
                .set(DbInstanceType.FINAL_SNAPSHOT_ON_DESTROY, String.valueOf(db.finalSnapshotOnDestroy()))
                .build());
    }
}
