package dev.scaleout.infra.vpn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An openvpn process whose log (stdout and stderr) is collected line by line for the test to wait on. */
final class OpenVpnProcess implements AutoCloseable {

    // a loopback handshake takes about two seconds; the bound is for a loaded build machine
    private static final long WAIT_MILLIS = 30_000;

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private OpenVpnProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::collect, "openvpn-log-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * A point-to-point TLS server on loopback (--mode server would need a tun device; the TLS
     * checks are the same), with these certificate files and any further arguments.
     */
    static OpenVpnProcess tlsServer(
            Path openvpn, Path workingDirectory, int port, Path ca, Path cert, Path key, String... more)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--tls-server",
                "--dev",
                "null",
                "--proto",
                "udp4",
                "--local",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--ca",
                ca.toString(),
                "--cert",
                cert.toString(),
                "--key",
                key.toString(),
                "--dh",
                "none",
                "--remote-cert-tls",
                "client"));
        arguments.addAll(List.of(more));
        arguments.addAll(List.of("--verb", "3"));
        return start(openvpn, workingDirectory, arguments.toArray(String[]::new));
    }

    static OpenVpnProcess start(Path openvpn, Path workingDirectory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(openvpn.toString()));
        command.addAll(List.of(arguments));
        return new OpenVpnProcess(new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start());
    }

    /** Waits until a log line contains {@code text}; fails with the log when it does not come or openvpn exits first. */
    void awaitLine(String text) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new TimeoutException("openvpn printed no line with '" + text + "' within " + WAIT_MILLIS
                            + " ms" + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                            + "; its log:\n" + output);
                }
                output.wait(Math.min(left, 200));
            }
        }
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(2_000);
    }

    private void collect() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the JDK closes the pipe when openvpn exits: the log ends here
        }
    }
}
