package dev.scaleout.infra.compute;

import dev.scaleout.infra.database.DbConnection;
import dev.scaleout.infra.database.DbInstanceType;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * "launch-template": what the ASG launches. An update writes a new version with every
 * setting but the image and makes it the default; the group then follows it by number. The
 * image is the one thing an update leaves as it is: a new image goes through the rollout
 * (a version with only the image changed, an instance refresh, a check through the ALB), which
 * {@code apply} runs after the engine, so the two never write different images. Discovery: one
 * DescribeLaunchTemplates filtered by the Stack tag, then each one's default version.
 *
 * <p>The user data needs the database's endpoint and secret ARN, which exist only once RDS
 * made the instance: {@code database=@db-instance/<name>} resolves to the identifier and the
 * type reads both from RDS ({@link DbConnection}). Discovery reads them back out of the user
 * data and reports {@code dbConnection=stale} when the database now answers elsewhere (it
 * was replaced), so the next apply writes a new version.
 */
public final class LaunchTemplateType implements ManagedType {

    public static final String TYPE = "launch-template";
    public static final Setting IMAGE = Setting.scalar("image");
    public static final Setting INSTANCE_TYPE = Setting.scalar("instanceType");
    public static final Setting SECURITY_GROUPS = Setting.references("securityGroups", SecurityGroupType.TYPE);
    public static final Setting INSTANCE_PROFILE = Setting.reference("instanceProfile", InstanceRoleType.TYPE);
    public static final Setting HTTP_TOKENS = Setting.scalar("httpTokens");
    public static final Setting HTTP_PUT_RESPONSE_HOP_LIMIT = Setting.scalar("httpPutResponseHopLimit");
    public static final Setting HTTP_ENDPOINT = Setting.scalar("httpEndpoint");
    public static final Setting MONITORING = Setting.scalar("monitoring");
    public static final Setting ROOT_DEVICE = Setting.scalar("rootDevice");
    public static final Setting ROOT_VOLUME_TYPE = Setting.scalar("rootVolumeType");
    public static final Setting ROOT_VOLUME_GB = Setting.scalar("rootVolumeGb");
    public static final Setting ROOT_VOLUME_ENCRYPTED = Setting.scalar("rootVolumeEncrypted");
    public static final Setting TAG_SPECIFICATIONS = Setting.set("tagSpecifications");
    public static final Setting INSTANCE_NAME = Setting.scalar("instanceName");
    public static final Setting DATABASE = Setting.reference("database", DbInstanceType.TYPE);
    public static final Setting DB_CONNECTION = Setting.scalar("dbConnection");
    public static final Setting DB_NAME = Setting.scalar("dbName");
    public static final Setting DB_USER = Setting.scalar("dbUser");
    public static final Setting HTTP_PORT = Setting.scalar("httpPort");
    public static final Setting DRAIN_SECONDS = Setting.scalar("drainSeconds");
    public static final Setting STRESS_TOKEN_PARAMETER = Setting.scalar("stressTokenParameter");
    public static final Setting USER_DATA_FORMAT = Setting.scalar("userDataFormat");
    public static final Schema SCHEMA = Schema.of(
                    TYPE,
                    Setting.NAME,
                    IMAGE,
                    INSTANCE_TYPE,
                    SECURITY_GROUPS,
                    INSTANCE_PROFILE,
                    HTTP_TOKENS,
                    HTTP_PUT_RESPONSE_HOP_LIMIT,
                    HTTP_ENDPOINT,
                    MONITORING,
                    ROOT_DEVICE,
                    ROOT_VOLUME_TYPE,
                    ROOT_VOLUME_GB,
                    ROOT_VOLUME_ENCRYPTED,
                    TAG_SPECIFICATIONS,
                    INSTANCE_NAME,
                    DATABASE,
                    DB_CONNECTION,
                    DB_NAME,
                    DB_USER,
                    HTTP_PORT,
                    DRAIN_SECONDS,
                    STRESS_TOKEN_PARAMETER,
                    USER_DATA_FORMAT)
            // Versions are immutable: an update is a new default version; a new image goes by the rollout.
            .versioned(IMAGE);

