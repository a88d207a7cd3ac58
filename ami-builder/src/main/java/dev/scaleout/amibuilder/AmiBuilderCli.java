package dev.scaleout.amibuilder;

/** Placeholder until the CLI is built. */
public final class AmiBuilderCli {
    public static void main(String[] args) {
        System.exit(dev.scaleout.support.ExitException.USER_ERROR);
    }
}
