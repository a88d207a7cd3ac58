package dev.scaleout.infra.operate;

/**
 * The terminal rule now lives in support ({@link dev.scaleout.support.Terminal}); this
 * delegate stays only while operate/rollout still imports it, then goes.
 */
public final class Terminal {

    private Terminal() {
    }

    public static boolean isInteractive() {
        return dev.scaleout.support.Terminal.isInteractive();
    }
}