    public static final String CURRENT = "current";
    public static final String STALE = "stale";
    /** Instances and volumes are the ASG's, not found and deleted by infra: their ManagedBy says so. */
    public static final String INSTANCE_MANAGED_BY = "auto-scaling-group";

    private final Ec2Client ec2;
    private final RdsClient rds;
    private final Retry retry;

    public LaunchTemplateType(Ec2Client ec2, RdsClient rds) {
        this(ec2, rds, Retry.real(Progress.toConsole()));
    }

    public LaunchTemplateType(Ec2Client ec2, RdsClient rds, Retry retry) {
        this.ec2 = ec2;
        this.rds = rds;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return AwsCall.find(
                        "DescribeLaunchTemplates",
                        spec.name(),
                        java.util.Set.of("InvalidLaunchTemplateName.NotFoundException"),
                        () -> ec2.describeLaunchTemplates(r -> r.launchTemplateNames(spec.name()))
                                .launchTemplates())
                .flatMap(l -> l.stream().findFirst())
                .map(lt -> lt.tags().stream()
                        .filter(t -> "Stack".equals(t.key()))
                        .map(Tag::value)
                        .findFirst()
                        .orElse(""));
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<LaunchTemplate> templates = AwsCall.call(
                "DescribeLaunchTemplates",
                "Stack=" + scope.stack(),
                () -> ec2
                        .describeLaunchTemplatesPaginator(r -> r.filters(
                                Filter.builder()
                                        .name("tag:Stack")
                                        .values(scope.stack())
                                        .build(),
                                Filter.builder()
                                        .name("tag:ManagedBy")
                                        .values(StackScope.MANAGED_BY)
                                        .build()))
                        .launchTemplates()
                        .stream()
                        .toList());
        List<Actual> found = new ArrayList<>();
        for (LaunchTemplate lt : templates) {
            String name = lt.tags().stream()
                    .filter(t -> t.key().equals("Name"))
                    .map(Tag::value)
                    .findFirst()
                    .orElse(lt.launchTemplateName());
            ResponseLaunchTemplateData data = AwsCall.call(
                    "DescribeLaunchTemplateVersions",
                    lt.launchTemplateId(),
                    () -> ec2.describeLaunchTemplateVersions(r ->
                                    r.launchTemplateId(lt.launchTemplateId()).versions("$Default"))
                            .launchTemplateVersions()
                            .get(0)
                            .launchTemplateData());
            found.add(Actual.of(type(), name, lt.launchTemplateId(), settings(data), "available"));
        }
        return found;
    }

