package dev.scaleout.infra.database;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.iam.RdsMonitoringRoleType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * "db-instance": RDS MySQL. DescribeDBInstances cannot filter by tag but returns each
 * instance's TagList, so one paginated describe finds the stack's. Its id is the identifier.
 * Whether destroy keeps a final snapshot is a tag on the instance, so a destroy run without
 * the config still honours it.
 */
public final class DbInstanceType implements ManagedType {

    public static final String TYPE = "db-instance";
    public static final Setting ENGINE = Setting.scalar("engine").replaces();
    public static final Setting ENGINE_VERSION = Setting.scalar("engineVersion");
    public static final Setting INSTANCE_CLASS = Setting.scalar("instanceClass");
    public static final Setting ALLOCATED_STORAGE_GB = Setting.scalar("allocatedStorageGb");
    public static final Setting STORAGE_TYPE = Setting.scalar("storageType");
    public static final Setting STORAGE_ENCRYPTED =
            Setting.scalar("storageEncrypted").replaces();
    public static final Setting MULTI_AZ = Setting.scalar("multiAz");
    public static final Setting PUBLICLY_ACCESSIBLE = Setting.scalar("publiclyAccessible");
    public static final Setting MANAGE_MASTER_USER_PASSWORD = Setting.scalar("manageMasterUserPassword");
    public static final Setting MASTER_USERNAME =
            Setting.scalar("masterUsername").replaces();
    public static final Setting DB_NAME = Setting.scalar("dbName").replaces();
    public static final Setting SUBNET_GROUP =
            Setting.reference("subnetGroup", DbSubnetGroupType.TYPE).replaces();
    public static final Setting SECURITY_GROUPS = Setting.references("securityGroups", SecurityGroupType.TYPE);
    public static final Setting FINAL_SNAPSHOT_ON_DESTROY = Setting.scalar("finalSnapshotOnDestroy");
    public static final Setting PARAMETER_GROUP = Setting.reference("parameterGroup", DbParameterGroupType.TYPE);
    /** MySQL logs published to CloudWatch Logs (error, slowquery, ...). */
    public static final Setting LOG_EXPORTS = Setting.set("logExports");
    /** Whether RDS may enroll it in paid Extended Support: set at create only (ModifyDBInstance has no such field). */
    public static final Setting ENGINE_LIFECYCLE_SUPPORT =
            Setting.scalar("engineLifecycleSupport").replaces();
    /** RDS refuses DeleteDBInstance while it is true; ModifyDBInstance changes it at once. */
    public static final Setting DELETION_PROTECTION = Setting.scalar("deletionProtection");
    /** Enhanced Monitoring's interval in seconds, 0 for off. */
    public static final Setting MONITORING_INTERVAL = Setting.scalar("monitoringIntervalSeconds");
    /** The role RDS writes Enhanced Monitoring's metrics with; "none" while monitoring is off. */
    public static final Setting MONITORING_ROLE = Setting.reference("monitoringRole", RdsMonitoringRoleType.TYPE);

    public static final Schema SCHEMA = Schema.of(
            TYPE,
            Setting.NAME,
            ENGINE,
            ENGINE_VERSION,
            INSTANCE_CLASS,
            ALLOCATED_STORAGE_GB,
            STORAGE_TYPE,
            STORAGE_ENCRYPTED,
            MULTI_AZ,
            PUBLICLY_ACCESSIBLE,
            MANAGE_MASTER_USER_PASSWORD,
            MASTER_USERNAME,
            DB_NAME,
            SUBNET_GROUP,
            SECURITY_GROUPS,
            FINAL_SNAPSHOT_ON_DESTROY,
            PARAMETER_GROUP,
            LOG_EXPORTS,
            ENGINE_LIFECYCLE_SUPPORT,
            DELETION_PROTECTION,
            MONITORING_INTERVAL,
            MONITORING_ROLE);

    public static final String NONE = "none";

    static final String SNAPSHOT_TAG = "FinalSnapshotOnDestroy";
    /** The lifecycle asked for at create, for where DescribeDBInstances does not say (moto). */
    static final String LIFECYCLE_TAG = "EngineLifecycleSupport";

