package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.testing.MotoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** bake end to end: S3, IAM, SSM, EC2 on moto; Image Builder at its HTTP boundary (WireMock). */
class BakeIT extends AgainstMotoAndImageBuilder {

    static final String ACCOUNT = ImageBuilderFake.ACCOUNT;
    static final String BUCKET = "scaleout-ami-artifacts-" + ACCOUNT + "-" + MotoServer.REGION;
    static final String ROLE = "scaleout-ami-builder-instance";
    static final String PARAMETER = "/scaleout/golden-ami/latest";

    String imageArn(String recipe, String version, int build) {
        return imageBuilder.arnBase() + "image/" + recipe + "/" + version + "/" + build;
    }

    Harness.Result bake(Path bundle, String... extra) {
        List<String> args = new java.util.ArrayList<>(
                List.of("bake", "--region", MotoServer.REGION, "--bundle", bundle.toString(), "--yes"));
        args.addAll(List.of(extra));
        return harness.run(args.toArray(String[]::new));
    }

    @Test
    void firstBakeCreatesEverythingInOrderWaitsThroughEachStateAndPublishesTheAmi() {
        Path bundle = FakeBundle.create(dir, "1.0.0", "abc1234", "a");
        String ami = "ami-0123456789abcdef0";
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1),
                List.of("PENDING", "BUILDING", "TESTING", "DISTRIBUTING", "AVAILABLE"),
                ami,
                null);

        Harness.Result r = bake(bundle);

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out().strip()).as("the AMI id is the last line").endsWith(ami);
        assertThat(ssm.getParameter(b -> b.name(PARAMETER)).parameter().value()).isEqualTo(ami);
        // the progress line went through every state, with the elapsed time
        assertThat(r.out())
                .containsSubsequence("PENDING (", "BUILDING (", "TESTING (", "DISTRIBUTING (", "AVAILABLE (");

        // order: the account first; S3, IAM and the versioned Image Builder resources run side by side,
        // each in its own order; infrastructure after the instance profile; the build after everything
        List<String> order = r.order();
        assertThat(order.get(0)).isEqualTo("Sts:GetCallerIdentity");
        assertThat(order.stream().filter(c -> c.startsWith("S3:")).toList())
                .containsExactly(
                        "S3:HeadBucket",
                        "S3:CreateBucket",
                        "S3:PutBucketTagging",
                        "S3:PutPublicAccessBlock",
                        "S3:PutBucketEncryption",
                        "S3:PutBucketVersioning",
                        "S3:PutBucketPolicy",
                        "S3:PutBucketLifecycleConfiguration",
                        "S3:HeadObject",
                        "S3:PutObject");
        assertThat(order)
                .containsSubsequence(
                        "Iam:CreateRole",
                        "Iam:AttachRolePolicy",
                        "Iam:PutRolePolicy",
                        "Iam:CreateInstanceProfile",
                        "Iam:AddRoleToInstanceProfile",
                        "Imagebuilder:CreateInfrastructureConfiguration");
        assertThat(order)
                .containsSubsequence(
                        "Imagebuilder:CreateComponent",
                        "Imagebuilder:CreateImageRecipe",
                        "Imagebuilder:CreateImagePipeline");
        assertThat(order)
                .containsSubsequence(
                        "Imagebuilder:CreateDistributionConfiguration", "Imagebuilder:CreateImagePipeline");
        int start = order.indexOf("Imagebuilder:StartImagePipelineExecution");
        assertThat(start)
                .isGreaterThan(order.indexOf("S3:PutObject"))
                .isGreaterThan(order.indexOf("Imagebuilder:CreateImagePipeline"))
                .isGreaterThan(order.indexOf("Iam:AddRoleToInstanceProfile"));
        assertThat(order.subList(start + 1, order.size()))
                .containsExactly(
                        "Imagebuilder:GetImage",
                        "Imagebuilder:GetImage",
                        "Imagebuilder:GetImage",
                        "Imagebuilder:GetImage",
                        "Imagebuilder:GetImage",
                        "Ssm:GetParameter",
                        "Ssm:PutParameter",
                        "Ssm:GetParameter");

        // bucket: private, encrypted, versioned, tagged; bundle keyed by version and checksum
        assertThat(s3.getPublicAccessBlock(b -> b.bucket(BUCKET)).publicAccessBlockConfiguration())
                .satisfies(p -> assertThat(List.of(
                                p.blockPublicAcls(),
                                p.ignorePublicAcls(),
                                p.blockPublicPolicy(),
                                p.restrictPublicBuckets()))
                        .containsOnly(true));
        assertThat(s3.getBucketEncryption(b -> b.bucket(BUCKET))
                        .serverSideEncryptionConfiguration()
                        .rules()
                        .get(0)
                        .applyServerSideEncryptionByDefault()
                        .sseAlgorithm())
                .isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.getBucketVersioning(b -> b.bucket(BUCKET)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketTagging(b -> b.bucket(BUCKET)).tagSet()).anySatisfy(t -> {
            assertThat(t.key()).isEqualTo("ManagedBy");
            assertThat(t.value()).isEqualTo("ami-builder");
        });
        // TLS only: a Deny of every S3 action by anyone when aws:SecureTransport is false. Checked as sent:
        // moto cannot tell HTTPS from HTTP (see TlsOnlyForMoto), so that the Deny spares TLS
        // requests and refuses plain ones stays AWS's to prove.
        assertThat(harness.sentBucketPolicies)
                .singleElement()
                .satisfies(policy -> assertThat(policy)
                        .contains("\"Effect\":\"Deny\"")
                        .contains("\"Principal\":\"*\"")
                        .contains("\"Action\":\"s3:*\"")
                        .contains("\"aws:SecureTransport\":\"false\"")
                        .contains("\"arn:aws:s3:::" + BUCKET + "\"")
                        .contains("arn:aws:s3:::" + BUCKET + "/*"));
        assertThat(s3.getBucketPolicy(b -> b.bucket(BUCKET)).policy()).contains("aws:SecureTransport");
        // old bundles expire: current after 90 days, replaced versions 30 days later
        assertThat(s3.getBucketLifecycleConfiguration(b -> b.bucket(BUCKET)).rules())
                .singleElement()
                .satisfies(rule -> {
                    assertThat(rule.statusAsString()).isEqualTo("Enabled");
                    assertThat(rule.expiration().days()).isEqualTo(90);
                    assertThat(rule.noncurrentVersionExpiration().noncurrentDays())
                            .isEqualTo(30);
                });
        var objects = s3.listObjectsV2(b -> b.bucket(BUCKET)).contents();
        assertThat(objects)
                .singleElement()
                .satisfies(o -> assertThat(o.key())
                        .matches("bundles/1\\.0\\.0/[0-9a-f]{64}/scaleout-app-bundle-1\\.0\\.0\\.tar\\.gz"));

        // role: the two managed policies, and S3 read on the bundle prefix only
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName(ROLE)).attachedPolicies())
                .extracting(AttachedPolicy::policyName)
                .containsExactlyInAnyOrder("EC2InstanceProfileForImageBuilder", "AmazonSSMManagedInstanceCore");
        String inline = java.net.URLDecoder.decode(
                iam.getRolePolicy(b -> b.roleName(ROLE).policyName("read-bundles"))
                        .policyDocument(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(inline)
                .contains("\"s3:GetObject\"")
                .contains("arn:aws:s3:::" + BUCKET + "/bundles/*")
                .doesNotContain("s3:*");
        assertThat(iam.getRole(b -> b.roleName(ROLE)).role().assumeRolePolicyDocument())
                .contains("ec2.amazonaws.com");
        assertThat(iam.getInstanceProfile(b -> b.instanceProfileName(ROLE))
                        .instanceProfile()
                        .roles())
                .singleElement()
                .satisfies(role -> assertThat(role.roleName()).isEqualTo(ROLE));
        assertThat(iam.listRoleTags(b -> b.roleName(ROLE)).tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("ManagedBy=ami-builder"));
        assertThat(ssm.listTagsForResource(b -> b.resourceId(PARAMETER).resourceType("Parameter"))
                        .tagList())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("Stack=scaleout"));
    }

    @Test
    void requestBodiesCarryTheComponentDocumentRecipeInfrastructureAndDistribution() {
        Path bundle = FakeBundle.create(dir, "1.0.0", "abc1234", "a");
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1), List.of("AVAILABLE"), "ami-0123456789abcdef0", null);

        // a private subnet with the endpoints a build needs, so the network check passes
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.30.0.0/24"))
                .subnet()
                .subnetId();
        for (String service : dev.scaleout.amibuilder.network.BuildNetwork.ENDPOINT_SERVICES) {
            ec2.createVpcEndpoint(b -> b.vpcId(vpc).serviceName("com.amazonaws." + MotoServer.REGION + "." + service));
        }
        Harness.Result r = bake(
                bundle,
                "--instance-type",
                "t3.medium",
                "--subnet-id",
                subnet,
                "--security-group-id",
                "sg-0123456789abcdef0",
                "--copy-to-regions",
                "us-east-1");
        assertThat(r.exit()).as(r.all()).isZero();

        Map<String, Object> component = imageBuilder.body("CreateComponent").orElseThrow();
        assertThat(component)
                .containsEntry("name", "scaleout-app")
                .containsEntry("semanticVersion", "1.0.0")
                .containsEntry("platform", "Linux");
        String doc = (String) component.get("data");
        assertThat(doc)
                .contains("dnf install -y java-25-amazon-corretto-headless")
                .contains("action: S3Download")
                .contains("s3://" + BUCKET + "/bundles/1.0.0/")
                .contains("expectedBucketOwner: \"" + ACCOUNT + "\"")
                .contains("sha256sum -c -")
                .contains("/scaleout-app/install.sh")
                .containsSubsequence(
                        "- name: build",
                        "- name: validate",
                        "http://localhost/ec2meta-webpage/index.php",
                        "- name: test",
                        "action: Reboot",
                        "systemctl is-active scaleout-app");
        assertThat(component.get("tags"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("ManagedBy", "ami-builder")
                .containsEntry("Project", "scaleout-kit");

        Map<String, Object> recipe = imageBuilder.body("CreateImageRecipe").orElseThrow();
        assertThat(recipe)
                .containsEntry("name", "scaleout-golden")
                .containsEntry("semanticVersion", "1.0.0")
                .containsEntry(
                        "parentImage", "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
        assertThat(recipe.get("components").toString())
                .contains(imageBuilder.arnBase() + "component/scaleout-app/1.0.0/1");
        assertThat(recipe.get("blockDeviceMappings").toString())
                .contains("volumeSize=20")
                .contains("volumeType=gp3")
                .contains("encrypted=true")
                .contains("deviceName=/dev/xvda");

        Map<String, Object> infra =
                imageBuilder.body("CreateInfrastructureConfiguration").orElseThrow();
        assertThat(infra)
                .containsEntry("instanceTypes", List.of("t3.medium"))
                .containsEntry("instanceProfileName", ROLE)
                .containsEntry("subnetId", subnet)
                .containsEntry("securityGroupIds", List.of("sg-0123456789abcdef0"))
                .containsEntry("terminateInstanceOnFailure", true)
                .doesNotContainKey("keyPair");
        assertThat(infra.get("instanceMetadataOptions").toString()).contains("httpTokens=required");

        Map<String, Object> dist =
                imageBuilder.body("CreateDistributionConfiguration").orElseThrow();
        assertThat(dist.get("distributions").toString())
                .contains("region=" + MotoServer.REGION)
                .contains("region=us-east-1")
                .contains("name=scaleout-golden-1.0.0-{{imagebuilder:buildDate}}")
                .contains("AppVersion=1.0.0")
                .contains("GitCommit=abc1234")
                .contains("RecipeVersion=scaleout-golden/1.0.0")
                .contains("Project=scaleout-kit")
                .contains("ManagedBy=ami-builder");

        Map<String, Object> pipeline = imageBuilder.body("CreateImagePipeline").orElseThrow();
        assertThat(pipeline)
                .containsEntry("status", "ENABLED")
                .doesNotContainKey("schedule")
                // on, it fails every build in an account with an SSM inventory association
                .containsEntry("enhancedImageMetadataEnabled", false);
        assertThat(pipeline.get("imageTestsConfiguration").toString()).contains("imageTestsEnabled=true");
        assertThat(pipeline.get("imageRecipeArn"))
                .isEqualTo(imageBuilder.arnBase() + "image-recipe/scaleout-golden/1.0.0");
    }

    @Test
    void reRunWithTheSameBundleReusesEveryResourceAndTheBakedAmi() {
        Path bundle = FakeBundle.create(dir, "1.0.0", "abc1234", "a");
        // the AMI the build will produce, not yet tagged with the recipe version (a first bake must run)
        String ami = Ec2Fixtures.goldenAmi(ec2, "scaleout", "1.0.0", "none");
        imageBuilder.nextBuild(imageArn("scaleout-golden", "1.0.0", 1), List.of("BUILDING", "AVAILABLE"), ami, null);
        Harness.Result first = bake(bundle);
        assertThat(first.exit()).as(first.all()).isZero();
        // what Image Builder's distribution does: the AMI carries the recipe version
        ec2.createTags(
                b -> b.resources(ami).tags(t -> t.key(Tags.RECIPE_VERSION).value("scaleout-golden/1.0.0")));
        assertThat(first.out()).contains("pipeline execution         started");
        imageBuilder.clearJournal();

        Harness.Result again = bake(bundle);

        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.calls().mutating())
                .as("mutating calls on a re-run: %s", again.calls().byOperation())
                .isZero();
        assertThat(imageBuilder.calls())
                .allMatch(c -> c.startsWith("GET /Get"))
                .doesNotContain("PUT /StartImagePipelineExecution");
        assertThat(again.out()).contains("reused").doesNotContain("created").doesNotContain("uploaded");
        assertThat(again.out().strip()).endsWith(ami);
        System.out.printf(
                "BakeIT: calls per first bake %d (%d mutating), per re-run %d (0 mutating)%n",
                first.calls().reads() + first.calls().mutating(),
                first.calls().mutating(),
                again.calls().reads());
    }

    @Test
    void newAppVersionCreatesNewComponentAndRecipeVersionsAndKeepsTheOldOnes() {
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1), List.of("AVAILABLE"), "ami-0000000000000000a", null);
        assertThat(bake(FakeBundle.create(dir, "1.0.0", "abc1234", "a")).exit()).isZero();
        imageBuilder.clearJournal();
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.1.0", 1), List.of("AVAILABLE"), "ami-0000000000000000b", null);

        Harness.Result r = bake(FakeBundle.create(dir, "1.1.0", "def5678", "b"));

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(imageBuilder.body("CreateComponent").orElseThrow())
                .containsEntry("semanticVersion", "1.1.0")
                .containsEntry("name", "scaleout-app");
        assertThat(imageBuilder.body("CreateImageRecipe").orElseThrow()).containsEntry("semanticVersion", "1.1.0");
        assertThat(imageBuilder
                        .body("UpdateDistributionConfiguration")
                        .orElseThrow()
                        .get("distributions")
                        .toString())
                .contains("scaleout-golden-1.1.0-")
                .contains("AppVersion=1.1.0");
        assertThat(imageBuilder.body("UpdateImagePipeline").orElseThrow())
                .containsEntry("imageRecipeArn", imageBuilder.arnBase() + "image-recipe/scaleout-golden/1.1.0")
                .containsEntry("enhancedImageMetadataEnabled", false);
        assertThat(imageBuilder.calls())
                .noneMatch(c -> c.startsWith("DELETE"))
                .doesNotContain(
                        "PUT /CreateInfrastructureConfiguration",
                        "PUT /UpdateInfrastructureConfiguration",
                        "PUT /CreateImagePipeline");
        assertThat(ssm.getParameter(b -> b.name(PARAMETER)).parameter().value()).isEqualTo("ami-0000000000000000b");
        // the bundle of 1.0.0 stays next to the new one
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).hasSize(2);
    }

    @Test
    void aReleaseRebuiltWithOtherContentUnderTheSameVersionIsRefusedNotReused() {
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1), List.of("AVAILABLE"), "ami-0000000000000000a", null);
        assertThat(bake(FakeBundle.create(dir.resolve(mkdir("one")), "1.0.0", "abc1234", "a"))
                        .exit())
                .isZero();
        imageBuilder.clearJournal();

        Harness.Result r = bake(FakeBundle.create(dir.resolve(mkdir("two")), "1.0.0", "abc1234", "changed"));

        assertThat(r.exit()).isEqualTo(1); // found by reading Image Builder: not an input error
        assertThat(r.err())
                .contains("component scaleout-app 1.0.0 exists with a different document")
                .contains("bump the version in app/pom.xml");
        assertThat(imageBuilder.calls()).doesNotContain("PUT /CreateComponent", "PUT /StartImagePipelineExecution");
    }

    @Test
    void aRecipeReadBackWithItsParentResolvedAndAVersionArnIsStillReused() {
        Path bundle = FakeBundle.create(dir, "1.0.0", "abc1234", "a");
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1), List.of("AVAILABLE"), "ami-0000000000000000a", null);
        assertThat(bake(bundle).exit()).isZero();
        String recipeArn = imageBuilder.arnBase() + "image-recipe/scaleout-golden/1.0.0";
        imageBuilder.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/GetImageRecipe"))
                .atPriority(1)
                .willReturn(ImageBuilderFake.json(
                        200,
                        "{\"requestId\":\"r\",\"imageRecipe\":{\"arn\":\"" + recipeArn + "\","
                                + "\"name\":\"scaleout-golden\",\"version\":\"1.0.0\",\"platform\":\"Linux\",\"parentImage\":\"ami-0fedcba9876543210\","
                                + "\"components\":[{\"componentArn\":\"" + imageBuilder.arnBase()
                                + "component/scaleout-app/1.0.0\"}]}}")));
        imageBuilder.clearJournal();
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 2), List.of("AVAILABLE"), "ami-0000000000000000b", null);

        Harness.Result r = bake(bundle, "--rebuild");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("image recipe               reused");
        assertThat(imageBuilder.calls())
                .filteredOn(c -> c.startsWith("PUT"))
                .containsExactly("PUT /StartImagePipelineExecution");
    }

    @Test
    void rebuiltSnapshotGetsANewComponentInsteadOfTheStaleOne() {
        imageBuilder.nextBuild(imageArn("x", "0.1.0", 1), List.of("AVAILABLE"), "ami-0000000000000000a", null);
        Path first = FakeBundle.create(dir.resolve(mkdir("one")), "0.1.0-SNAPSHOT", "abc1234", "a");
        assertThat(bake(first).exit()).isZero();
        String firstName =
                (String) imageBuilder.body("CreateComponent").orElseThrow().get("name");
        imageBuilder.clearJournal();

        Harness.Result r = bake(FakeBundle.create(dir.resolve(mkdir("two")), "0.1.0-SNAPSHOT", "abc1234", "changed"));

        assertThat(r.exit()).as(r.all()).isZero();
        String secondName =
                (String) imageBuilder.body("CreateComponent").orElseThrow().get("name");
        assertThat(firstName).matches("scaleout-app-snapshot-[0-9a-f]{8}");
        assertThat(secondName).matches("scaleout-app-snapshot-[0-9a-f]{8}").isNotEqualTo(firstName);
    }

    private Path mkdir(String name) {
        try {
            return java.nio.file.Files.createDirectories(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void failedBuildExitsOneWithTheReasonAndTheLogsAndLeavesTaggedResourcesForDestroy() {
        Path bundle = FakeBundle.create(dir, "1.0.0", "abc1234", "a");
        String image = imageArn("scaleout-golden", "1.0.0", 1);
        imageBuilder.nextBuild(
                image,
                List.of("BUILDING", "FAILED"),
                null,
                "Image Builder: Step ServiceAnswersHealthPath failed in phase validate");

        Harness.Result r = bake(bundle);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err())
                .contains("FAILED")
                .contains("ServiceAnswersHealthPath failed in phase validate")
                .contains("/aws/imagebuilder/scaleout-golden")
                .contains(image);
        assertThat(ssm.describeParameters().parameters())
                .as("nothing published")
                .isEmpty();
        assertThat(s3.getBucketTagging(b -> b.bucket(BUCKET)).tagSet()).isNotEmpty();
        assertThat(iam.listRoleTags(b -> b.roleName(ROLE)).tags()).isNotEmpty();
    }

    @Test
    void aBuildStillRunningAtTheTimeoutExitsOneAndSaysItMayStillFinish() {
        imageBuilder.nextBuild(imageArn("scaleout-golden", "1.0.0", 1), List.of("PENDING", "BUILDING"), null, null);

        Harness.Result r = bake(FakeBundle.create(dir, "1.0.0", "abc1234", "a"), "--timeout", "30m");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("still BUILDING after 30m00s").contains("it may still finish on AWS");
        // backoff 15 s doubling to 60 s: about 30 reads in 30 minutes, not one per second
        assertThat(r.order().stream()
                        .filter(c -> c.equals("Imagebuilder:GetImage"))
                        .count())
                .isBetween(25L, 40L);
        assertThat(r.out()).contains("BUILDING (15s)");
    }

    @Test
    void aJustCreatedInstanceProfileIsAwaitedAndImageBuildersPropagationErrorRetried() {
        // IAM reads back the new profile without its role twice (eventual consistency) ...
        java.util.concurrent.atomic.AtomicInteger profileReads = new java.util.concurrent.atomic.AtomicInteger();
        harness.interceptors.add(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public software.amazon.awssdk.core.SdkResponse modifyResponse(
                    software.amazon.awssdk.core.interceptor.Context.ModifyResponse c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                if (c.response() instanceof software.amazon.awssdk.services.iam.model.GetInstanceProfileResponse p
                        && profileReads.incrementAndGet() <= 2) {
                    return p.toBuilder()
                            .instanceProfile(p.instanceProfile().toBuilder()
                                    .roles(List.of())
                                    .build())
                            .build();
                }
                return c.response();
            }
        });
        // ... and Image Builder answers what Terraform's AWS provider retries on (InvalidParameterValueException,
        // "instance profile does not exist") to the configuration three times and to the build's start twice
        String message =
                "The value supplied for parameter 'instanceProfileName' is not valid. The provided instance profile does not exist.";
        imageBuilder.failFirst("CreateInfrastructureConfiguration", 3, 400, "InvalidParameterValueException", message);
        imageBuilder.failFirst("StartImagePipelineExecution", 2, 400, "InvalidParameterValueException", message);
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1), List.of("AVAILABLE"), "ami-0000000000000000a", null);

        Harness.Result r = bake(FakeBundle.create(dir, "1.0.0", "abc1234", "a"));

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.order())
                .containsSubsequence(
                        "Iam:AddRoleToInstanceProfile",
                        "Iam:GetInstanceProfile",
                        "Iam:GetInstanceProfile",
                        "Iam:GetInstanceProfile",
                        "Imagebuilder:CreateInfrastructureConfiguration");
        assertThat(r.out()).contains("waiting for IAM to show instance profile " + ROLE);
        assertThat(imageBuilder.calls())
                .filteredOn(c -> c.equals("PUT /CreateInfrastructureConfiguration"))
                .hasSize(4);
        assertThat(imageBuilder.calls())
                .filteredOn(c -> c.equals("PUT /StartImagePipelineExecution"))
                .hasSize(3);
        assertThat(r.out())
                .contains("CreateInfrastructureConfiguration: the instance profile is not yet visible to Image Builder")
                .contains("(3/12)")
                .contains("StartImagePipelineExecution: the instance profile is not yet visible");
    }

    @Test
    void anotherInvalidParameterIsNotRetried() {
        imageBuilder.failFirst(
                "CreateInfrastructureConfiguration",
                1,
                400,
                "InvalidParameterValueException",
                "The value supplied for parameter 'subnetId' is not valid.");

        Harness.Result r = bake(FakeBundle.create(dir, "1.0.0", "abc1234", "a"));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("CreateInfrastructureConfiguration scaleout-golden-infra: InvalidParameterValueException");
        assertThat(imageBuilder.calls())
                .filteredOn(c -> c.equals("PUT /CreateInfrastructureConfiguration"))
                .hasSize(1);
    }

    /**
     * What SSM does with an aws:ec2:image value: PutParameter succeeds at once, and GetParameter
     * shows the previous value (ParameterNotFound for a new parameter) until its asynchronous
     * validation passed; {@code staleReads} such reads follow each PutParameter (-1: for ever).
     */
    static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Boolean> STALE =
            new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("BakeIT stale read");

    static software.amazon.awssdk.core.interceptor.ExecutionInterceptor validatedLater(int staleReads, String old) {
        return new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            final java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public void beforeExecution(
                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                if (c.request() instanceof software.amazon.awssdk.services.ssm.model.PutParameterRequest) {
                    left.set(staleReads < 0 ? Integer.MAX_VALUE : staleReads);
                } else if (c.request() instanceof software.amazon.awssdk.services.ssm.model.GetParameterRequest) {
                    a.putAttribute(STALE, left.getAndDecrement() > 0);
                }
            }

            @Override
            public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(
                    software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                // a new parameter: SSM's documented error, as on the wire (awsJson1_1)
                return Boolean.TRUE.equals(a.getAttribute(STALE)) && old == null
                        ? c.httpResponse().toBuilder().statusCode(400).build()
                        : c.httpResponse();
            }

            @Override
            public java.util.Optional<java.io.InputStream> modifyHttpResponseContent(
                    software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                if (Boolean.TRUE.equals(a.getAttribute(STALE)) && old == null) {
                    return java.util.Optional.of(
                            new java.io.ByteArrayInputStream("{\"__type\":\"ParameterNotFound\",\"message\":\"\"}"
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                return c.responseBody();
            }

            @Override
            public software.amazon.awssdk.core.SdkResponse modifyResponse(
                    software.amazon.awssdk.core.interceptor.Context.ModifyResponse c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                if (c.response() instanceof software.amazon.awssdk.services.ssm.model.GetParameterResponse p
                        && Boolean.TRUE.equals(a.getAttribute(STALE))) {
                    return p.toBuilder()
                            .parameter(p.parameter().toBuilder().value(old).build())
                            .build();
                }
                return c.response();
            }
        };
    }

    @Test
    void theParameterIsReportedOnlyOnceSsmValidatedTheAmiAndShowsIt() {
        harness.interceptors.add(validatedLater(3, null));
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1), List.of("AVAILABLE"), "ami-0000000000000000a", null);
        Harness.Result first = bake(FakeBundle.create(dir, "1.0.0", "abc1234", "a"));
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out()).contains("waiting for SSM to validate ami-0000000000000000a (aws:ec2:image)");
        assertThat(first.order()
                        .subList(
                                first.order().indexOf("Ssm:PutParameter"),
                                first.order().size()))
                .containsExactly(
                        "Ssm:PutParameter",
                        "Ssm:GetParameter",
                        "Ssm:GetParameter",
                        "Ssm:GetParameter",
                        "Ssm:GetParameter");

        harness.interceptors.clear();
        harness.interceptors.add(validatedLater(2, "ami-0000000000000000a"));
        imageBuilder.clearJournal();
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.1.0", 1), List.of("AVAILABLE"), "ami-0000000000000000b", null);
        Harness.Result second = bake(FakeBundle.create(dir, "1.1.0", "def5678", "b"));
        assertThat(second.exit()).as(second.all()).isZero();
        assertThat(second.order().stream()
                        .filter(c -> c.equals("Ssm:GetParameter"))
                        .count())
                .isEqualTo(1 + 3);
        assertThat(second.out().strip()).endsWith("ami-0000000000000000b");
    }

    @Test
    void aParameterSsmNeverValidatesExitsOneNamingDescribeImages() {
        harness.interceptors.add(validatedLater(-1, null));
        imageBuilder.nextBuild(
                imageArn("scaleout-golden", "1.0.0", 1), List.of("AVAILABLE"), "ami-0000000000000000a", null);

        Harness.Result r = bake(FakeBundle.create(dir, "1.0.0", "abc1234", "a"));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("SSM parameter " + PARAMETER + " still shows no value instead of ami-0000000000000000a")
                .contains("ec2:DescribeImages");
        assertThat(r.out()).doesNotContain("SSM parameter              created");
    }

    @Test
    void anImageBuilderErrorNamesTheOperationTheResourceAndTheCode() {
        imageBuilder.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/CreateImageRecipe"))
                .atPriority(1)
                .willReturn(ImageBuilderFake.error(
                        400,
                        "InvalidParameterValueException",
                        "The value supplied for parameter parentImage is not valid")));

        Harness.Result r = bake(FakeBundle.create(dir, "1.0.0", "abc1234", "a"));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("error: CreateImageRecipe scaleout-golden 1.0.0: InvalidParameterValueException: "
                        + "The value supplied for parameter parentImage is not valid");
        assertThat(imageBuilder.calls())
                .contains("PUT /CreateComponent")
                .doesNotContain("PUT /StartImagePipelineExecution");
    }
}