    Map<String, String> settings(ResponseLaunchTemplateData d) {
        Map<String, String> s = new TreeMap<>();
        s.put(IMAGE.key(), Objects.toString(d.imageId(), ""));
        s.put(INSTANCE_TYPE.key(), Objects.toString(d.instanceTypeAsString(), ""));
        s.put(
                SECURITY_GROUPS.key(),
                String.join(",", d.securityGroupIds().stream().sorted().toList()));
        s.put(
                INSTANCE_PROFILE.key(),
                d.iamInstanceProfile() == null
                        ? ""
                        : Objects.toString(d.iamInstanceProfile().name(), ""));
        if (d.metadataOptions() != null) {
            s.put(HTTP_TOKENS.key(), d.metadataOptions().httpTokensAsString());
            s.put(
                    HTTP_PUT_RESPONSE_HOP_LIMIT.key(),
                    String.valueOf(d.metadataOptions().httpPutResponseHopLimit()));
            s.put(HTTP_ENDPOINT.key(), d.metadataOptions().httpEndpointAsString());
        }
        s.put(
                MONITORING.key(),
                String.valueOf(d.monitoring() != null
                        && Boolean.TRUE.equals(d.monitoring().enabled())));
        if (!d.blockDeviceMappings().isEmpty()) {
            LaunchTemplateBlockDeviceMapping root = d.blockDeviceMappings().get(0);
            s.put(ROOT_DEVICE.key(), root.deviceName());
            s.put(ROOT_VOLUME_TYPE.key(), root.ebs().volumeTypeAsString());
            s.put(ROOT_VOLUME_GB.key(), String.valueOf(root.ebs().volumeSize()));
            s.put(
                    ROOT_VOLUME_ENCRYPTED.key(),
                    String.valueOf(Boolean.TRUE.equals(root.ebs().encrypted())));
        }
        // moto lists the template's own tags here too; launch data can only tag what an instance launch makes.
        s.put(
                TAG_SPECIFICATIONS.key(),
                String.join(
                        ",",
                        d.tagSpecifications().stream()
                                .map(LaunchTemplateTagSpecification::resourceTypeAsString)
                                .filter(t -> !"launch-template".equals(t))
                                .sorted()
                                .toList()));
        d.tagSpecifications().stream()
                .flatMap(t -> t.tags().stream())
                .filter(t -> t.key().equals("Name"))
                .findFirst()
                .ifPresent(t -> s.put(INSTANCE_NAME.key(), t.value()));

        Map<String, String> env = UserData.parse(d.userData());
        String host = env.getOrDefault("DB_HOST", "");
        // The RDS endpoint starts with the instance identifier, which is the db-instance's id.
        s.put(DATABASE.key(), host.contains(".") ? host.substring(0, host.indexOf('.')) : host);
        s.put(DB_CONNECTION.key(), connectionState(host, env));
        s.put(DB_NAME.key(), env.getOrDefault("DB_NAME", ""));
        s.put(DB_USER.key(), env.getOrDefault("DB_USER", ""));
        s.put(HTTP_PORT.key(), env.getOrDefault("HTTP_PORT", ""));
        s.put(DRAIN_SECONDS.key(), env.getOrDefault("DRAIN_SECONDS", ""));
        String stress = env.getOrDefault("stress_parameter", "");
        s.put(STRESS_TOKEN_PARAMETER.key(), stress.isEmpty() ? ComputeSpecs.NONE : stress);
        s.put(USER_DATA_FORMAT.key(), env.getOrDefault("format", ""));
        return s;
    }

    /** Whether the endpoint and secret in the user data are still the database's. */
    private String connectionState(String host, Map<String, String> env) {
        if (!host.contains(".")) {
            return STALE;
        }
        Optional<DbConnection> now = connection(host.substring(0, host.indexOf('.')));
        return now.isPresent()
                        && now.get().host().equals(host)
                        && String.valueOf(now.get().port()).equals(env.get("DB_PORT"))
                        && now.get().secretArn().equals(env.get("DB_SECRET_ARN"))
                ? CURRENT
                : STALE;
    }

    /** Absent while the database is missing or still creating: then the user data counts as stale. */
    private Optional<DbConnection> connection(String identifier) {
        return DbConnection.find(rds, identifier);
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        List<Tag> tags = tags(scope.tags(spec.name()));
        RequestLaunchTemplateData data = data(spec, refs, scope);
        return AwsCall.call(
                "CreateLaunchTemplate",
                spec.name(),
                () -> retry.call(
                        "CreateLaunchTemplate " + spec.name(),
                        Retry.PROFILE_NOT_VISIBLE_YET,
                        () -> ec2.createLaunchTemplate(r -> r.launchTemplateName(spec.name())
                                        .versionDescription("infra apply")
                                        .launchTemplateData(data)
                                        .tagSpecifications(TagSpecification.builder()
                                                .resourceType(ResourceType.LAUNCH_TEMPLATE)
                                                .tags(tags)
                                                .build()))
                                .launchTemplate()
                                .launchTemplateId()));
    }

