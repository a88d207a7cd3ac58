package dev.scaleout.infra.compute;

import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The other engineer's network, made directly with EC2 for type tests: the VPC, the six
 * subnets and the four security groups under their stack names, registered in {@link MapRefs}.
 */
public final class TestNetwork {

    private TestNetwork() {}

    public static MapRefs create(Ec2Client ec2, String prefix) {
        MapRefs refs = new MapRefs();
        String vpc = ec2.createVpc(
                        r -> r.cidrBlock("10.1.0.0/16").tagSpecifications(tags(ResourceType.VPC, prefix + "-vpc")))
                .vpc()
                .vpcId();
        refs.put("vpc", prefix + "-vpc", vpc);
        int octet = 1;
        for (String role : List.of("public-subnet", "private-subnet-app", "db-subnet")) {
            for (String az : List.of("a", "c")) {
                String name = prefix + "-" + role + "-" + az;
                String cidr = "10.1." + octet++ + ".0/24";
                String id = ec2.createSubnet(r -> r.vpcId(vpc)
                                .cidrBlock(cidr)
                                .availabilityZone("eu-west-1" + az)
                                .tagSpecifications(tags(ResourceType.SUBNET, name)))
                        .subnet()
                        .subnetId();
                refs.put("subnet", name, id);
            }
        }
        for (String sg : List.of("asg-alb-sg", "admin-sg", "asg-ec2-sg", "db-sg")) {
            String name = prefix + "-" + sg;
            String id = ec2.createSecurityGroup(r -> r.vpcId(vpc)
                            .groupName(name)
                            .description(name)
                            .tagSpecifications(tags(ResourceType.SECURITY_GROUP, name)))
                    .groupId();
            refs.put("security-group", name, id);
        }
        return refs;
    }

    private static TagSpecification tags(ResourceType type, String name) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(
                        Tag.builder().key("Stack").value("demo").build(),
                        Tag.builder().key("ManagedBy").value("infra").build(),
                        Tag.builder().key("Name").value(name).build())
                .build();
    }
}
