package dev.scaleout.amibuilder.imagebuilder;

/** Image Builder ARNs are predictable from name and version: one GET finds a resource, no listing. */
public record Arns(String partition, String region, String account) {

    private String base() {
        return "arn:" + partition + ":imagebuilder:" + region + ":" + account + ":";
    }

    /** Build version 1: the only build of a component version this tool creates. */
    public String component(String name, String version) {
        return base() + "component/" + name + "/" + version + "/1";
    }

    public String recipe(String name, String version) {
        return base() + "image-recipe/" + name + "/" + version;
    }

    public String infrastructure(String name) {
        return base() + "infrastructure-configuration/" + name;
    }

    public String distribution(String name) {
        return base() + "distribution-configuration/" + name;
    }

    public String pipeline(String name) {
        return base() + "image-pipeline/" + name;
    }
}
