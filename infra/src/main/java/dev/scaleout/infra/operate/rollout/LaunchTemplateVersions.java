package dev.scaleout.infra.operate.rollout;

import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/**
 * The launch template side of a rollout: what the default version runs, a new version that
 * is the default one with only the image changed, which version is the default, and pruning
 * old versions.
 */
public final class LaunchTemplateVersions {

    /** A version of the template and the AMI it launches. */
    public record Version(
            String launchTemplate, long number, String amiId, boolean isDefault, ResponseLaunchTemplateData data) {}

    private final Ec2Client ec2;

    public LaunchTemplateVersions(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public Version defaultVersion(String launchTemplate) {
        return describe(launchTemplate, "$Default");
    }

    /** Version {@code number}; a version that does not exist is the user's to fix (--to). */
    public Version version(String launchTemplate, long number) {
        return describe(launchTemplate, String.valueOf(number));
    }

    /**
     * A new version that is {@code source} with only the image changed, not yet the default:
     * the default moves once the instance refresh succeeded.
     */
    public Version createWithAmi(Version source, String amiId) {
        try {
            LaunchTemplateVersion created = ec2.createLaunchTemplateVersion(
                            r -> r.launchTemplateName(source.launchTemplate())
                                    .sourceVersion(String.valueOf(source.number()))
                                    .versionDescription("rollout of " + amiId + " from version " + source.number())
                                    .launchTemplateData(LaunchTemplateCopy.withImage(source.data(), amiId)))
                    .launchTemplateVersion();
            return new Version(
                    source.launchTemplate(), created.versionNumber(), amiId, false, created.launchTemplateData());
        } catch (SdkException e) {
            throw ExitException.aws("CreateLaunchTemplateVersion", source.launchTemplate(), e);
        }
    }

    public void makeDefault(Version version) {
        AwsCall.run(
                "ModifyLaunchTemplate",
                version.launchTemplate() + " default " + version.number(),
                () -> ec2.modifyLaunchTemplate(r -> r.launchTemplateName(version.launchTemplate())
                        .defaultVersion(String.valueOf(version.number()))));
    }

    /**
     * Deletes all but the default, the newest {@code keep} and every version in {@code inUse}
     * (the group's, a running refresh's). Returns the numbers deleted.
     */
    public List<Long> prune(String launchTemplate, int keep, Set<Long> inUse) {
        List<LaunchTemplateVersion> all = AwsCall.call(
                "DescribeLaunchTemplateVersions",
                launchTemplate,
                () -> ec2
                        .describeLaunchTemplateVersionsPaginator(r -> r.launchTemplateName(launchTemplate))
                        .launchTemplateVersions()
                        .stream()
                        .toList());
        List<Long> doomed = toDelete(all, keep, inUse);
        // DeleteLaunchTemplateVersions takes up to 200 versions a call
        for (int from = 0; from < doomed.size(); from += 200) {
            List<String> batch = doomed.subList(from, Math.min(doomed.size(), from + 200)).stream()
                    .map(String::valueOf)
                    .toList();
            var result = AwsCall.call(
                    "DeleteLaunchTemplateVersions",
                    launchTemplate,
                    () -> ec2.deleteLaunchTemplateVersions(
                            r -> r.launchTemplateName(launchTemplate).versions(batch)));
            if (!result.unsuccessfullyDeletedLaunchTemplateVersions().isEmpty()) {
                var first = result.unsuccessfullyDeletedLaunchTemplateVersions().get(0);
                throw ExitException.failure(
                        "DeleteLaunchTemplateVersions on " + launchTemplate + " version " + first.versionNumber()
                                + " failed: " + first.responseError().codeAsString() + " "
                                + first.responseError().message());
            }
        }
        return doomed;
    }

    /** The versions beyond the default, the newest {@code keep} and those in use, oldest first. */
    static List<Long> toDelete(List<LaunchTemplateVersion> all, int keep, Set<Long> inUse) {
        TreeSet<Long> numbers = new TreeSet<>();
        all.forEach(v -> numbers.add(v.versionNumber()));
        Set<Long> kept = new TreeSet<>(inUse);
        all.stream().filter(v -> Boolean.TRUE.equals(v.defaultVersion())).forEach(v -> kept.add(v.versionNumber()));
        numbers.descendingSet().stream().limit(keep).forEach(kept::add);
        return new ArrayList<>(numbers.stream().filter(n -> !kept.contains(n)).toList());
    }

    private Version describe(String launchTemplate, String version) {
        List<LaunchTemplateVersion> found;
        try {
            found = ec2.describeLaunchTemplateVersions(
                            r -> r.launchTemplateName(launchTemplate).versions(version))
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
        return new Version(
                launchTemplate,
                v.versionNumber(),
                v.launchTemplateData().imageId(),
                Boolean.TRUE.equals(v.defaultVersion()),
                v.launchTemplateData());
    }

    private static ExitException noSuchVersion(String launchTemplate, String version) {
        return ExitException.userError("launch template " + launchTemplate + " has no version " + version
                + ": pass --to with an existing version (aws ec2 describe-launch-template-versions --launch-template-name "
                + launchTemplate + ")");
    }
}
