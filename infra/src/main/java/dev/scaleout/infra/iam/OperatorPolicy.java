package dev.scaleout.infra.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scaleout.infra.compute.ComputeSpecs;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.dns.DnsSpecs;
import dev.scaleout.infra.logs.AccessLogSpecs;
import dev.scaleout.infra.security.SecuritySpecs;
import dev.scaleout.infra.waf.WafSpecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The least-privilege IAM policy for whoever runs infra (plan, apply, destroy, status,
 * rollout, demo), generated from {@link #CALLS}: the SDK operations infra makes, named as
 * its call counter names them ("Ec2:CreateVpc"). Each becomes its IAM action and goes into
 * a statement by a rule of its service and verb, scoped to the stack's own resources where
 * the service allows it: names under the prefix, the IAM path {@code /<project>/<stack>/},
 * the hosted zone, and EC2 changes conditioned on the {@code Stack} tag. {@link #IMPLIED}
 * adds what AWS checks beyond the calls themselves (tags in create calls, PassRole,
 * service-linked roles, the managed master password). IamPolicyIT runs a full apply and
 * destroy against moto, recording every call, and fails on any the policy lacks.
 */
public final class OperatorPolicy {

    /** Every AWS operation infra calls, by its SDK name (service as the SDK names it). */
    public static final List<String> CALLS = List.of(
            // network, security groups, bastion, launch template (and the teardown check's describes)
            "Ec2:DescribeVpcs",
            "Ec2:DescribeVpcAttribute",
            "Ec2:DescribeSubnets",
            "Ec2:DescribeInternetGateways",
            "Ec2:DescribeAddresses",
            "Ec2:DescribeNatGateways",
            "Ec2:DescribeRouteTables",
            "Ec2:DescribeSecurityGroups",
            "Ec2:DescribeInstances",
            "Ec2:DescribeImages",
            "Ec2:DescribeLaunchTemplates",
            "Ec2:DescribeLaunchTemplateVersions",
            "Ec2:DescribeVolumes",
            "Ec2:DescribeNetworkInterfaces",
            "Ec2:DescribeSnapshots",
            "Ec2:CreateVpc",
            "Ec2:CreateInternetGateway",
            "Ec2:CreateSubnet",
            "Ec2:CreateRouteTable",
            "Ec2:CreateSecurityGroup",
            "Ec2:CreateNatGateway",
            "Ec2:CreateLaunchTemplate",
            "Ec2:AllocateAddress",
            "Ec2:RunInstances",
            "Ec2:ModifyVpcAttribute",
            "Ec2:ModifySubnetAttribute",
            "Ec2:AttachInternetGateway",
            "Ec2:DetachInternetGateway",
            "Ec2:AssociateAddress",
            "Ec2:CreateRoute",
            "Ec2:ReplaceRoute",
            "Ec2:DeleteRoute",
            "Ec2:AssociateRouteTable",
            "Ec2:DisassociateRouteTable",
            "Ec2:AuthorizeSecurityGroupIngress",
            "Ec2:AuthorizeSecurityGroupEgress",
            "Ec2:RevokeSecurityGroupIngress",
            "Ec2:RevokeSecurityGroupEgress",
            "Ec2:ModifyInstanceAttribute",
            "Ec2:CreateLaunchTemplateVersion",
            "Ec2:ModifyLaunchTemplate",
            "Ec2:DeleteLaunchTemplateVersions",
            "Ec2:TerminateInstances",
            "Ec2:ReleaseAddress",
            "Ec2:DeleteNatGateway",
            "Ec2:DeleteLaunchTemplate",
            "Ec2:DeleteSecurityGroup",
            "Ec2:DeleteRouteTable",
            "Ec2:DeleteInternetGateway",
            "Ec2:DeleteSubnet",
            "Ec2:DeleteVpc",
            // VPC flow logs (network.flowLogRetentionDays > 0) and their log group
            "Ec2:DescribeFlowLogs",
            "Ec2:CreateFlowLogs",
            "Ec2:DeleteFlowLogs",
            "CloudWatchLogs:DescribeLogGroups",
            "CloudWatchLogs:ListTagsForResource",
            "CloudWatchLogs:CreateLogGroup",
            "CloudWatchLogs:PutRetentionPolicy",
            "CloudWatchLogs:DeleteLogGroup",
            // VPC peering (peering.enabled; the describe runs on every run, to find one still alive)
            "Ec2:DescribeVpcPeeringConnections",
            "Ec2:CreateVpcPeeringConnection",
            "Ec2:AcceptVpcPeeringConnection",
            "Ec2:CreateTags",
            "Ec2:ModifyVpcPeeringConnectionOptions",
            "Ec2:DeleteVpcPeeringConnection",
            // Client VPN (vpn.enabled; its discovery asks the tagging API first, so these run only with an endpoint)
            "Ec2:CreateClientVpnEndpoint",
            "Ec2:DescribeClientVpnEndpoints",
            "Ec2:ModifyClientVpnEndpoint",
            "Ec2:DeleteClientVpnEndpoint",
            "Ec2:AssociateClientVpnTargetNetwork",
            "Ec2:DisassociateClientVpnTargetNetwork",
            "Ec2:DescribeClientVpnTargetNetworks",
            "Ec2:ApplySecurityGroupsToClientVpnTargetNetwork",
            "Ec2:AuthorizeClientVpnIngress",
            "Ec2:RevokeClientVpnIngress",
            "Ec2:DescribeClientVpnAuthorizationRules",
            "Ec2:ExportClientVpnClientConfiguration",
            // instance role
            "Iam:ListRoles",
            "Iam:GetRole",
            "Iam:ListRoleTags",
            "Iam:GetInstanceProfile",
            "Iam:ListInstanceProfilesForRole",
            "Iam:ListAttachedRolePolicies",
            "Iam:ListRolePolicies",
            "Iam:GetRolePolicy",
            "Iam:CreateRole",
            "Iam:UpdateAssumeRolePolicy",
            "Iam:AttachRolePolicy",
            "Iam:DetachRolePolicy",
            "Iam:PutRolePolicy",
            "Iam:DeleteRolePolicy",
            "Iam:CreateInstanceProfile",
            "Iam:AddRoleToInstanceProfile",
            "Iam:RemoveRoleFromInstanceProfile",
            "Iam:DeleteInstanceProfile",
            "Iam:DeleteRole",
            // database
            "Rds:DescribeDBInstances",
            "Rds:DescribeDBSubnetGroups",
            "Rds:DescribeDBSnapshots",
            "Rds:ListTagsForResource",
            "Rds:CreateDBSubnetGroup",
            "Rds:ModifyDBSubnetGroup",
            "Rds:CreateDBInstance",
            "Rds:ModifyDBInstance",
            "Rds:AddTagsToResource",
            "Rds:DeleteDBInstance",
            "Rds:DeleteDBSubnetGroup",
            "Rds:DescribeDBParameterGroups",
            "Rds:DescribeDBParameters",
            "Rds:DescribeDBMajorEngineVersions",
            "Rds:CreateDBParameterGroup",
            "Rds:ModifyDBParameterGroup",
            "Rds:ResetDBParameterGroup",
            "Rds:DeleteDBParameterGroup",
            "Rds:RebootDBInstance",
            // load balancer
            "ElasticLoadBalancingV2:DescribeLoadBalancers",
            "ElasticLoadBalancingV2:DescribeTargetGroups",
            "ElasticLoadBalancingV2:DescribeTargetGroupAttributes",
            "ElasticLoadBalancingV2:DescribeListeners",
            "ElasticLoadBalancingV2:DescribeTags",
            "ElasticLoadBalancingV2:DescribeTargetHealth",
            "ElasticLoadBalancingV2:DescribeLoadBalancerAttributes",
            "ElasticLoadBalancingV2:ModifyLoadBalancerAttributes",
            "ElasticLoadBalancingV2:CreateTargetGroup",
            "ElasticLoadBalancingV2:ModifyTargetGroup",
            "ElasticLoadBalancingV2:ModifyTargetGroupAttributes",
            "ElasticLoadBalancingV2:CreateLoadBalancer",
            "ElasticLoadBalancingV2:SetSubnets",
            "ElasticLoadBalancingV2:SetSecurityGroups",
            "ElasticLoadBalancingV2:SetIpAddressType",
            "ElasticLoadBalancingV2:CreateListener",
            "ElasticLoadBalancingV2:ModifyListener",
            "ElasticLoadBalancingV2:DeleteListener",
            "ElasticLoadBalancingV2:DeleteLoadBalancer",
            "ElasticLoadBalancingV2:DeleteTargetGroup",
            // Auto Scaling group (and rollout, status, demo). A mixed instances policy (autoScaling.instanceTypes)
            // needs no more: Auto Scaling launches its Spot and On-Demand instances with its own service-linked
            // role (AutoScalingServiceRolePolicy: ec2:RunInstances, CreateFleet, RequestSpotInstances), and checks
            // the caller's ec2:RunInstances on the launch template as for a plain one (LaunchInstances)
            "AutoScaling:DescribeAutoScalingGroups",
            "AutoScaling:DescribePolicies",
            "AutoScaling:DescribeLifecycleHooks",
            "AutoScaling:DescribeScalingActivities",
            "AutoScaling:DescribeInstanceRefreshes",
            "AutoScaling:CreateAutoScalingGroup",
            "AutoScaling:UpdateAutoScalingGroup",
            "AutoScaling:CreateOrUpdateTags",
            "AutoScaling:AttachLoadBalancerTargetGroups",
            "AutoScaling:DetachLoadBalancerTargetGroups",
            "AutoScaling:PutScalingPolicy",
            "AutoScaling:EnableMetricsCollection",
            "AutoScaling:DisableMetricsCollection",
            "AutoScaling:PutLifecycleHook",
            "AutoScaling:DeleteLifecycleHook",
            "AutoScaling:StartInstanceRefresh",
            "AutoScaling:DeleteAutoScalingGroup",
            // certificate and DNS (with a domain)
            "Acm:RequestCertificate",
            "Acm:DescribeCertificate",
            "Acm:AddTagsToCertificate",
            "Acm:DeleteCertificate",
            "Acm:ImportCertificate",
            "Acm:GetCertificate",
            "Route53:ListResourceRecordSets",
            "Route53:ChangeResourceRecordSets",
            // the AMI parameter, the bastion's image, the demo's token; discovery by tag; status
            "Ssm:GetParameter",
            "ResourceGroupsTaggingApi:GetResources",
            "CloudWatch:GetMetricData",
            "CloudWatch:DescribeAlarms",
            // check peering: the ping through SSM Run Command
            "Ssm:SendCommand",
            "Ssm:GetCommandInvocation",
            // ALB access logs (loadBalancer.accessLogs): the log bucket, its name from the account
            "Sts:GetCallerIdentity",
            "S3:HeadBucket",
            "S3:CreateBucket",
            "S3:GetBucketTagging",
            "S3:PutBucketTagging",
            "S3:GetPublicAccessBlock",
            "S3:PutPublicAccessBlock",
            "S3:GetBucketEncryption",
            "S3:PutBucketEncryption",
            "S3:GetBucketPolicy",
            "S3:PutBucketPolicy",
            "S3:GetBucketLifecycleConfiguration",
            "S3:PutBucketLifecycleConfiguration",
            "S3:ListObjectVersions",
            "S3:DeleteObjects",
            "S3:DeleteBucket",
            // WAF (loadBalancer.waf; the list runs on every run, to find the stack's web ACL)
            "Wafv2:ListWebACLs",
            "Wafv2:ListTagsForResource",
            "Wafv2:GetWebACL",
            "Wafv2:GetWebACLForResource",
            "Wafv2:CreateWebACL",
            "Wafv2:UpdateWebACL",
            "Wafv2:AssociateWebACL",
            "Wafv2:DisassociateWebACL",
            "Wafv2:DeleteWebACL");

    /** SDK operations whose IAM action has another name (S3's REST operations), or that need two. */
    static final Map<String, List<String>> RENAMED = Map.of(
            "S3:HeadBucket", List.of("s3:ListBucket"),
            "S3:GetPublicAccessBlock", List.of("s3:GetBucketPublicAccessBlock"),
            "S3:PutPublicAccessBlock", List.of("s3:PutBucketPublicAccessBlock"),
            "S3:GetBucketEncryption", List.of("s3:GetEncryptionConfiguration"),
            "S3:PutBucketEncryption", List.of("s3:PutEncryptionConfiguration"),
            "S3:GetBucketLifecycleConfiguration", List.of("s3:GetLifecycleConfiguration"),
            "S3:PutBucketLifecycleConfiguration", List.of("s3:PutLifecycleConfiguration"),
            "S3:ListObjectVersions", List.of("s3:ListBucketVersions"),
            "S3:DeleteObjects", List.of("s3:DeleteObject", "s3:DeleteObjectVersion"));

    /** SDK service names whose IAM prefix is not the name in lower case. */
    private static final Map<String, String> PREFIX = Map.of(
            "ElasticLoadBalancingV2",
            "elasticloadbalancing",
            "ResourceGroupsTaggingApi",
            "tag",
            "CloudWatchLogs",
            "logs");

    /** The creates whose tags travel in the call itself (TagSpecifications): ec2:CreateTags is allowed only for them. */
    static final List<String> EC2_TAGGED_CREATES = List.of(
            "CreateVpc",
            "CreateInternetGateway",
            "CreateSubnet",
            "CreateRouteTable",
            "CreateSecurityGroup",
            "CreateNatGateway",
            "CreateLaunchTemplate",
            "AllocateAddress",
            "RunInstances",
            "CreateVpcPeeringConnection",
            "CreateFlowLogs");

    private OperatorPolicy() {}

    /** The IAM action of an SDK call ("Ec2:CreateVpc" → "ec2:CreateVpc"). */
    public static String actionFor(String call) {
        return actionsFor(call).get(0);
    }

    /** Every IAM action an SDK call needs ("S3:DeleteObjects" → s3:DeleteObject and s3:DeleteObjectVersion). */
    public static List<String> actionsFor(String call) {
        List<String> renamed = RENAMED.get(call);
        if (renamed != null) {
            return renamed;
        }
        return List.of(plainAction(call));
    }

    private static String plainAction(String call) {
        String service = call.substring(0, call.indexOf(':'));
        return PREFIX.getOrDefault(service, service.toLowerCase(Locale.ROOT)) + call.substring(call.indexOf(':'));
    }

    /** The policy document for this config's stack (prefix, project, stack, domain, parameters). */
    public static Map<String, Object> document(StackConfig config) {
        Scope s = new Scope(config);
        Map<String, Statement> statements = new LinkedHashMap<>();
        for (String call : CALLS) {
            for (String action : actionsFor(call)) {
                for (String sid : place(action, config)) {
                    statements
                            .computeIfAbsent(sid, id -> s.statement(id))
                            .actions
                            .add(action);
                }
            }
        }
        IMPLIED.forEach((action, sids) -> sids.forEach(sid -> {
            if (!sid.startsWith("Dns") || config.dns().enabled()) {
                statements.computeIfAbsent(sid, id -> s.statement(id)).actions.add(action);
            }
        }));
        List<Map<String, Object>> out = new ArrayList<>();
        statements.values().forEach(st -> out.add(st.json()));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", out);
        return policy;
    }

    /**
     * IAM actions AWS checks that are not calls of their own, each in its statement: tags in
     * create calls (tag-on-create authorization), handing the roles to EC2, VPC flow logs and
     * RDS Enhanced Monitoring, the service-linked roles Auto Scaling, ELB and RDS create on first
     * use in an account, and what RDS does as the caller for a managed master password (a
     * Secrets Manager secret under the default key).
     */
    static final Map<String, List<String>> IMPLIED = implied();

    private static Map<String, List<String>> implied() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("ec2:CreateTags", List.of("Ec2TagOnCreate"));
        m.put("iam:TagRole", List.of("InstanceRole"));
        m.put("iam:TagInstanceProfile", List.of("InstanceRole"));
        m.put("iam:PassRole", List.of("PassInstanceRole", "PassFlowLogsRole", "PassMonitoringRole"));
        m.put("logs:TagResource", List.of("FlowLogGroup")); // CreateLogGroup with tags
        m.put("iam:CreateServiceLinkedRole", List.of("ServiceLinkedRoles"));
        m.put("elasticloadbalancing:AddTags", List.of("LoadBalancer"));
        // WAF asks ELB on the caller's behalf to attach or detach the web ACL
        m.put("elasticloadbalancing:SetWebAcl", List.of("LoadBalancer"));
        m.put("wafv2:TagResource", List.of("WebAcl")); // CreateWebACL with tags
        m.put("secretsmanager:CreateSecret", List.of("DatabaseManagedPassword"));
        m.put("secretsmanager:TagResource", List.of("DatabaseManagedPassword"));
        m.put("kms:DescribeKey", List.of("DatabaseManagedPasswordKey"));
        return m;
    }

    /** Statements whose resource is "*" because the action names no resource AWS can scope (or none known before the call). */
    public static final Map<String, String> UNSCOPED = Map.of(
            "Ec2Reads", "EC2 Describe* support no resource-level permissions",
            "Ec2Create", "new ids are unknown; limited to requests that tag Stack=<stack>",
            "Ec2TagOnCreate", "limited to tags in the create calls (ec2:CreateAction)",
            "Ec2ChangeStack", "limited to resources tagged Stack=<stack>",
            "LaunchInstances",
                    "RunInstances for the bastion and as Auto Scaling checks it for the launch template (images, subnets, groups)",
            "Reads",
                    "ELB, Auto Scaling, RDS, IAM list, CloudWatch Logs, tagging API, CloudWatch and WAF reads: listed by tag or filter",
            "CertificateRequest", "RequestCertificate names no certificate yet");

    /** The statement ids an action goes in. */
    static List<String> place(String action, StackConfig config) {
        String service = action.substring(0, action.indexOf(':'));
        String op = action.substring(action.indexOf(':') + 1);
        boolean read = op.startsWith("Describe") || op.startsWith("List") || op.startsWith("Get");
        return switch (service) {
            case "ec2" ->
                read
                        ? List.of("Ec2Reads")
                        : op.equals("RunInstances")
                                ? List.of("LaunchInstances")
                                : EC2_TAGGED_CREATES.contains(op)
                                        ? List.of("Ec2Create")
                                        // the accepter's side of a cross-region peering has no tags until
                                        // infra names it there (CreateTags), just before it accepts
                                        : op.equals("CreateTags")
                                                ? List.of("PeeringAccepter")
                                                : op.equals("AcceptVpcPeeringConnection")
                                                        ? List.of("PeeringAccepter", "Ec2ChangeStack")
                                                        : op.startsWith("AuthorizeSecurityGroup")
                                                                        || op.startsWith("RevokeSecurityGroup")
                                                                ? List.of("Ec2ChangeStack", "Ec2SecurityGroupRules")
                                                                : List.of("Ec2ChangeStack");
            case "iam" ->
                op.equals("ListRoles")
                        ? List.of("Reads")
                        : op.equals("GetRole") || op.equals("ListRoleTags") || op.equals("GetInstanceProfile")
                                ? List.of("IamNameChecks")
                                : List.of("InstanceRole");
            case "rds" -> read ? List.of("Reads") : List.of("Database");
            case "elasticloadbalancing" -> read ? List.of("Reads") : List.of("LoadBalancer");
            case "autoscaling" -> read ? List.of("Reads") : List.of("AutoScalingGroup");
            case "acm" ->
                !config.dns().enabled()
                        ? List.of()
                        : op.equals("RequestCertificate")
                                ? List.of("CertificateRequest")
                                : op.equals("DeleteCertificate")
                                        ? List.of("CertificateDelete")
                                        : List.of("Certificate");
            case "route53" -> config.dns().enabled() ? List.of("DnsRecords") : List.of();
            case "ssm" ->
                op.equals("SendCommand")
                        ? List.of("RunCommandDocument", "RunCommandInstances")
                        : op.equals("GetCommandInvocation") ? List.of("Reads") : List.of("Parameters");
            case "logs" -> read ? List.of("Reads") : List.of("FlowLogGroup");
            case "tag", "cloudwatch", "sts" -> List.of("Reads");
            case "s3" -> List.of("AccessLogBucket");
            // the list and the tags of every web ACL (to find the stack's), and which ACL an ALB has
            case "wafv2" ->
                op.startsWith("List") || op.equals("GetWebACLForResource") ? List.of("Reads") : List.of("WebAcl");
            default -> throw new IllegalStateException("no rule places " + action + " in the operator policy");
        };
    }

    /** Every action of the policy for this config. */
    @SuppressWarnings("unchecked")
    public static Set<String> actions(StackConfig config) {
        Set<String> all = new TreeSet<>();
        for (Map<String, Object> s :
                (List<Map<String, Object>>) document(config).get("Statement")) {
            all.addAll((List<String>) s.get("Action"));
        }
        return all;
    }

    public static String json(StackConfig config) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A statement being filled: its actions in call order, its resources and condition from the stack. */
    private static final class Statement {
        final String sid;
        final Set<String> actions = new java.util.LinkedHashSet<>();
        final List<String> resources;
        final Map<String, Object> condition;

        Statement(String sid, List<String> resources, Map<String, Object> condition) {
            this.sid = sid;
            this.resources = resources;
            this.condition = condition;
        }

        Map<String, Object> json() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("Sid", sid);
            s.put("Effect", "Allow");
            s.put("Action", new ArrayList<>(actions));
            s.put("Resource", resources.size() == 1 ? resources.get(0) : resources);
            if (condition != null) {
                s.put("Condition", condition);
            }
            return s;
        }
    }

    /** The stack's names, as resource patterns; account and region are wildcards, so one policy serves any region. */
    private record Scope(StackConfig config) {

        Statement statement(String sid) {
            String p = config.prefix();
            String path = "/" + config.project() + "/" + config.stack() + "/";
            Map<String, Object> stackTag = condition("StringEquals", "aws:ResourceTag/Stack", config.stack());
            return switch (sid) {
                case "Ec2Reads", "LaunchInstances", "Reads", "CertificateRequest" ->
                    new Statement(sid, List.of("*"), null);
                case "Ec2Create" ->
                    new Statement(sid, List.of("*"), condition("StringEquals", "aws:RequestTag/Stack", config.stack()));
                case "Ec2TagOnCreate" ->
                    new Statement(
                            sid,
                            List.of("*"),
                            condition(
                                    "StringEquals",
                                    "ec2:CreateAction",
                                    EC2_TAGGED_CREATES.stream().toList()));
                case "Ec2ChangeStack" -> new Statement(sid, List.of("*"), stackTag);
                // the rules Authorize* makes are resources of their own, without the group's tags
                case "Ec2SecurityGroupRules" ->
                    new Statement(sid, List.of("arn:aws:ec2:*:*:security-group-rule/*"), null);
                // name checks read any role or profile of that name, wherever its path (another stack's too)
                case "IamNameChecks" ->
                    new Statement(sid, List.of("arn:aws:iam::*:role/*", "arn:aws:iam::*:instance-profile/*"), null);
                case "InstanceRole" ->
                    new Statement(
                            sid,
                            List.of("arn:aws:iam::*:role" + path + "*", "arn:aws:iam::*:instance-profile" + path + "*"),
                            null);
                case "PassInstanceRole" ->
                    new Statement(
                            sid,
                            List.of("arn:aws:iam::*:role" + path + "*"),
                            condition("StringEquals", "iam:PassedToService", "ec2.amazonaws.com"));
                case "PassFlowLogsRole" ->
                    new Statement(
                            sid,
                            List.of("arn:aws:iam::*:role" + path + "*"),
                            condition("StringEquals", "iam:PassedToService", "vpc-flow-logs.amazonaws.com"));
                // CreateDBInstance and ModifyDBInstance hand RDS the Enhanced Monitoring role; AWS does not document
                // which service name the check sees (RDS's own or its monitoring service's), so both
                case "PassMonitoringRole" ->
                    new Statement(
                            sid,
                            List.of("arn:aws:iam::*:role" + path + "rds-monitoring/*"),
                            condition(
                                    "StringEquals",
                                    "iam:PassedToService",
                                    List.of(RdsMonitoringRoleType.SERVICE, "rds.amazonaws.com")));
                case "FlowLogGroup" ->
                    new Statement(
                            sid,
                            List.of(
                                    "arn:aws:logs:*:*:log-group:" + path + "*",
                                    "arn:aws:logs:*:*:log-group:" + path + "*:*"),
                            null);
                case "ServiceLinkedRoles" ->
                    new Statement(
                            sid,
                            List.of("arn:aws:iam::*:role/aws-service-role/*"),
                            condition(
                                    "StringEquals",
                                    "iam:AWSServiceName",
                                    List.of(
                                            "autoscaling.amazonaws.com",
                                            "elasticloadbalancing.amazonaws.com",
                                            "rds.amazonaws.com")));
                // CreateDBInstance also names the default option and parameter groups; a final snapshot is named
                // <db>-final-<time>
                case "Database" ->
                    new Statement(
                            sid,
                            List.of(
                                    "arn:aws:rds:*:*:db:" + p + "-*",
                                    "arn:aws:rds:*:*:subgrp:" + p + "-*",
                                    "arn:aws:rds:*:*:snapshot:" + p + "-*",
                                    "arn:aws:rds:*:*:og:default:*",
                                    "arn:aws:rds:*:*:pg:default.*",
                                    "arn:aws:rds:*:*:pg:" + p + "-*"),
                            null);
                case "DatabaseManagedPassword" ->
                    new Statement(sid, List.of("arn:aws:secretsmanager:*:*:secret:rds!db-*"), null);
                case "DatabaseManagedPasswordKey" -> new Statement(sid, List.of("arn:aws:kms:*:*:key/*"), null);
                case "LoadBalancer" ->
                    new Statement(
                            sid,
                            List.of(
                                    "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/" + p + "-*",
                                    "arn:aws:elasticloadbalancing:*:*:targetgroup/" + p + "-*",
                                    "arn:aws:elasticloadbalancing:*:*:listener/app/" + p + "-*"),
                            null);
                // the log bucket's name starts with <prefix>-alb-logs- (account and region follow); its objects are
                // logs
                case "AccessLogBucket" ->
                    new Statement(
                            sid,
                            List.of(
                                    "arn:aws:s3:::" + AccessLogSpecs.bucketName(config) + "-*",
                                    "arn:aws:s3:::" + AccessLogSpecs.bucketName(config) + "-*/*"),
                            null);
                // the web ACL, the AWS managed rule groups it names, the ALB it is attached to
                case "WebAcl" ->
                    new Statement(
                            sid,
                            List.of(
                                    "arn:aws:wafv2:*:*:regional/webacl/" + WafSpecs.webAclName(config) + "/*",
                                    "arn:aws:wafv2:*:*:regional/managedruleset/*/*",
                                    "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/" + p + "-*"),
                            null);
                case "AutoScalingGroup" ->
                    new Statement(
                            sid,
                            List.of("arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/" + p + "-*"),
                            null);
                // ids unknown before the request; AddTagsToCertificate is also checked for the tags in
                // RequestCertificate
                case "Certificate" -> new Statement(sid, List.of("arn:aws:acm:*:*:certificate/*"), null);
                case "CertificateDelete" -> new Statement(sid, List.of("arn:aws:acm:*:*:certificate/*"), stackTag);
                case "DnsRecords" ->
                    new Statement(
                            sid,
                            List.of("arn:aws:route53:::hostedzone/"
                                    + DnsSpecs.zoneId(config.dns().hostedZoneId())),
                            null);
                case "Parameters" -> new Statement(sid, parameters(), null);
                case "PeeringAccepter" -> new Statement(sid, List.of("arn:aws:ec2:*:*:vpc-peering-connection/*"), null);
                case "RunCommandDocument" ->
                    new Statement(sid, List.of("arn:aws:ssm:*::document/AWS-RunShellScript"), null);
                case "RunCommandInstances" -> new Statement(sid, List.of("arn:aws:ec2:*:*:instance/*"), stackTag);
                default -> throw new IllegalStateException("no statement " + sid);
            };
        }

        /** The AMI parameter, the bastion's Amazon Linux parameter, and the demo's stress token, if any. */
        List<String> parameters() {
            List<String> arns = new ArrayList<>();
            String ami = config.instances().amiParameter();
            if (ami != null && !ami.isBlank()) {
                arns.add("arn:aws:ssm:*:*:parameter/" + ami.replaceFirst("^/", ""));
            }
            arns.add("arn:aws:ssm:*::parameter" + SecuritySpecs.BASTION_IMAGE_PARAMETER);
            String token = config.instances().stressTokenParameter();
            if (token != null && !token.isBlank() && !ComputeSpecs.NONE.equals(token)) {
                arns.add("arn:aws:ssm:*:*:parameter/" + token.replaceFirst("^/", ""));
            }
            return arns;
        }

        private static Map<String, Object> condition(String operator, String key, Object value) {
            return Map.of(operator, new TreeMap<>(Map.of(key, value)));
        }
    }
}
