package dev.scaleout.infra.database;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Subnet;

/**
 * "db-subnet-group": the subnets RDS may place the database in. RDS returns subnet groups
 * without tags and cannot filter them by tag (nor does moto's tagging API know them), so
 * discovery is one DescribeDBSubnetGroups and a tag read per group in the region.
 */
public final class DbSubnetGroupType implements ManagedType {

    public static final String TYPE = "db-subnet-group";
    public static final Setting DESCRIPTION = Setting.scalar("description");
    public static final Setting SUBNETS = Setting.references("subnets", SubnetType.TYPE);
    public static final Schema SCHEMA = Schema.of(TYPE, Setting.NAME, DESCRIPTION, SUBNETS);

    private final RdsClient rds;

    public DbSubnetGroupType(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<DBSubnetGroup> groups = AwsCall.call(
                "DescribeDBSubnetGroups",
                "*",
                () -> rds.describeDBSubnetGroupsPaginator(r -> {}).dbSubnetGroups().stream()
                        .toList());
        List<Actual> found = new ArrayList<>();
        for (DBSubnetGroup group : groups) {
            Map<String, String> tags = RdsTags.read(rds, group.dbSubnetGroupArn());
            if (RdsTags.inStack(tags, scope)) {
                found.add(Actual.of(
                        type(),
                        tags.getOrDefault("Name", group.dbSubnetGroupName()),
                        group.dbSubnetGroupName(),
                        Map.of(
                                DESCRIPTION.key(),
                                group.dbSubnetGroupDescription(),
                                SUBNETS.key(),
                                String.join(
                                        ",",
                                        group.subnets().stream()
                                                .map(Subnet::subnetIdentifier)
                                                .sorted()
                                                .toList())),
                        group.subnetGroupStatus()));
            }
        }
        return found;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        AwsCall.run(
                "CreateDBSubnetGroup",
                spec.name(),
                () -> rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(spec.name())
                        .dbSubnetGroupDescription(spec.setting(DESCRIPTION))
                        .subnetIds(refs.resolveAll(spec.setting(SUBNETS)))
                        .tags(RdsTags.of(scope, spec.name()))));
        return spec.name();
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        AwsCall.run(
                "ModifyDBSubnetGroup",
                actual.id(),
                () -> rds.modifyDBSubnetGroup(r -> r.dbSubnetGroupName(actual.id())
                        .dbSubnetGroupDescription(spec.setting(DESCRIPTION))
                        .subnetIds(refs.resolveAll(spec.setting(SUBNETS)))));
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        try {
            rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(actual.id()));
        } catch (DbSubnetGroupNotFoundException gone) {
            // already deleted
        } catch (SdkException e) {
            throw ExitException.aws("DeleteDBSubnetGroup", actual.id(), e);
        }
    }
}