    public static final String EXTENDED_SUPPORT = "open-source-rds-extended-support";
    public static final String EXTENDED_SUPPORT_DISABLED = "open-source-rds-extended-support-disabled";
    /** A parameter group's state once the database runs with it; otherwise e.g. pending-reboot. */
    static final String IN_SYNC = "in-sync";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(40);
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration PROTECTION_TIMEOUT = Duration.ofMinutes(10);

    private final RdsClient rds;
    private final Poll poll;
    private final Clock clock;
    private final Retry retry;

    public DbInstanceType(RdsClient rds) {
        this(rds, Retry.real(Progress.toConsole()));
    }

    /**
     * {@code retry}: how a monitoring role made a moment ago is waited for, and the pace of the
     * instance's own waits (tests pass a fast one).
     */
    public DbInstanceType(RdsClient rds, Retry retry) {
        this(rds, retry.poll(Duration.ofSeconds(10), Duration.ofSeconds(30)), Clock.systemUTC(), retry);
    }

    public DbInstanceType(RdsClient rds, Poll poll, Clock clock) {
        this(rds, poll, clock, Retry.real(Progress.toConsole()));
    }

    public DbInstanceType(RdsClient rds, Poll poll, Clock clock, Retry retry) {
        this.rds = rds;
        this.poll = poll;
        this.clock = clock;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    public static String lifecycle(boolean extendedSupport) {
        return extendedSupport ? EXTENDED_SUPPORT : EXTENDED_SUPPORT_DISABLED;
    }

    /** "8.0.40" → "8.0": AWS picks and upgrades the minor version; the stack pins major.minor. */
    static String majorMinor(String version) {
        String[] parts = version.split("\\.");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

    @Override
    public java.util.Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return describe(spec.name()).map(db -> RdsTags.toMap(db.tagList()).getOrDefault("Stack", ""));
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<DBInstance> all = AwsCall.call(
                "DescribeDBInstances",
                "*",
                () -> rds.describeDBInstancesPaginator(r -> {}).dbInstances().stream()
                        .toList());
        List<Actual> found = new ArrayList<>();
        for (DBInstance db : all) {
            Map<String, String> tags = RdsTags.toMap(db.tagList());
            if (RdsTags.inStack(tags, scope)) {
                found.add(Actual.of(
                        type(),
                        tags.getOrDefault("Name", db.dbInstanceIdentifier()),
                        db.dbInstanceIdentifier(),
                        settings(db, tags),
                        db.dbInstanceStatus()));
            }
        }
        return found;
    }

    static Map<String, String> settings(DBInstance db, Map<String, String> tags) {
        Map<String, String> s = new TreeMap<>();
        s.put(ENGINE.key(), db.engine());
        s.put(ENGINE_VERSION.key(), majorMinor(db.engineVersion()));
        s.put(INSTANCE_CLASS.key(), db.dbInstanceClass());
        s.put(ALLOCATED_STORAGE_GB.key(), String.valueOf(db.allocatedStorage()));
        s.put(STORAGE_TYPE.key(), db.storageType());
        s.put(STORAGE_ENCRYPTED.key(), String.valueOf(Boolean.TRUE.equals(db.storageEncrypted())));
        s.put(MULTI_AZ.key(), String.valueOf(Boolean.TRUE.equals(db.multiAZ())));
        s.put(PUBLICLY_ACCESSIBLE.key(), String.valueOf(Boolean.TRUE.equals(db.publiclyAccessible())));
        s.put(MANAGE_MASTER_USER_PASSWORD.key(), String.valueOf(db.masterUserSecret() != null));
        s.put(MASTER_USERNAME.key(), db.masterUsername());
        s.put(DB_NAME.key(), String.valueOf(db.dbName()));
        s.put(
                SUBNET_GROUP.key(),
                db.dbSubnetGroup() == null ? "none" : db.dbSubnetGroup().dbSubnetGroupName());
        s.put(
                SECURITY_GROUPS.key(),
                String.join(
                        ",",
                        db.vpcSecurityGroups().stream()
                                .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                                .sorted()
                                .toList()));
        s.put(FINAL_SNAPSHOT_ON_DESTROY.key(), String.valueOf(Boolean.parseBoolean(tags.get(SNAPSHOT_TAG))));
        s.put(PARAMETER_GROUP.key(), parameterGroup(db));
        s.put(
                LOG_EXPORTS.key(),
                String.join(
                        ",", db.enabledCloudwatchLogsExports().stream().sorted().toList()));
        // AWS's default when none was sent is enrollment: an instance without the field or tag pays.
        s.put(
                ENGINE_LIFECYCLE_SUPPORT.key(),
                db.engineLifecycleSupport() != null
                        ? db.engineLifecycleSupport()
                        : tags.getOrDefault(LIFECYCLE_TAG, EXTENDED_SUPPORT));
        s.put(DELETION_PROTECTION.key(), String.valueOf(Boolean.TRUE.equals(db.deletionProtection())));
        int interval = db.monitoringInterval() == null ? 0 : db.monitoringInterval();
        s.put(MONITORING_INTERVAL.key(), String.valueOf(interval));
        // With monitoring off the role is unused, whether or not AWS still lists it.
        s.put(
                MONITORING_ROLE.key(),
                interval > 0
                                && db.monitoringRoleArn() != null
                                && !db.monitoringRoleArn().isBlank()
                        ? db.monitoringRoleArn()
                        : NONE);
        return s;
    }

    /**
     * The group the database runs with; " (pending-reboot)" when it was just associated and
     * needs a reboot to apply, so the plan shows it until it does.
     */
    static String parameterGroup(DBInstance db) {
        return db.dbParameterGroups().stream()
                .findFirst()
                .map(g -> g.dbParameterGroupName()
                        + (g.parameterApplyStatus() == null
                                        || IN_SYNC.equals(g.parameterApplyStatus())
                                        || "applying".equals(g.parameterApplyStatus())
                                ? ""
                                : " (" + g.parameterApplyStatus() + ")"))
                .orElse("none");
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        List<Tag> tags = new ArrayList<>(RdsTags.of(scope, spec.name()));
        tags.add(Tag.builder()
                .key(SNAPSHOT_TAG)
                .value(spec.setting(FINAL_SNAPSHOT_ON_DESTROY))
                .build());
        tags.add(Tag.builder()
                .key(LIFECYCLE_TAG)
                .value(spec.setting(ENGINE_LIFECYCLE_SUPPORT))
                .build());
        List<String> logs = items(spec.setting(LOG_EXPORTS));
        int interval = Integer.parseInt(spec.setting(MONITORING_INTERVAL));
        String monitoringRole = interval > 0 ? refs.resolve(spec.setting(MONITORING_ROLE)) : null;
        AwsCall.run(
                "CreateDBInstance",
                spec.name(),
                () -> retry.run(
                        "CreateDBInstance " + spec.name(),
                        Retry.MONITORING_ROLE_NOT_USABLE_YET,
                        () -> rds.createDBInstance(r -> r.dbInstanceIdentifier(spec.name())
                                .engine(spec.setting(ENGINE))
                                .engineVersion(spec.setting(ENGINE_VERSION))
                                .dbInstanceClass(spec.setting(INSTANCE_CLASS))
                                .allocatedStorage(Integer.parseInt(spec.setting(ALLOCATED_STORAGE_GB)))
                                .storageType(spec.setting(STORAGE_TYPE))
                                .storageEncrypted(Boolean.parseBoolean(spec.setting(STORAGE_ENCRYPTED)))
                                .multiAZ(Boolean.parseBoolean(spec.setting(MULTI_AZ)))
                                .publiclyAccessible(Boolean.parseBoolean(spec.setting(PUBLICLY_ACCESSIBLE)))
                                .manageMasterUserPassword(
                                        Boolean.parseBoolean(spec.setting(MANAGE_MASTER_USER_PASSWORD)))
                                .masterUsername(spec.setting(MASTER_USERNAME))
                                .dbName(spec.setting(DB_NAME))
                                .dbSubnetGroupName(refs.resolve(spec.setting(SUBNET_GROUP)))
                                .vpcSecurityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                                .dbParameterGroupName(refs.resolve(spec.setting(PARAMETER_GROUP)))
                                .enableCloudwatchLogsExports(logs)
                                .engineLifecycleSupport(spec.setting(ENGINE_LIFECYCLE_SUPPORT))
                                .deletionProtection(Boolean.parseBoolean(spec.setting(DELETION_PROTECTION)))
                                .monitoringInterval(interval)
                                .monitoringRoleArn(monitoringRole)
                                .copyTagsToSnapshot(true)
                                .tags(tags))));
        return spec.name();
    }

    @Override
    public void awaitReady(String id, Spec spec, Progress progress) {
        String status = poll.until(
                "database " + id,
                READY_TIMEOUT,
                () -> describe(id).map(DBInstance::dbInstanceStatus).orElse("not found"),
                s -> s,
                s -> "available".equals(s) || "deleting".equals(s) || "failed".equals(s),
                progress);
        if (!"available".equals(status)) {
            // A destroy still running (or a failed create) would never become available: say so now.
            throw ExitException.failure("database " + id + " is " + status + "; run apply again when "
                    + ("deleting".equals(status) ? "the deletion has finished" : "it is fixed or deleted"));
        }
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        Map<String, String> have = actual.settings();
        ModifyDbInstanceRequest.Builder modify = ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(actual.id())
                .applyImmediately(true);
        boolean any = false;
        if (differs(spec, have, ENGINE_VERSION)) {
            modify.engineVersion(spec.setting(ENGINE_VERSION)).allowMajorVersionUpgrade(true);
            any = true;
        }
        if (differs(spec, have, INSTANCE_CLASS)) {
            modify.dbInstanceClass(spec.setting(INSTANCE_CLASS));
            any = true;
        }
        if (differs(spec, have, ALLOCATED_STORAGE_GB)) {
            modify.allocatedStorage(Integer.parseInt(spec.setting(ALLOCATED_STORAGE_GB)));
            any = true;
        }
        if (differs(spec, have, STORAGE_TYPE)) {
            modify.storageType(spec.setting(STORAGE_TYPE));
            any = true;
        }
        if (differs(spec, have, MULTI_AZ)) {
            modify.multiAZ(Boolean.parseBoolean(spec.setting(MULTI_AZ)));
            any = true;
        }
        if (differs(spec, have, PUBLICLY_ACCESSIBLE)) {
            modify.publiclyAccessible(Boolean.parseBoolean(spec.setting(PUBLICLY_ACCESSIBLE)));
            any = true;
        }
        if (differs(spec, have, MANAGE_MASTER_USER_PASSWORD)) {
            modify.manageMasterUserPassword(Boolean.parseBoolean(spec.setting(MANAGE_MASTER_USER_PASSWORD)));
            any = true;
        }
        if (differs(spec, have, SECURITY_GROUPS)) {
            modify.vpcSecurityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS)));
            any = true;
        }
        // Both hold @db-parameter-group/name; "... (pending-reboot)" while the group waits for a reboot.
        String wantGroup = spec.setting(PARAMETER_GROUP);
        String haveGroup = have.getOrDefault(PARAMETER_GROUP.key(), "none");
        boolean pendingReboot = haveGroup.startsWith(wantGroup + " (");
        boolean newGroup = !haveGroup.equals(wantGroup) && !pendingReboot;
        if (newGroup) {
            // With a major upgrade AWS requires the new family's group in the same call.
            modify.dbParameterGroupName(refs.resolve(wantGroup));
            any = true;
        }
        if (differs(spec, have, LOG_EXPORTS)) {
            List<String> want = items(spec.setting(LOG_EXPORTS));
            List<String> had = items(have.get(LOG_EXPORTS.key()));
            modify.cloudwatchLogsExportConfiguration(c -> c.enableLogTypes(
                            want.stream().filter(l -> !had.contains(l)).toList())
                    .disableLogTypes(had.stream().filter(l -> !want.contains(l)).toList()));
            any = true;
        }
        if (differs(spec, have, DELETION_PROTECTION)) {
            modify.deletionProtection(Boolean.parseBoolean(spec.setting(DELETION_PROTECTION)));
            any = true;
        }
        if (differs(spec, have, MONITORING_INTERVAL) || differs(spec, have, MONITORING_ROLE)) {
            int interval = Integer.parseInt(spec.setting(MONITORING_INTERVAL));
            modify.monitoringInterval(interval);
            if (interval > 0) {
                modify.monitoringRoleArn(refs.resolve(spec.setting(MONITORING_ROLE)));
            }
            any = true;
        }
        if (any) {
            AwsCall.run(
                    "ModifyDBInstance",
                    actual.id(),
                    () -> retry.run(
                            "ModifyDBInstance " + actual.id(),
                            Retry.MONITORING_ROLE_NOT_USABLE_YET,
                            () -> rds.modifyDBInstance(modify.build())));
        }
        if (pendingReboot) {
            // A group associated by an earlier apply (a stack made before it had one) applies only after
            // a reboot, about a minute without connections: the plan showed it; this is the apply confirmed.
            AwsCall.run(
                    "RebootDBInstance",
                    actual.id(),
                    () -> rds.rebootDBInstance(r -> r.dbInstanceIdentifier(actual.id())));
        }
        if (differs(spec, have, FINAL_SNAPSHOT_ON_DESTROY)) {
            String arn = describe(actual.id())
                    .map(DBInstance::dbInstanceArn)
                    .orElseThrow(
                            () -> ExitException.failure("database " + actual.id() + " disappeared during the update"));
            AwsCall.run(
                    "AddTagsToResource",
                    arn,
                    () -> rds.addTagsToResource(r -> r.resourceName(arn)
                            .tags(Tag.builder()
                                    .key(SNAPSHOT_TAG)
                                    .value(spec.setting(FINAL_SNAPSHOT_ON_DESTROY))
                                    .build())));
        }
    }

    private static List<String> items(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }

    private static boolean differs(Spec spec, Map<String, String> actual, Setting setting) {
        return !spec.setting(setting).equals(actual.get(setting.key()));
    }

    @Override
    public boolean deletionProtected(Actual actual) {
        return Boolean.parseBoolean(actual.settings().get(DELETION_PROTECTION.key()));
    }

    @Override
    public void turnOffDeletionProtection(Actual actual, Progress progress) {
        AwsCall.run(
                "ModifyDBInstance",
                actual.id(),
                () -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier(actual.id())
                        .deletionProtection(false)
                        .applyImmediately(true)));
        // Until RDS reports the change done, DeleteDBInstance may still be refused.
        poll.until(
                "deletion protection of database " + actual.id(),
                PROTECTION_TIMEOUT,
                () -> describe(actual.id()),
                db -> db.map(d -> "protection " + (Boolean.TRUE.equals(d.deletionProtection()) ? "on" : "off") + ", "
                                + d.dbInstanceStatus())
                        .orElse("deleted"),
                db -> db.map(d -> !Boolean.TRUE.equals(d.deletionProtection())
                                && !"modifying".equals(d.dbInstanceStatus()))
                        .orElse(true),
                progress);
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        if ("deleting".equals(actual.state())) {
            return;
        }
        boolean snapshot = Boolean.parseBoolean(actual.settings().get(FINAL_SNAPSHOT_ON_DESTROY.key()));
        String snapshotId = actual.id() + "-final-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(clock.instant());
        try {
            rds.deleteDBInstance(r -> {
                r.dbInstanceIdentifier(actual.id()).deleteAutomatedBackups(true);
                if (snapshot) {
                    r.skipFinalSnapshot(false).finalDBSnapshotIdentifier(snapshotId);
                } else {
                    r.skipFinalSnapshot(true);
                }
            });
        } catch (DbInstanceNotFoundException gone) {
            // already deleted
        } catch (SdkException e) {
            throw ExitException.aws("DeleteDBInstance", actual.id(), e);
        }
    }

    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        poll.until(
                "database " + actual.id(),
                DELETE_TIMEOUT,
                () -> describe(actual.id()).map(DBInstance::dbInstanceStatus).orElse("deleted"),
                status -> status,
                "deleted"::equals,
                progress);
    }

    private Optional<DBInstance> describe(String id) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream()
                    .findFirst();
        } catch (DbInstanceNotFoundException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeDBInstances", id, e);
        }
    }
}
