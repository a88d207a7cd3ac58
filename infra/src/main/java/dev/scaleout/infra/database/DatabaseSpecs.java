package dev.scaleout.infra.database;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.iam.RdsMonitoringRoleType;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.infra.security.SecuritySpecs;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/** RDS MySQL in the DB subnets: encrypted gp3, private, its master password kept by RDS in Secrets Manager. */
public final class DatabaseSpecs {

    private DatabaseSpecs() {}

    public static String instanceName(StackConfig config) {
        return config.prefix() + "-db";
    }

    public static String monitoringRoleName(StackConfig config) {
        return config.prefix() + "-rds-monitoring-role";
    }

    public static String subnetGroupName(StackConfig config) {
        return config.prefix() + "-db-subnet-group";
    }

    /** Per family ("my-db-mysql84"): a major upgrade moves the database to a new group in one ModifyDBInstance. */
    public static String parameterGroupName(StackConfig config) {
        return config.prefix() + "-db-" + family(config).replace(".", "");
    }

    /** "8.4.3" → "mysql8.4", the parameter group family of that engine version. */
    static String family(StackConfig config) {
        return "mysql" + DbInstanceType.majorMinor(config.database().engineVersion());
    }

    public static List<Spec> specs(StackConfig config) {
        List<Spec> specs = new ArrayList<>(monitoringRole(config));
        specs.addAll(subnetGroup(config));
        specs.addAll(parameterGroup(config));
        specs.addAll(instance(config));
        return specs;
    }

    /** AWS's managed policy for the Enhanced Monitoring role: CloudWatch Logs, its RDSOSMetrics group only. */
    static String monitoringPolicy(StackConfig config) {
        String partition = PartitionMetadata.of(Region.of(config.region())).id();
        return "arn:" + partition + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
    }

    /** With database.monitoringIntervalSeconds above 0: the role Enhanced Monitoring writes with. */
    public static List<Spec> monitoringRole(StackConfig config) {
        if (!config.database().enhancedMonitoring()) {
            return List.of();
        }
        return List.of(RdsMonitoringRoleType.SCHEMA
                .spec(monitoringRoleName(config))
                .set(RdsMonitoringRoleType.TRUST_POLICY, RdsMonitoringRoleType.trustPolicy())
                .set(RdsMonitoringRoleType.MANAGED_POLICIES, monitoringPolicy(config))
                .build());
    }

    /** A subnet group's name is fixed too; its description and subnets change in place. */
    public static List<Spec> subnetGroup(StackConfig config) {
        return List.of(DbSubnetGroupType.SCHEMA
                .spec(subnetGroupName(config))
                .set(DbSubnetGroupType.DESCRIPTION, "DB subnets of " + config.prefix())
                .set(DbSubnetGroupType.SUBNETS, NetworkSpecs.subnetRefs(config, NetworkSpecs.Tier.DB))
                .build());
    }

    /**
     * TLS required for every connection (the app verifies the server with the RDS CA bundle);
     * the slow (and general) query log written to files when exported, which RDS needs to
     * publish them (its default log_output is TABLE).
     */
    public static List<Spec> parameterGroup(StackConfig config) {
        List<String> parameters = new ArrayList<>(List.of(REQUIRE_TLS));
        List<String> logs = config.database().logExports();
        if (logs.contains("slowquery") || logs.contains("general")) {
            parameters.add("log_output=FILE");
        }
        if (logs.contains("slowquery")) {
            parameters.add("slow_query_log=1");
            parameters.add("long_query_time=" + SLOW_QUERY_SECONDS);
        }
        if (logs.contains("general")) {
            parameters.add("general_log=1");
        }
        return List.of(DbParameterGroupType.SCHEMA
                .spec(parameterGroupName(config))
                .set(DbParameterGroupType.FAMILY, family(config))
                .set(DbParameterGroupType.DESCRIPTION, "MySQL settings of " + config.prefix() + ": TLS required")
                .set(
                        DbParameterGroupType.PARAMETERS,
                        String.join(",", parameters.stream().sorted().toList()))
                .build());
    }

    /** RDS for MySQL takes booleans as 0/1 (Prowler's rds_instance_transport_encrypted reads "1"). */
    public static final String REQUIRE_TLS = "require_secure_transport=1";
    /** A page of the app answers in milliseconds; a query over this is worth a line in the slow log. */
    static final int SLOW_QUERY_SECONDS = 1;

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
                .set(DbInstanceType.PARAMETER_GROUP, DbParameterGroupType.SCHEMA.ref(parameterGroupName(config)))
                .set(
                        DbInstanceType.LOG_EXPORTS,
                        String.join(",", db.logExports().stream().sorted().toList()))
                .set(DbInstanceType.ENGINE_LIFECYCLE_SUPPORT, DbInstanceType.lifecycle(db.extendedSupport()))
                .set(DbInstanceType.DELETION_PROTECTION, String.valueOf(db.deletionProtection()))
                .set(DbInstanceType.MONITORING_INTERVAL, String.valueOf(db.monitoringIntervalSeconds()))
                .set(
                        DbInstanceType.MONITORING_ROLE,
                        db.enhancedMonitoring()
                                ? RdsMonitoringRoleType.SCHEMA.ref(monitoringRoleName(config))
                                : DbInstanceType.NONE)
                .build());
    }
}
