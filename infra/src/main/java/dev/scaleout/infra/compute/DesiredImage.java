package dev.scaleout.infra.compute;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The AMI the stack should run, as the config names it now: {@code instances.amiId}, or the
 * value of {@code instances.amiParameter} read at this moment (one GetParameter), with the
 * AMI's creation date and the app version ami-builder tagged it with (one DescribeImages),
 * so a plan can say what a new image is.
 *
 * @param source    "instances.amiId" or the parameter's name
 * @param created   the AMI's creation date (yyyy-mm-dd), empty if AWS does not show the AMI
 * @param appVersion the AMI's AppVersion tag (set by ami-builder), empty if absent
 */
public record DesiredImage(String amiId, String source, Optional<String> created, Optional<String> appVersion) {

    /** ami-builder's tag with the baked app's version. */
    static final String APP_VERSION_TAG = "AppVersion";

    public static DesiredImage resolve(StackConfig config, Ec2Client ec2, SsmClient ssm) {
        StackConfig.Instances i = config.instances();
        boolean pinned = i.amiId() != null && !i.amiId().isBlank();
        String ami = pinned ? i.amiId() : parameter(ssm, i.amiParameter(), config.region());
        Optional<Image> image = describe(ec2, ami);
        return new DesiredImage(
                ami,
                pinned ? "instances.amiId" : i.amiParameter(),
                image.map(Image::creationDate)
                        .filter(d -> d != null && d.length() >= 10)
                        .map(d -> d.substring(0, 10)),
                image.flatMap(img -> img.tags().stream()
                        .filter(t -> APP_VERSION_TAG.equals(t.key()))
                        .map(t -> t.value())
                        .findFirst()));
    }

    /** "from /scaleout/golden-ami/latest, baked 2026-11-30, app 1.4.0": what the plan shows beside an image change. */
    public String annotation() {
        return "from " + source + ", baked " + created.orElse("?") + ", app " + appVersion.orElse("?");
    }

    private static String parameter(SsmClient ssm, String name, String region) {
        try {
            return ssm.getParameter(r -> r.name(name)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw ExitException.userError("instances.amiParameter: SSM parameter " + name + " does not exist in "
                    + region + ": publish a golden AMI with 'ami-builder bake' (same region), or set instances.amiId");
        } catch (SdkException e) {
            throw ExitException.aws("GetParameter", name, e);
        }
    }

    /** Empty when the AMI is not visible (deregistered, or shared and since withdrawn): EC2 then refuses to launch it. */
    private static Optional<Image> describe(Ec2Client ec2, String ami) {
        Optional<Image> found = AwsCall.find(
                        "DescribeImages",
                        ami,
                        Set.of("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"),
                        () -> ec2.describeImages(r -> r.imageIds(ami)).images())
                .flatMap(l -> l.stream().findFirst());
        if (found.isEmpty()) {
            throw ExitException.userError(
                    "AMI " + ami + " (from the config) does not exist in this region or is not visible "
                            + "to this account: bake a new one with ami-builder, or set instances.amiId");
        }
        return found;
    }
}
