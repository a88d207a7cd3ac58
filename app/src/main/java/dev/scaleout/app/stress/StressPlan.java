package dev.scaleout.app.stress;

/** A validated burn: how long, on how many threads, at what duty cycle per thread. */
public record StressPlan(int seconds, int cores, int load) {

    public static final int MIN_SECONDS = 1;
    public static final int MAX_SECONDS = 3600;
    public static final int DEFAULT_SECONDS = 300;
    public static final int MIN_LOAD = 1;
    public static final int MAX_LOAD = 100;

    public StressPlan {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || cores < 1 || load < MIN_LOAD || load > MAX_LOAD) {
            throw new IllegalArgumentException(
                    "invalid stress plan " + seconds + "s " + cores + " cores " + load + "%");
        }
    }
}
