package dev.scaleout.app.ec2meta;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance page at near-static cost. The template is rendered once per metadata refresh
 * with markers in place of the per-request values ({@code live.*}: uptime, client address,
 * serving time); the result is kept as byte segments, and each request only joins the
 * segments with its own, HTML-escaped, values. A richer template costs nothing more per
 * request, however much it renders.
 */
@ApplicationScoped
public class InstancePage {

    /** The per-request values, as the template sees them. */
    @TemplateData
    public record Live(String uptime, String clientAddress, String servedInMicros) {
    }

    private enum Slot { UPTIME, CLIENT, SERVED }

    // Control characters: no metadata value or escaping produces them.
    private static final Live MARKERS = new Live("\u0001U\u0002", "\u0001C\u0002", "\u0001S\u0002");

    private record Rendered(InstanceMetadata source, boolean stale, byte[][] segments, Slot[] slots, int size) {
    }

    private final Template page;
    private final InstanceMetadataService metadata;
    private final AppInfo app;
    private volatile Rendered rendered;

    InstancePage(@Location("ec2meta/page.html") Template page, InstanceMetadataService metadata, AppInfo app) {
        this.page = page;
        this.metadata = metadata;
        this.app = app;
    }

    /** The page for one request; {@code start} is System.nanoTime() when it arrived. */
    public Buffer render(String clientAddress, long start) {
        Rendered r = current();
        String uptime = Uptime.format(app.uptime());
        String client = escape(clientAddress == null ? "-" : clientAddress);
        Buffer out = Buffer.buffer(r.size() + 64);
        for (int i = 0; i < r.slots().length; i++) {
            out.appendBytes(r.segments()[i]);
            switch (r.slots()[i]) {
                case UPTIME -> out.appendString(uptime);
                case CLIENT -> out.appendString(client);
                case SERVED -> out.appendString(Long.toString((System.nanoTime() - start) / 1_000));
            }
        }
        return out.appendBytes(r.segments()[r.slots().length]);
    }

    private Rendered current() {
        InstanceMetadata now = metadata.current();
        boolean stale = metadata.stale();
        Rendered r = rendered;
        if (r == null || r.source() != now || r.stale() != stale) {
            r = render(now, stale);
            rendered = r; // racing renders of the same refresh give the same bytes
        }
        return r;
    }

    private Rendered render(InstanceMetadata source, boolean stale) {
        InstanceReport report = InstanceReport.of(source, stale, app, null, System.nanoTime());
        String html = page.data("report", report).data("live", MARKERS).render();
        List<byte[]> segments = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        int from = 0;
        int size = 0;
        while (true) {
            int at = html.indexOf('\u0001', from);
            if (at < 0) {
                break;
            }
            byte[] segment = html.substring(from, at).getBytes(StandardCharsets.UTF_8);
            segments.add(segment);
            size += segment.length;
            slots.add(switch (html.charAt(at + 1)) {
                case 'U' -> Slot.UPTIME;
                case 'C' -> Slot.CLIENT;
                default -> Slot.SERVED;
            });
            from = at + 3;
        }
        byte[] tail = html.substring(from).getBytes(StandardCharsets.UTF_8);
        segments.add(tail);
        return new Rendered(source, stale, segments.toArray(byte[][]::new), slots.toArray(Slot[]::new), size + tail.length);
    }

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null || c < 0x20) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement != null ? replacement : "\uFFFD");
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
