package dev.scaleout.amibuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tags are the state: every resource gets Project, Stack (the prefix), ManagedBy and Name,
 * so destroy/list/prune find them by tag, and whatever a failed run created is found too.
 */
public final class Tags {

    public static final String PROJECT = "scaleout-kit";
    public static final String MANAGED_BY = "ami-builder";
    public static final String APP_VERSION = "AppVersion";
    public static final String GIT_COMMIT = "GitCommit";
    public static final String RECIPE_VERSION = "RecipeVersion";
    public static final String BUNDLE_SHA = "BundleSha256";

    private Tags() {}

    public static Map<String, String> of(String prefix, String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Project", PROJECT);
        tags.put("Stack", prefix);
        tags.put("ManagedBy", MANAGED_BY);
        tags.put("Name", name);
        return tags;
    }
}
