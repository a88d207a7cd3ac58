package dev.scaleout.infra.operate.status;

import java.io.PrintWriter;
import java.util.List;

/**
 * Shows successive frames. On a terminal it moves the cursor home and overwrites each line,
 * clearing only what is left of it ({@code ESC[K}) and below the frame ({@code ESC[J}):
 * the screen is never blanked, so nothing flickers. Elsewhere (a pipe, a log) frames are
 * appended, separated by a line, and no escape codes are written.
 */
public final class ScreenWriter {

    static final String HOME = "\033[H";
    static final String CLEAR_TO_LINE_END = "\033[K";
    static final String CLEAR_TO_SCREEN_END = "\033[J";
    static final String CLEAR_SCREEN = "\033[2J";
    static final String SEPARATOR = "----";

    private final PrintWriter out;
    private final boolean terminal;
    private int frames;

    public ScreenWriter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public void show(List<String> lines) {
        StringBuilder frame = new StringBuilder();
        if (terminal) {
            // Blank the screen once, before the first frame, so the shell's old lines do not
            // show below a short frame; after that only overwrite.
            frame.append(frames == 0 ? CLEAR_SCREEN + HOME : HOME);
            for (String line : lines) {
                frame.append(line).append(CLEAR_TO_LINE_END).append('\n');
            }
            frame.append(CLEAR_TO_SCREEN_END);
        } else {
            if (frames > 0) {
                frame.append(SEPARATOR).append('\n');
            }
            lines.forEach(line -> frame.append(line).append('\n'));
        }
        out.print(frame); // one write per frame: the terminal never shows half of one
        out.flush();
        frames++;
    }
}
