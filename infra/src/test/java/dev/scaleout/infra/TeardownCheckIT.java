package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesRequest;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * The teardown check after destroy. The Resource Groups Tagging API of a real account lists
 * deleted resources, with their tags, for a while (hours for some types); moto forgets them
 * at once. {@link StaleTagging} makes moto answer like AWS: once armed, every GetResources
 * answer also lists the mappings it is given. A clean destroy must still exit clean, by
 * confirming each ARN with its own service's describe: {@link #confirmsEveryStaleListingGone},
 * run on IamPolicyIT's full life cycle (one apply and destroy of the full stack serves both);
 * a resource that is really there, or of a type infra cannot check, is reported (here).
 */
@ExtendWith(MotoExtension.class)
class TeardownCheckIT {

    static MotoServer moto;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    @BeforeEach
    void reset() {
        moto.reset();
    }

    @Test
    void aResourceStillThereAndOneInfraCannotCheckAreReported() {
        StaleTagging stale = new StaleTagging();
        AwsClients clients = moto.clients().intercept(stale);
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        // made by hand with the stack's tags: not found by the security-group type (ManagedBy differs)
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        String group = ec2.createSecurityGroup(r -> r.groupName("by-hand")
                        .description("by hand")
                        .vpcId(vpc)
                        .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
                                .tags(tag("Project", "scaleout-kit"), tag("Stack", "demo"), tag("ManagedBy", "hand"))))
                .groupId();
        String foreign = "arn:aws:sns:eu-west-1:123456789012:by-hand"; // a type infra has no describe for
        stale.arm(List.of(ResourceTagMapping.builder()
                .resourceARN(foreign)
                .tags(
                        t -> t.key("Project").value("scaleout-kit"),
                        t -> t.key("Stack").value("demo"))
                .build()));
        StackRun run = TestStacks.run(TestStacks.config(), clients);

        List<String> left = run.destroy(run.discover());

