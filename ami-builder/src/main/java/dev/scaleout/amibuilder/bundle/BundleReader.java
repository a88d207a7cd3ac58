package dev.scaleout.amibuilder.bundle;

import dev.scaleout.support.ExitException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a bundle without unpacking it: one pass over the gzip'd tar checks the files
 * install.sh needs, finds the git commit in the app jar's build-info.properties, and
 * hashes the archive. A file that is not a bundle is a user error, before any AWS call.
 */
public final class BundleReader {

    public static final Pattern FILE_NAME = Pattern.compile("scaleout-app-bundle-(.+)\\.tar\\.gz");
    static final String TOP = "scaleout-app/";
    static final Set<String> REQUIRED = Set.of(
            TOP + "install.sh",
            TOP + "scaleout-app.service",
            TOP + "app.env.template",
            TOP + "quarkus-app/quarkus-run.jar");

    private BundleReader() {}

    public static Bundle read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw ExitException.userError("bundle " + file + " does not exist: pass --bundle PATH to "
                    + "app/target/scaleout-app-bundle-<version>.tar.gz, or omit --bundle to build it");
        }
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            throw ExitException.userError(
                    "--bundle " + file + ": the name must be scaleout-app-bundle-<version>.tar.gz "
                            + "(the app's version comes from it): pass the file 'mvn -pl app package' made");
        }
        String version = name.group(1);
        Set<String> seen = new HashSet<>();
        String commit = "unknown";
        // the checksum on another core while this one unpacks: two reads of the file, half the wait
        CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> sha256(file));
        try (InputStream tar = new GZIPInputStream(Files.newInputStream(file), 65536)) {
            byte[] header = new byte[512];
            while (readFully(tar, header) && header[0] != 0) {
                String entry = field(header, 345, 155).isEmpty()
                        ? field(header, 0, 100)
                        : field(header, 345, 155) + "/" + field(header, 0, 100);
                long size = Long.parseLong(field(header, 124, 12).isEmpty() ? "0" : field(header, 124, 12), 8);
                char type = (char) header[156];
                if (type == 'L') { // GNU long name: the next entry's name is this entry's data
                    entry = new String(readBytes(tar, size), StandardCharsets.UTF_8).replace("\0", "");
                    skip(tar, pad(size));
                    readFully(tar, header);
                    size = Long.parseLong(field(header, 124, 12), 8);
                    type = (char) header[156];
                } else if (type == 'x') { // pax header: path=... may override the name
                    String pax = new String(readBytes(tar, size), StandardCharsets.UTF_8);
                    skip(tar, pad(size));
                    Matcher path = Pattern.compile("\\d+ path=([^\n]*)\n").matcher(pax);
                    readFully(tar, header);
                    entry = path.find() ? path.group(1) : field(header, 0, 100);
                    size = Long.parseLong(field(header, 124, 12), 8);
                    type = (char) header[156];
                }
                seen.add(entry);
                if (entry.startsWith(TOP + "quarkus-app/app/") && entry.endsWith(".jar")) {
                    commit = commitIn(readBytes(tar, size)).orElse(commit);
                    skip(tar, pad(size));
                } else {
                    skip(tar, size + pad(size));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw ExitException.userError("--bundle " + file + " is not a readable .tar.gz (" + e.getMessage()
                    + "): rebuild it with 'mvn -pl app package'");
        }
        Set<String> missing = new HashSet<>(REQUIRED);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            throw ExitException.userError("--bundle " + file + " is not an install bundle (missing "
                    + String.join(", ", missing.stream().sorted().toList())
                    + "): pass the file 'mvn -pl app package' made");
        }
        try {
            return new Bundle(file.toAbsolutePath(), version, commit, sha.join(), Files.size(file));
        } catch (IOException e) {
            throw ExitException.userError("--bundle " + file + ": " + e.getMessage());
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Optional<String> commitIn(byte[] jar) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("build-info.properties")) {
                    Properties p = new Properties();
                    p.load(zip);
                    return java.util.Optional.ofNullable(p.getProperty("git.commit"))
                            .filter(s -> !s.isBlank());
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long pad(long size) {
        return (512 - size % 512) % 512;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        return in.readNBytes(b, 0, b.length) == b.length;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("entry too large");
        }
        return in.readNBytes((int) size);
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }
}
