package dev.scaleout.infra.operate.rollout;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.support.ExitException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The launch template side of a rollout: which AMI is the golden one (the SSM parameter
 * ami-builder publishes, unless the config pins an AMI id), what the default version runs,
 * a new version with the new AMI, and which version is the default.
 */
public final class LaunchTemplateVersions {

    /** A version of the template and the AMI it launches. */
    public record Version(String launchTemplate, long number, String amiId, boolean isDefault) {
    }

    private final Ec2Client ec2;
    private final SsmClient ssm;

    public LaunchTemplateVersions(Ec2Client ec2, SsmClient ssm) {
        this.ec2 = ec2;
        this.ssm = ssm;
    }

    /** The AMI to roll out: the config's pinned amiId, else the SSM parameter's value. */
    public String goldenAmi(StackConfig.Instances instances) {
        if (instances.amiId() != null && !instances.amiId().isBlank()) {
            return instances.amiId();
        }
        String parameter = instances.amiParameter();
        try {
            return ssm.getParameter(r -> r.name(parameter)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw ExitException.userError("SSM parameter " + parameter + " does not exist: publish a golden AMI with "
                    + "'ami-builder bake', or set instances.amiId in the stack config");
        } catch (SdkException e) {
            throw ExitException.aws("GetParameter", parameter, e);
        }
    }

    public Version defaultVersion(String launchTemplate) {
        return describe(launchTemplate, "$Default");
    }

    /** Version {@code number}; a version that does not exist is the user's to fix (--to). */
    public Version version(String launchTemplate, long number) {
        return describe(launchTemplate, String.valueOf(number));
    }

    /**
     * A new version that is the default one with only the AMI changed (SourceVersion keeps
     * the rest: user data, instance type, security groups).
     */
    public Version createWithAmi(Version source, String amiId) {
        try {
            LaunchTemplateVersion created = ec2.createLaunchTemplateVersion(r -> r
                            .launchTemplateName(source.launchTemplate())
                            .sourceVersion(String.valueOf(source.number()))
                            .versionDescription("rollout of " + amiId)
                            .launchTemplateData(d -> d.imageId(amiId)))
                    .launchTemplateVersion();
            return new Version(source.launchTemplate(), created.versionNumber(), amiId, false);
        } catch (SdkException e) {
            throw ExitException.aws("CreateLaunchTemplateVersion", source.launchTemplate(), e);
        }
    }

    public void makeDefault(Version version) {
        try {
            ec2.modifyLaunchTemplate(r -> r.launchTemplateName(version.launchTemplate())
                    .defaultVersion(String.valueOf(version.number())));
        } catch (SdkException e) {
            throw ExitException.aws("ModifyLaunchTemplate", version.launchTemplate() + " default " + version.number(), e);
        }
    }

    private Version describe(String launchTemplate, String version) {
        List<LaunchTemplateVersion> found;
        try {
            found = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName(launchTemplate).versions(version))
                    .launchTemplateVersions();
        } catch (Ec2Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (code.startsWith("InvalidLaunchTemplateName")) {
                throw ExitException.userError("no launch template " + launchTemplate
                        + ": deploy the stack with 'infra apply', or fix 'prefix' in the stack config");
            }
            if (code.startsWith("InvalidLaunchTemplateId.VersionNotFound")) {
                throw noSuchVersion(launchTemplate, version);
            }
            throw ExitException.aws("DescribeLaunchTemplateVersions", launchTemplate + " version " + version, e);
        } catch (SdkException e) {
            throw ExitException.aws("DescribeLaunchTemplateVersions", launchTemplate + " version " + version, e);
        }
        if (found.isEmpty()) {
            throw noSuchVersion(launchTemplate, version);
        }
        LaunchTemplateVersion v = found.get(0);
        return new Version(launchTemplate, v.versionNumber(), v.launchTemplateData().imageId(), Boolean.TRUE.equals(v.defaultVersion()));
    }

    private static ExitException noSuchVersion(String launchTemplate, String version) {
        return ExitException.userError("launch template " + launchTemplate + " has no version " + version
                + ": pass --to with an existing version (aws ec2 describe-launch-template-versions --launch-template-name "
                + launchTemplate + ")");
    }
}
