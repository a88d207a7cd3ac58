package dev.scaleout.infra.database;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBParameterGroup;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbParameterGroupStateException;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * "db-parameter-group" (Terraform's aws_db_parameter_group): the MySQL settings the database
 * runs with, {@code parameters} as {@code name=value} pairs (only the ones the stack sets;
 * the family's defaults stay). Name, family and description cannot change (replace); the
 * parameters change in place, immediately for dynamic ones (all the stack sets are). Found
 * like subnet groups: one DescribeDBParameterGroups and a tag read per non-default group.
 */
public final class DbParameterGroupType implements ManagedType {

    public static final String TYPE = "db-parameter-group";
    public static final Setting FAMILY = Setting.scalar("family").replaces();
    public static final Setting DESCRIPTION = Setting.scalar("description").replaces();
    public static final Setting PARAMETERS = Setting.set("parameters");
    public static final Schema SCHEMA = Schema.of(TYPE, Setting.NAME, FAMILY, DESCRIPTION, PARAMETERS);

    private final RdsClient rds;
    private final Progress progress;

    public DbParameterGroupType(RdsClient rds, Progress progress) {
        this.rds = rds;
        this.progress = progress;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<DBParameterGroup> groups = AwsCall.call(
                "DescribeDBParameterGroups",
                "*",
                () -> rds.describeDBParameterGroupsPaginator(r -> {}).dbParameterGroups().stream()
                        .filter(g -> !g.dbParameterGroupName().startsWith("default."))
                        .toList());
        List<Actual> found = new ArrayList<>();
        for (DBParameterGroup group : groups) {
            Map<String, String> tags = RdsTags.read(rds, group.dbParameterGroupArn());
            if (RdsTags.inStack(tags, scope)) {
                found.add(Actual.of(
                        type(),
                        tags.getOrDefault("Name", group.dbParameterGroupName()),
                        group.dbParameterGroupName(),
                        Map.of(
                                FAMILY.key(), group.dbParameterGroupFamily(),
                                DESCRIPTION.key(), group.description(),
                                PARAMETERS.key(), userParameters(group.dbParameterGroupName())),
                        "available"));
            }
        }
        return found;
    }

    /** The parameters set in the group (Source=user), as the spec writes them. */
    private String userParameters(String name) {
        List<String> pairs =
                AwsCall.call(
                        "DescribeDBParameters",
                        name,
                        () -> rds
                                .describeDBParametersPaginator(
                                        r -> r.dbParameterGroupName(name).source("user"))
                                .parameters()
                                .stream()
                                .filter(p -> p.parameterValue() != null)
                                .map(p -> p.parameterName() + "=" + p.parameterValue())
                                .sorted()
                                .toList());
        return String.join(",", pairs);
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        AwsCall.run(
                "CreateDBParameterGroup",
                spec.name(),
                () -> rds.createDBParameterGroup(r -> r.dbParameterGroupName(spec.name())
                        .dbParameterGroupFamily(spec.setting(FAMILY))
                        .description(spec.setting(DESCRIPTION))
                        .tags(RdsTags.of(scope, spec.name()))));
        set(spec.name(), parse(spec.setting(PARAMETERS)));
        return spec.name();
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        Map<String, String> want = parse(spec.setting(PARAMETERS));
        Map<String, String> have = parse(actual.settings().get(PARAMETERS.key()));
        Map<String, String> changed = new TreeMap<>(want);
        changed.entrySet().removeIf(e -> e.getValue().equals(have.get(e.getKey())));
        set(actual.id(), changed);
        List<String> dropped =
                have.keySet().stream().filter(k -> !want.containsKey(k)).toList();
        if (!dropped.isEmpty()) {
            AwsCall.run(
                    "ResetDBParameterGroup",
                    actual.id(),
                    () -> rds.resetDBParameterGroup(r -> r.dbParameterGroupName(actual.id())
                            .parameters(dropped.stream()
                                    .map(n -> Parameter.builder()
                                            .parameterName(n)
                                            .applyMethod(ApplyMethod.IMMEDIATE)
                                            .build())
                                    .toList())));
        }
    }

    private void set(String name, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return;
        }
        // At most 20 per call (the API's limit); the stack sets a handful.
        AwsCall.run(
                "ModifyDBParameterGroup",
                name,
                () -> rds.modifyDBParameterGroup(r -> r.dbParameterGroupName(name)
                        .parameters(parameters.entrySet().stream()
                                .map(e -> Parameter.builder()
                                        .parameterName(e.getKey())
                                        .parameterValue(e.getValue())
                                        .applyMethod(ApplyMethod.IMMEDIATE)
                                        .build())
                                .toList())));
    }

    /** {@code "a=1,b=ON"} → {a=1, b=ON}. */
    static Map<String, String> parse(String pairs) {
        Map<String, String> out = new TreeMap<>();
        if (pairs == null || pairs.isBlank()) {
            return out;
        }
        Arrays.stream(pairs.split(",")).forEach(p -> {
            int eq = p.indexOf('=');
            out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        });
        return out;
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        try {
            rds.deleteDBParameterGroup(r -> r.dbParameterGroupName(actual.id()));
        } catch (DbParameterGroupNotFoundException gone) {
            // already deleted
        } catch (InvalidDbParameterGroupStateException inUse) {
            // A major upgrade makes the new family's group before the database moves to it, and the
            // engine deletes first: the old one is still in use now. Left for the next apply, said so.
            progress.update(actual.key(), "still in use by the database; run apply again to delete it");
            progress.finish();
        } catch (SdkException e) {
            throw ExitException.aws("DeleteDBParameterGroup", actual.id(), e);
        }
    }
}
