package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.bundle.Bundle;

/**
 * Every name the tool gives a resource, derived from the prefix (and for versioned
 * resources the app version), so any machine finds the same resources again.
 */
public record Names(String prefix) {

    public static final String DEFAULT_PREFIX = "scaleout";

    public String bucket(String account, String region) {
        return prefix + "-ami-artifacts-" + account + "-" + region;
    }

    public String bundleKey(Bundle bundle) {
        return "bundles/" + bundle.appVersion() + "/" + bundle.sha256() + "/" + bundle.fileName();
    }

    /** The instance role can read this prefix only. */
    public String bundlePrefix() {
        return "bundles/";
    }

    public String instanceRole() {
        return prefix + "-ami-builder-instance";
    }

    public String instanceProfile() {
        return instanceRole();
    }

    public String component(AppVersion version, Bundle bundle) {
        return prefix + "-app" + version.nameSuffix(bundle.shortSha());
    }

    public String recipe(AppVersion version, Bundle bundle) {
        return prefix + "-golden" + version.nameSuffix(bundle.shortSha());
    }

    public String infrastructure() {
        return prefix + "-golden-infra";
    }

    public String distribution() {
        return prefix + "-golden-dist";
    }

    public String pipeline() {
        return prefix + "-golden-pipeline";
    }

    public String amiName(AppVersion version) {
        return prefix + "-golden-" + version.amiSafe() + "-{{imagebuilder:buildDate}}";
    }

    /** The SSM parameter infra reads (its default is exactly this for the default prefix). */
    public String defaultParameter() {
        return "/" + prefix + "/golden-ami/latest";
    }

    /** Image Builder's log group for builds of a recipe. */
    public String logGroup(String recipeName) {
        return "/aws/imagebuilder/" + recipeName;
    }
}
