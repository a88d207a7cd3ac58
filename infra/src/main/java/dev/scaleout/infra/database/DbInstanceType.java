package dev.scaleout.infra.database;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
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
            FINAL_SNAPSHOT_ON_DESTROY);

    static final String SNAPSHOT_TAG = "FinalSnapshotOnDestroy";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(40);
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(30);

    private final RdsClient rds;
    private final Poll poll;
    private final Clock clock;

    public DbInstanceType(RdsClient rds) {
        this(rds, Poll.real(Duration.ofSeconds(10), Duration.ofSeconds(30)), Clock.systemUTC());
    }

    public DbInstanceType(RdsClient rds, Poll poll, Clock clock) {
        this.rds = rds;
        this.poll = poll;
        this.clock = clock;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
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
        return s;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        List<Tag> tags = new ArrayList<>(RdsTags.of(scope, spec.name()));
        tags.add(Tag.builder()
                .key(SNAPSHOT_TAG)
                .value(spec.setting(FINAL_SNAPSHOT_ON_DESTROY))
                .build());
        AwsCall.run(
                "CreateDBInstance",
                spec.name(),
                () -> rds.createDBInstance(r -> r.dbInstanceIdentifier(spec.name())
                        .engine(spec.setting(ENGINE))
                        .engineVersion(spec.setting(ENGINE_VERSION))
                        .dbInstanceClass(spec.setting(INSTANCE_CLASS))
                        .allocatedStorage(Integer.parseInt(spec.setting(ALLOCATED_STORAGE_GB)))
                        .storageType(spec.setting(STORAGE_TYPE))
                        .storageEncrypted(Boolean.parseBoolean(spec.setting(STORAGE_ENCRYPTED)))
                        .multiAZ(Boolean.parseBoolean(spec.setting(MULTI_AZ)))
                        .publiclyAccessible(Boolean.parseBoolean(spec.setting(PUBLICLY_ACCESSIBLE)))
                        .manageMasterUserPassword(Boolean.parseBoolean(spec.setting(MANAGE_MASTER_USER_PASSWORD)))
                        .masterUsername(spec.setting(MASTER_USERNAME))
                        .dbName(spec.setting(DB_NAME))
                        .dbSubnetGroupName(refs.resolve(spec.setting(SUBNET_GROUP)))
                        .vpcSecurityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                        .copyTagsToSnapshot(true)
                        .tags(tags)));
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
        if (any) {
            AwsCall.run("ModifyDBInstance", actual.id(), () -> rds.modifyDBInstance(modify.build()));
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

    private static boolean differs(Spec spec, Map<String, String> actual, Setting setting) {
        return !spec.setting(setting).equals(actual.get(setting.key()));
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
