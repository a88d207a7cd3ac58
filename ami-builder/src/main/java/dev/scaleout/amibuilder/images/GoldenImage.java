package dev.scaleout.amibuilder.images;

import java.util.List;

/** A golden AMI as list and prune see it. */
public record GoldenImage(
        String id,
        String name,
        String appVersion,
        String recipeVersion,
        String created,
        String state,
        List<String> snapshots) {}
