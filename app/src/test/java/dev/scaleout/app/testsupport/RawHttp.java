package dev.scaleout.app.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP as a hostile client writes it: exactly the bytes given, then whatever the server
 * answers until it closes the connection or stops sending for a while.
 */
public final class RawHttp {

    /** The server's answer and how long the first byte of it took. */
    public record Answer(String text, long firstByteMillis, boolean closed) {
        public String statusLine() {
            int end = text.indexOf("\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private RawHttp() {}

    public static Answer send(int port, String request, int readTimeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(readTimeoutMillis);
            long start = System.nanoTime();
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long firstByte = -1;
            boolean closed = false;
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (firstByte < 0) {
                        firstByte = (System.nanoTime() - start) / 1_000_000;
                    }
                    answer.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                // the server keeps the connection: fine, the answer is what arrived
            }
            return new Answer(answer.toString(StandardCharsets.ISO_8859_1), firstByte, closed);
        }
    }
}
