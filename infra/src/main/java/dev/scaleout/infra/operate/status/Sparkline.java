package dev.scaleout.infra.operate.status;

import java.util.List;

/**
 * A one-line chart of percentages: ▁ for 0 % up to █ for 100 %, on a fixed scale so the
 * same height means the same load on every refresh (a scale fitted to the data would make
 * 3 % and 90 % look alike). A missing value is a blank, never a ▁: no data is not 0 %.
 */
public final class Sparkline {

    private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();

    private Sparkline() {}

    public static String ofPercent(List<Double> values) {
        StringBuilder line = new StringBuilder(values.size());
        for (Double v : values) {
            line.append(v == null || v.isNaN() ? ' ' : bar(v));
        }
        return line.toString();
    }

    /** Eight equal bands of 12.5 %; below 0 and above 100 are clamped. */
    static char bar(double percent) {
        int level = (int) Math.floor(Math.max(0, Math.min(100, percent)) * BARS.length / 100.0);
        return BARS[Math.min(level, BARS.length - 1)];
    }
}
