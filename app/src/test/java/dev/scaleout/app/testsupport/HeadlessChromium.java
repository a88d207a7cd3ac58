package dev.scaleout.app.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as a person's browser: it runs the page's scripts and returns
 * the DOM they leave, or a screenshot. Flags keep it off every network but loopback.
 */
public final class HeadlessChromium {

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    public static HeadlessChromium find() {
        String fromEnv = System.getenv("CHROMIUM");
        Path path = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: run scripts/test (it installs Debian's chromium) "
                    + "or set CHROMIUM to a Chromium binary");
        }
        return new HeadlessChromium(path);
    }

    /** The DOM after the page's scripts ran for {@code scriptMillis} of virtual time. */
    public String renderedDom(String url, int scriptMillis) {
        return run(url, "--virtual-time-budget=" + scriptMillis, "--dump-dom");
    }

    /** The DOM after the page's scripts ran, laid out in a window of the given size. */
    public String renderedDom(String url, int scriptMillis, int width, int height) {
        return run(url, "--window-size=" + width + "," + height, "--virtual-time-budget=" + scriptMillis, "--dump-dom");
    }

    public void screenshot(String url, Path png) {
        screenshot(url, png, 1280, 900);
    }

    public void screenshot(String url, Path png, int width, int height) {
        run(url, "--window-size=" + width + "," + height, "--hide-scrollbars", "--screenshot=" + png.toAbsolutePath());
    }

    private String run(String url, String... extra) {
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            List<String> command = new ArrayList<>(List.of(
                    binary.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile));
            command.addAll(List.of(extra));
            command.add(url);
            Path err = Files.createTempFile("chromium", ".log");
            Process process =
                    new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium failed on " + url + ": " + Files.readString(err));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