        assertThat(left)
                .anySatisfy(l -> assertThat(l).endsWith(":security-group/" + group))
                .anySatisfy(l -> assertThat(l)
                        .startsWith(foreign)
                        .contains("infra has no describe for this type: check it by hand"))
                .hasSize(2);
    }

    /**
     * Arms {@code stale} with what the tagging API listed of the applied stack (read with
     * {@code plain}, clients without the interceptor) and what AWS
     * would list beyond moto, destroys, and checks that destroy is clean, that the stale
     * listing was served, and that every type in it has a describe of its own in Gone.
     */
    static void confirmsEveryStaleListingGone(StackRun run, StaleTagging stale, AwsClients plain) {
        List<ResourceTagMapping> listed = new ArrayList<>(stackResources(plain));
        listed.addAll(notListedByMoto(run, plain));
        Set<String> kinds = listed.stream().map(m -> Gone.kind(m.resourceARN())).collect(Collectors.toSet());
        // the types a stale listing must be checked for: what moto lists, and what AWS lists beyond it
        assertThat(kinds)
                .contains(
                        "iam:role",
                        "iam:instance-profile",
                        "autoscaling:autoScalingGroup",
                        "elasticloadbalancing:listener",
                        "ec2:vpc",
                        "ec2:subnet",
                        "ec2:security-group",
                        "ec2:route-table",
                        "ec2:internet-gateway",
                        "ec2:natgateway",
                        "ec2:elastic-ip",
                        "ec2:instance",
                        "ec2:launch-template",
                        "elasticloadbalancing:loadbalancer",
                        "elasticloadbalancing:targetgroup",
                        "rds:db",
                        "rds:subgrp",
                        "acm:certificate",
                        "s3:bucket",
                        "wafv2:regional");
        stale.arm(listed);

        List<String> left = run.destroy(run.discover());

        assertThat(left).isEmpty();
        assertThat(stale.replayed)
                .as("the stale listing was served to the teardown check")
                .isPositive();
        // each was confirmed by a describe of its own type, none by a guess
        assertThat(listed)
                .allSatisfy(m -> assertThat(Gone.checkable(m.resourceARN()))
                        .as(m.resourceARN())
                        .isTrue());
    }

    /**
     * The stack's resources AWS's tagging API lists and moto's does not (Elastic IPs, launch
     * templates, DB subnet groups, IAM roles (the monitoring role too) and profiles, the group, listeners, web ACLs), as AWS
     * would name them, from what discovery finds.
     */
    static List<ResourceTagMapping> notListedByMoto(StackRun run, AwsClients plain) {
        String region = MotoServer.REGION;
        String account = "123456789012";
        List<String> arns = new ArrayList<>();
        for (var a : run.discover().all()) {
            switch (a.type()) {
                case "elastic-ip" -> arns.add("arn:aws:ec2:" + region + ":" + account + ":elastic-ip/" + a.id());
                case "launch-template" ->
                    arns.add("arn:aws:ec2:" + region + ":" + account + ":launch-template/" + a.id());
                case "db-subnet-group" -> arns.add("arn:aws:rds:" + region + ":" + account + ":subgrp:" + a.id());
                case "iam-role" -> {
                    arns.add("arn:aws:iam::" + account + ":role/scaleout-kit/demo/" + a.id());
                    arns.add("arn:aws:iam::" + account + ":instance-profile/scaleout-kit/demo/" + a.id());
                }
                case "rds-monitoring-role" ->
                    arns.add(a.id()); // its ARN, under the path /scaleout-kit/demo/rds-monitoring/
                case "auto-scaling-group" ->
                    arns.add("arn:aws:autoscaling:" + region + ":" + account
                            + ":autoScalingGroup:0c7d9a8e-0000-4000-8000-000000000000:autoScalingGroupName/" + a.id());
                case "web-acl" -> arns.add(a.id()); // its ARN: moto's tagging API lists no WAF resources
                case "load-balancer" ->
                    plain.build(ElasticLoadBalancingV2Client.builder())
                            .describeListeners(r -> r.loadBalancerArn(a.id()))
                            .listeners()
                            .forEach(l -> arns.add(l.listenerArn()));
                default -> {}
            }
        }
        return arns.stream()
                .map(arn -> ResourceTagMapping.builder()
                        .resourceARN(arn)
                        .tags(
                                t -> t.key("Project").value("scaleout-kit"),
                                t -> t.key("Stack").value("demo"),
                                t -> t.key("ManagedBy").value("infra"))
                        .build())
                .toList();
    }

    static List<ResourceTagMapping> stackResources(AwsClients clients) {
        return clients
                .build(ResourceGroupsTaggingApiClient.builder())
                .getResourcesPaginator(r -> r.tagFilters(f -> f.key("Stack").values("demo")))
                .resourceTagMappingList()
                .stream()
                .toList();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** Once armed, adds the remembered mappings to the last page of every GetResources answer they match. */
    static final class StaleTagging implements ExecutionInterceptor {

        private volatile List<ResourceTagMapping> remembered = List.of();
        volatile int replayed;

        void arm(List<ResourceTagMapping> mappings) {
            remembered = List.copyOf(mappings);
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof GetResourcesResponse page)
                    || !(context.request() instanceof GetResourcesRequest request)
                    || remembered.isEmpty()
                    || (page.paginationToken() != null
                            && !page.paginationToken().isEmpty())) {
                return context.response();
            }
            Set<String> present = new TreeSet<>();
            page.resourceTagMappingList().forEach(m -> present.add(m.resourceARN()));
            List<ResourceTagMapping> all = new ArrayList<>(page.resourceTagMappingList());
            for (ResourceTagMapping m : remembered) {
                if (!present.contains(m.resourceARN()) && matches(request, m)) {
                    all.add(m);
                    replayed++;
                }
            }
            return page.toBuilder().resourceTagMappingList(all).build();
        }

        /** The request's type filters ("acm:certificate", "ec2") and tag filters, as AWS applies them. */
        private static boolean matches(GetResourcesRequest request, ResourceTagMapping m) {
            String kind = Gone.kind(m.resourceARN());
            boolean type = request.resourceTypeFilters().isEmpty()
                    || request.resourceTypeFilters().stream().anyMatch(f -> kind.equals(f) || kind.startsWith(f + ":"));
            boolean tags = request.tagFilters().stream()
                    .allMatch(f -> m.tags().stream()
                            .anyMatch(t -> t.key().equals(f.key())
                                    && (f.values().isEmpty() || f.values().contains(t.value()))));
            return type && tags;
        }
    }
}
