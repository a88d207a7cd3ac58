package dev.scaleout.amibuilder.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scaleout.amibuilder.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The least-privilege IAM policy for whoever runs ami-builder: every action its calls need
 * (bake, list, prune, destroy; a test checks each call a full run makes against it), on the
 * prefix's own resources where the service allows resource-level permissions. Account and
 * region are wildcards, so one policy serves every region the tool is run in.
 */
public final class OperatorPolicy {

    /** SDK operations whose IAM action has another name (S3's REST operations). */
    static final Map<String, List<String>> ACTION_OF = Map.of(
            "s3:HeadBucket", List.of("s3:ListBucket"),
            "s3:HeadObject", List.of("s3:GetObject"),
            "s3:ListObjectsV2", List.of("s3:ListBucket"),
            "s3:ListObjectVersions", List.of("s3:ListBucketVersions"),
            "s3:PutPublicAccessBlock", List.of("s3:PutBucketPublicAccessBlock"),
            "s3:PutBucketEncryption", List.of("s3:PutEncryptionConfiguration"),
            "s3:PutBucketLifecycleConfiguration", List.of("s3:PutLifecycleConfiguration"),
            "s3:GetBucketLifecycleConfiguration", List.of("s3:GetLifecycleConfiguration"),
            "s3:DeleteObjects", List.of("s3:DeleteObject", "s3:DeleteObjectVersion"));

    private OperatorPolicy() {}

    /** The IAM actions an SDK call ("Service:Operation", as the call counter names it) needs. */
    public static List<String> actionsFor(String call) {
        String service = call.substring(0, call.indexOf(':')).toLowerCase(java.util.Locale.ROOT);
        String action = service + ":" + call.substring(call.indexOf(':') + 1);
        return ACTION_OF.getOrDefault(action, List.of(action));
    }

