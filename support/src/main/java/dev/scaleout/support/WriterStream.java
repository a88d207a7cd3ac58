package dev.scaleout.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A stream view of a picocli command's writer, for code that prints to a {@link PrintStream}
 * (the progress line, plans, the engine): everything then reaches the writer the command was
 * given, in order. Bytes are held until a flush, which the view's {@code println} and the
 * progress line's rewrites do, so characters are never split.
 */
public final class WriterStream extends OutputStream {

    private final PrintWriter writer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private WriterStream(PrintWriter writer) {
        this.writer = writer;
    }

    public static PrintStream of(PrintWriter writer) {
        return new PrintStream(new WriterStream(writer), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        pending.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
    }

    @Override
    public void flush() {
        writer.write(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
        writer.flush();
    }
}
