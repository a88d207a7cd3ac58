package dev.scaleout.infra;

/** Placeholder until the CLI is built. */
public final class InfraCli {
    public static void main(String[] args) {
        System.exit(dev.scaleout.support.ExitException.USER_ERROR);
    }
}
