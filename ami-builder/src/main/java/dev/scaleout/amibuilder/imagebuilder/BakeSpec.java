package dev.scaleout.amibuilder.imagebuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the Image Builder resources of one bake are made from (plan prints it, bake applies it). */
public record BakeSpec(
        String prefix,
        String componentName,
        String componentVersion,
        String componentDescription,
        String componentDocument,
        String recipeName,
        String recipeVersion,
        String parentImage,
        int rootVolumeGb,
        String infrastructureName,
        String instanceType,
        String instanceProfile,
        Optional<String> subnetId,
        Optional<String> securityGroupId,
        String distributionName,
        String amiName,
        Map<String, String> amiTags,
        List<String> regions,
        String pipelineName) {

    public static final String ROOT_DEVICE = "/dev/xvda";
    public static final int TEST_TIMEOUT_MINUTES = 60;
}