    /**
     * A new version with the whole spec but the image the default version runs now, made the
     * default (versions are immutable). The image changes only through the rollout.
     */
    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        String running = actual.settings().getOrDefault(IMAGE.key(), "");
        RequestLaunchTemplateData data = running.startsWith("ami-")
                ? data(spec, refs, scope).toBuilder().imageId(running).build()
                : data(spec, refs, scope);
        Long version = AwsCall.call(
                "CreateLaunchTemplateVersion",
                actual.id(),
                () -> retry.call(
                        "CreateLaunchTemplateVersion " + actual.id(),
                        Retry.PROFILE_NOT_VISIBLE_YET,
                        () -> ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(actual.id())
                                        .versionDescription("infra apply")
                                        .launchTemplateData(data))
                                .launchTemplateVersion()
                                .versionNumber()));
        AwsCall.run(
                "ModifyLaunchTemplate",
                actual.id(),
                () -> ec2.modifyLaunchTemplate(
                        r -> r.launchTemplateId(actual.id()).defaultVersion(String.valueOf(version))));
    }

    RequestLaunchTemplateData data(Spec spec, Refs refs, StackScope scope) {
        String dbId = refs.resolve(spec.setting(DATABASE));
        DbConnection db = DbConnection.read(rds, dbId);
        String stress = spec.setting(STRESS_TOKEN_PARAMETER);
        UserData userData = new UserData(
                db.host(),
                db.port(),
                spec.setting(DB_NAME),
                spec.setting(DB_USER),
                db.secretArn(),
                Integer.parseInt(spec.setting(HTTP_PORT)),
                Integer.parseInt(spec.setting(DRAIN_SECONDS)),
                ComputeSpecs.NONE.equals(stress) ? null : stress,
                scope.region().id());
        Map<String, String> instanceTags = new LinkedHashMap<>(scope.tags(spec.setting(INSTANCE_NAME)));
        instanceTags.put("ManagedBy", INSTANCE_MANAGED_BY);
        List<Tag> tags = tags(instanceTags);
        List<LaunchTemplateTagSpecificationRequest> tagSpecs = new ArrayList<>();
        for (String type : spec.setting(TAG_SPECIFICATIONS).split(",")) {
            tagSpecs.add(LaunchTemplateTagSpecificationRequest.builder()
                    .resourceType(type)
                    .tags(tags)
                    .build());
        }
        return RequestLaunchTemplateData.builder()
                .imageId(spec.setting(IMAGE))
                .instanceType(spec.setting(INSTANCE_TYPE))
                .securityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                .iamInstanceProfile(p -> p.name(refs.resolve(spec.setting(INSTANCE_PROFILE))))
                .metadataOptions(m -> m.httpTokens(spec.setting(HTTP_TOKENS))
                        .httpPutResponseHopLimit(Integer.parseInt(spec.setting(HTTP_PUT_RESPONSE_HOP_LIMIT)))
                        .httpEndpoint(spec.setting(HTTP_ENDPOINT)))
                .monitoring(m -> m.enabled(Boolean.parseBoolean(spec.setting(MONITORING))))
                .blockDeviceMappings(b -> b.deviceName(spec.setting(ROOT_DEVICE))
                        .ebs(e -> e.volumeType(spec.setting(ROOT_VOLUME_TYPE))
                                .volumeSize(Integer.parseInt(spec.setting(ROOT_VOLUME_GB)))
                                .encrypted(Boolean.parseBoolean(spec.setting(ROOT_VOLUME_ENCRYPTED)))
                                .deleteOnTermination(true)))
                .tagSpecifications(tagSpecs)
                .userData(userData.base64())
                .build();
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        AwsCall.delete(
                "DeleteLaunchTemplate",
                actual.id(),
                () -> ec2.deleteLaunchTemplate(r -> r.launchTemplateId(actual.id())));
    }
}
