package dev.scaleout.infra.logs;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * "log-group" (Terraform's aws_cloudwatch_log_group): a CloudWatch Logs group kept
 * {@code retentionDays}. Its AWS name is {@code /<project>/<stack>/<name>}, so one
 * DescribeLogGroups by that prefix finds the stack's (as IAM paths do for roles) and a tag
 * read per group confirms them. Id: the full name.
 */
public final class LogGroupType implements ManagedType {

    public static final String TYPE = "log-group";
    public static final Setting RETENTION_DAYS = Setting.scalar("retentionDays");
    public static final Schema SCHEMA = Schema.of(TYPE, Setting.NAME, RETENTION_DAYS);

    private final CloudWatchLogsClient logs;

    public LogGroupType(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    public static String prefix(StackScope scope) {
        return "/" + scope.project() + "/" + scope.stack() + "/";
    }

    /** The group's AWS name for a spec name. */
    public static String awsName(StackScope scope, String name) {
        return prefix(scope) + name;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<LogGroup> groups = AwsCall.call(
                "DescribeLogGroups",
                prefix(scope) + "*",
                () -> logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(prefix(scope))).logGroups().stream()
                        .toList());
        List<Actual> found = new ArrayList<>();
        for (LogGroup g : groups) {
            String arn = g.arn().endsWith(":*") ? g.arn().substring(0, g.arn().length() - 2) : g.arn();
            Map<String, String> tags = AwsCall.call(
                    "ListTagsForResource",
                    arn,
                    () -> logs.listTagsForResource(r -> r.resourceArn(arn)).tags());
            if (scope.stack().equals(tags.get("Stack")) && StackScope.MANAGED_BY.equals(tags.get("ManagedBy"))) {
                found.add(Actual.of(
                        type(),
                        tags.getOrDefault("Name", g.logGroupName()),
                        g.logGroupName(),
                        Map.of(RETENTION_DAYS.key(), String.valueOf(g.retentionInDays())),
                        "available"));
            }
        }
        return found;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String name = awsName(scope, spec.name());
        AwsCall.run(
                "CreateLogGroup",
                name,
                () -> logs.createLogGroup(r -> r.logGroupName(name).tags(scope.tags(spec.name()))));
        retention(name, spec);
        return name;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        retention(actual.id(), spec);
    }

    private void retention(String name, Spec spec) {
        int days = Integer.parseInt(spec.setting(RETENTION_DAYS));
        AwsCall.run(
                "PutRetentionPolicy",
                name,
                () -> logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(days)));
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        try {
            logs.deleteLogGroup(r -> r.logGroupName(actual.id()));
        } catch (ResourceNotFoundException gone) {
            // already deleted
        } catch (SdkException e) {
            throw ExitException.aws("DeleteLogGroup", actual.id(), e);
        }
    }
}
