package dev.scaleout.amibuilder;

import dev.scaleout.support.ExitException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's Maven version mapped to Image Builder's x.y.z. A release (1.2.3) keeps stable
 * names and one component/recipe version per release. A version with a qualifier
 * (0.1.0-SNAPSHOT) can change content without changing its number, and Image Builder
 * versions are immutable, so its names carry the qualifier and the bundle's checksum:
 * a rebuilt SNAPSHOT gets a new component and recipe instead of reusing a stale one.
 */
public record AppVersion(String raw, String semantic, String qualifier) {

    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:[-.+_](.+))?");

    public static AppVersion parse(String raw) {
        Matcher m = VERSION.matcher(raw);
        if (!m.matches()) {
            throw ExitException.userError("app version '" + raw + "' is not x.y.z[-qualifier]: "
                    + "set a numeric version in app/pom.xml, or pass a bundle named scaleout-app-bundle-1.2.3.tar.gz");
        }
        String semantic = node(raw, m.group(1)) + "." + node(raw, m.group(2)) + "." + node(raw, m.group(3));
        String qualifier = m.group(4) == null ? "" : nameSafe(m.group(4));
        return new AppVersion(raw, semantic, qualifier);
    }

    /** Image Builder's limit for each of x, y and z; CreateComponent refuses more, after the bucket and role exist. */
    static final long MAX_NODE = (1L << 30) - 1;

    /** One of x.y.z (absent: 0), checked here so a bake stops before any AWS call. */
    private static long node(String raw, String digits) {
        if (digits == null) {
            return 0;
        }
        if (digits.length() > 10 || Long.parseLong(digits) > MAX_NODE) {
            throw ExitException.userError("app version '" + raw + "' has the number " + digits + ", above " + MAX_NODE
                    + ", Image Builder's limit for each of x.y.z: set a smaller version in app/pom.xml");
        }
        return Long.parseLong(digits);
    }

    /**
     * A qualifier in the characters Image Builder's component and recipe names take
     * ({@code a-z 0-9 -}), at most 40 of them, never empty ("1.0.0-+" is not a release).
     */
    static String nameSafe(String qualifier) {
        String safe =
                qualifier.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        safe = safe.length() > 40 ? safe.substring(0, 40).replaceAll("-+$", "") : safe;
        return safe.isEmpty() ? "build" : safe;
    }

    /**
     * The version as the AMI name can carry it: EC2 takes {@code A-Z a-z 0-9 ( ) [ ] space . / - ' @ _}
     * and Image Builder's distribution adds its own pattern, so "+" (build metadata) and the rest
     * become "-"; at most 64 characters, so prefix, version and build date stay under the 128 allowed.
     */
    public String amiSafe() {
        String safe = raw.replaceAll("[^A-Za-z0-9._-]", "-");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }

    public boolean isRelease() {
        return qualifier.isEmpty();
    }

    /** "" for a release, else "-snapshot-1a2b3c4d": appended to component and recipe names. */
    public String nameSuffix(String shortSha) {
        return isRelease() ? "" : "-" + qualifier + "-" + shortSha;
    }
}
