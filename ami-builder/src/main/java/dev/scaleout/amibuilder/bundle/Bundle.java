package dev.scaleout.amibuilder.bundle;

import java.nio.file.Path;

/**
 * The app's install bundle as ami-builder ships it: the tarball, the app version from its
 * name, the git commit from its build-info, and its SHA-256 (which keys the upload and tells
 * a changed SNAPSHOT from the one already baked).
 */
public record Bundle(Path file, String appVersion, String gitCommit, String sha256, long size) {

    public String fileName() {
        return file.getFileName().toString();
    }

    /** The first 8 hex digits: enough to tell builds of one version apart in names. */
    public String shortSha() {
        return sha256.substring(0, 8);
    }
}
