package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class WriterStreamTest {

    @Test
    void linesFromTheStreamAndTheWriterArriveInTheOrderTheyWerePrinted() {
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text, true);
        PrintStream stream = WriterStream.of(writer);

        stream.println("+ vpc/my-vpc (é, 東京)");
        writer.println("Apply complete.");
        stream.print("\rwaiting: available (3s)");
        stream.flush(); // as the progress line does after a rewrite
        writer.println();

        assertThat(text.toString())
                .isEqualTo("+ vpc/my-vpc (é, 東京)" + System.lineSeparator() + "Apply complete." + System.lineSeparator()
                        + "\rwaiting: available (3s)" + System.lineSeparator());
    }
}
