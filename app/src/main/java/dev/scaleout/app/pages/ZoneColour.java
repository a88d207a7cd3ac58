package dev.scaleout.app.pages;

import io.quarkus.qute.TemplateExtension;

/**
 * One colour per availability zone, so refreshes landing in different zones look different
 * from across a room. The zone's letter picks one of six CSS classes ({@code zone-0} ..
 * {@code zone-5}, colours in templates/pages/style.html): us-east-1a and eu-west-1a share a
 * colour, us-east-1a and us-east-1b never do. The fleet page's script mirrors this for rows it redraws.
 */
@TemplateExtension(namespace = "zone")
public final class ZoneColour {

    static final int COLOURS = 6;
    static final String NONE = "zone-none";

    private ZoneColour() {}

    /** {@code zone-N} for a zone name ending in a letter (us-east-1a, us-west-2-lax-1a), else {@code zone-none}. */
    public static String css(String availabilityZone) {
        if (availabilityZone == null || availabilityZone.isEmpty()) {
            return NONE;
        }
        char letter = availabilityZone.charAt(availabilityZone.length() - 1);
        return letter >= 'a' && letter <= 'z' ? "zone-" + (letter - 'a') % COLOURS : NONE;
    }
}
