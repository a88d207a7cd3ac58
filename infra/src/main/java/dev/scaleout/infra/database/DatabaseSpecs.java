package dev.scaleout.infra.database;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RDS MySQL in the DB subnets: encrypted gp3, private, its master password kept by RDS in Secrets Manager. */
public final class DatabaseSpecs {

    public static final String SUBNET_GROUP = "db-subnet-group";
    public static final String INSTANCE = "db-instance";

    private DatabaseSpecs() {
    }

    public static String instanceName(StackConfig config) {
        return config.prefix() + "-db";
    }

    public static String subnetGroupName(StackConfig config) {
        return config.prefix() + "-db-subnet-group";
    }

    public static List<Spec> specs(StackConfig config) {
        String prefix = config.prefix();
        StackConfig.Database db = config.database();
        String subnets = String.join(",", config.network().availabilityZones().stream()
                .map(az -> Spec.ref("subnet", prefix + "-db-subnet-" + az.substring(az.length() - 1))).toList());
        // A subnet group's name is fixed too; its description and subnets change in place.
        Spec group = Spec.of(SUBNET_GROUP, subnetGroupName(config), Map.of(
                "description", "DB subnets of " + prefix,
                "subnets", subnets), "name");

        Map<String, String> s = new LinkedHashMap<>();
        s.put("engine", "mysql");
        s.put("engineVersion", DbInstanceType.majorMinor(db.engineVersion()));
        s.put("instanceClass", db.instanceClass());
        s.put("allocatedStorageGb", String.valueOf(db.allocatedStorageGb()));
        s.put("storageType", "gp3");
        s.put("storageEncrypted", "true");
        s.put("multiAz", String.valueOf(db.multiAz()));
        s.put("publiclyAccessible", "false");
        s.put("manageMasterUserPassword", "true");
        s.put("masterUsername", db.masterUsername());
        s.put("dbName", db.databaseName());
        s.put("subnetGroup", Spec.ref(SUBNET_GROUP, subnetGroupName(config)));
        s.put("securityGroups", Spec.ref("security-group", prefix + "-db-sg"));
        s.put("finalSnapshotOnDestroy", String.valueOf(db.finalSnapshotOnDestroy()));
        Spec instance = Spec.of(INSTANCE, instanceName(config), s,
                "name", "engine", "storageEncrypted", "masterUsername", "dbName", "subnetGroup");
        return List.of(group, instance);
    }
}