    public static Map<String, Object> document(String prefix) {
        Names names = new Names(prefix);
        String role = "arn:aws:iam::*:role/" + names.instanceRole();
        String profile = "arn:aws:iam::*:instance-profile/" + names.instanceProfile();
        String bucket = "arn:aws:s3:::" + prefix + "-ami-artifacts-*";
        String parameter = "arn:aws:ssm:*:*:parameter/" + prefix + "/*";
        List<Map<String, Object>> statements = new ArrayList<>();
        statements.add(statement("Account", List.of("sts:GetCallerIdentity"), List.of("*")));
        statements.add(statement(
                "ArtifactBucket",
                List.of(
                        "s3:CreateBucket",
                        "s3:ListBucket",
                        "s3:PutBucketTagging",
                        "s3:PutBucketPublicAccessBlock",
                        "s3:PutEncryptionConfiguration",
                        "s3:PutBucketVersioning",
                        "s3:GetBucketPolicy",
                        "s3:PutBucketPolicy",
                        "s3:GetLifecycleConfiguration",
                        "s3:PutLifecycleConfiguration",
                        "s3:ListBucketVersions",
                        "s3:DeleteBucket"),
                List.of(bucket)));
        statements.add(statement(
                "ArtifactObjects",
                List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion"),
                List.of(bucket + "/*")));
        statements.add(statement(
                "BuildInstanceRole",
                List.of(
                        "iam:GetRole",
                        "iam:CreateRole",
                        "iam:TagRole",
                        "iam:AttachRolePolicy",
                        "iam:ListAttachedRolePolicies",
                        "iam:GetRolePolicy",
                        "iam:PutRolePolicy",
                        "iam:DetachRolePolicy",
                        "iam:ListRolePolicies",
                        "iam:DeleteRolePolicy",
                        "iam:DeleteRole",
                        "iam:GetInstanceProfile",
                        "iam:CreateInstanceProfile",
                        "iam:TagInstanceProfile",
                        "iam:AddRoleToInstanceProfile",
                        "iam:RemoveRoleFromInstanceProfile",
                        "iam:DeleteInstanceProfile"),
                List.of(role, profile)));
        // Image Builder hands the role to the EC2 instances it launches (Image Builder guide)
        Map<String, Object> passRole = statement("PassBuildInstanceRole", List.of("iam:PassRole"), List.of(role));
        passRole.put("Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")));
        statements.add(passRole);
        Map<String, Object> linkedRole = statement(
                "ImageBuilderServiceLinkedRole",
                List.of("iam:CreateServiceLinkedRole"),
                List.of(
                        "arn:aws:iam::*:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"));
        linkedRole.put("Condition", Map.of("StringEquals", Map.of("iam:AWSServiceName", "imagebuilder.amazonaws.com")));
        statements.add(linkedRole);
        statements.add(statement(
                "ImageBuilder",
                List.of(
                        "imagebuilder:GetComponent",
                        "imagebuilder:CreateComponent",
                        "imagebuilder:DeleteComponent",
                        "imagebuilder:GetImageRecipe",
                        "imagebuilder:CreateImageRecipe",
                        "imagebuilder:DeleteImageRecipe",
                        "imagebuilder:GetInfrastructureConfiguration",
                        "imagebuilder:CreateInfrastructureConfiguration",
                        "imagebuilder:UpdateInfrastructureConfiguration",
                        "imagebuilder:DeleteInfrastructureConfiguration",
                        "imagebuilder:GetDistributionConfiguration",
                        "imagebuilder:CreateDistributionConfiguration",
                        "imagebuilder:UpdateDistributionConfiguration",
                        "imagebuilder:DeleteDistributionConfiguration",
                        "imagebuilder:GetImagePipeline",
                        "imagebuilder:CreateImagePipeline",
                        "imagebuilder:UpdateImagePipeline",
                        "imagebuilder:DeleteImagePipeline",
                        "imagebuilder:StartImagePipelineExecution",
                        "imagebuilder:GetImage",
                        "imagebuilder:DeleteImage",
                        "imagebuilder:TagResource"),
                List.of("arn:aws:imagebuilder:*:*:*/" + prefix + "-*")));
        // List* name no single resource
        statements.add(statement(
                "ImageBuilderLists",
                List.of(
                        "imagebuilder:ListComponents",
                        "imagebuilder:ListComponentBuildVersions",
                        "imagebuilder:ListImageRecipes",
                        "imagebuilder:ListImages",
                        "imagebuilder:ListImageBuildVersions"),
                List.of("*")));
        // the parent image's public parameter, resolved when the recipe is created and at each build
        statements.add(statement(
                "ParentImage",
                List.of("ssm:GetParameter"),
                List.of("arn:aws:ssm:*::parameter/aws/service/ami-amazon-linux-latest/*")));
        statements.add(statement(
                "AmiParameter",
                List.of("ssm:GetParameter", "ssm:PutParameter", "ssm:AddTagsToResource", "ssm:DeleteParameter"),
                List.of(parameter)));
        // EC2 Describe* take no resource-level permissions; DescribeImages is also what SSM's
        // aws:ec2:image validation calls as the caller
        statements.add(statement(
                "Ec2Reads",
                List.of(
                        "ec2:DescribeImages",
                        "ec2:DescribeLaunchTemplates",
                        "ec2:DescribeLaunchTemplateVersions",
                        "ec2:DescribeVpcs",
                        "ec2:DescribeSubnets",
                        "ec2:DescribeRouteTables",
                        "ec2:DescribeVpcEndpoints"),
                List.of("*")));
        Map<String, Object> deregister =
                statement("PruneGoldenAmis", List.of("ec2:DeregisterImage"), List.of("arn:aws:ec2:*::image/*"));
        // sorted: Map.of's order differs from JVM to JVM, and the README shows this JSON verbatim
        deregister.put(
                "Condition",
                Map.of(
                        "StringEquals",
                        new TreeMap<>(
                                Map.of("ec2:ResourceTag/Stack", prefix, "ec2:ResourceTag/ManagedBy", "ami-builder"))));
        statements.add(deregister);
        // the AMI's snapshots carry no tags of the tool (Image Builder makes them)
        statements.add(
                statement("PruneGoldenSnapshots", List.of("ec2:DeleteSnapshot"), List.of("arn:aws:ec2:*::snapshot/*")));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", statements);
        return policy;
    }

    /** Every action the policy allows (for the test that runs the tool against it). */
    @SuppressWarnings("unchecked")
    public static Set<String> actions(String prefix) {
        Set<String> all = new TreeSet<>();
        for (Map<String, Object> s :
                (List<Map<String, Object>>) document(prefix).get("Statement")) {
            all.addAll((List<String>) s.get("Action"));
        }
        return all;
    }

    public static String json(String prefix) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document(prefix));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Action", actions);
        s.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
        return s;
    }
}
