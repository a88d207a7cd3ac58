package dev.scaleout.app.ec2meta;

import dev.scaleout.app.pages.PageLanguage;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The instance page at near-static cost. The template is rendered once per metadata refresh
 * and language with markers in place of the per-request values ({@code live.*}: uptime,
 * client address, user agent, serving time); the result is kept as byte segments, and each
 * request only joins the segments with its own, HTML-escaped, values. A richer template costs
 * nothing more per request, however much it renders.
 */
@ApplicationScoped
public class InstancePage {

    /** The per-request values, as the template sees them. */
    @TemplateData
    public record Live(String uptime, String clientAddress, String userAgent, String servedInMicros) {}

    private enum Slot {
        UPTIME,
        CLIENT,
        USER_AGENT,
        SERVED
    }

    // Control characters: no metadata value or escaping produces them.
    private static final Live MARKERS = new Live("\u0001U\u0002", "\u0001C\u0002", "\u0001A\u0002", "\u0001S\u0002");
    // A user agent is shown whole up to this length; longer ones are cut (a hostile header must not grow the page).
    static final int USER_AGENT_SHOWN = 300;

    private record Rendered(InstanceMetadata source, boolean stale, byte[][] segments, Slot[] slots, int size) {}

    private final Template page;
    private final InstanceMetadataService metadata;
    private final AppInfo app;
    private final AtomicReferenceArray<Rendered> rendered = new AtomicReferenceArray<>(PageLanguage.values().length);

    InstancePage(@Location("ec2meta/page.html") Template page, InstanceMetadataService metadata, AppInfo app) {
        this.page = page;
        this.metadata = metadata;
        this.app = app;
    }

    /** The page for one request; {@code start} is System.nanoTime() when it arrived. */
    public Buffer render(PageLanguage language, String clientAddress, String userAgent, long start) {
        Rendered r = current(language);
        String uptime = Uptime.format(app.uptime());
        String client = escape(clientAddress == null ? "-" : clientAddress);
        String agent = userAgent == null || userAgent.isEmpty()
                ? "-"
                : escape(
                        userAgent.length() > USER_AGENT_SHOWN
                                ? userAgent.substring(0, USER_AGENT_SHOWN) + "…"
                                : userAgent);
        Buffer out = Buffer.buffer(r.size() + 64);
        for (int i = 0; i < r.slots().length; i++) {
            out.appendBytes(r.segments()[i]);
            switch (r.slots()[i]) {
                case UPTIME -> out.appendString(uptime);
                case CLIENT -> out.appendString(client);
                case USER_AGENT -> out.appendString(agent);
                case SERVED -> out.appendString(Long.toString((System.nanoTime() - start) / 1_000));
            }
        }
        return out.appendBytes(r.segments()[r.slots().length]);
    }

    private Rendered current(PageLanguage language) {
        InstanceMetadata now = metadata.current();
        boolean stale = metadata.stale();
        Rendered r = rendered.get(language.ordinal());
        if (r == null || r.source() != now || r.stale() != stale) {
            r = render(language, now, stale);
            rendered.set(language.ordinal(), r); // racing renders of the same refresh give the same bytes
        }
        return r;
    }

    private Rendered render(PageLanguage language, InstanceMetadata source, boolean stale) {
        InstanceReport report = InstanceReport.of(source, stale, app, null, System.nanoTime());
        String html = page.instance()
                .setLocale(language.locale())
                .data("report", report)
                .data("jvm", app.jvm())
                .data("live", MARKERS)
                .render();
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
            slots.add(
                    switch (html.charAt(at + 1)) {
                        case 'U' -> Slot.UPTIME;
                        case 'C' -> Slot.CLIENT;
                        case 'A' -> Slot.USER_AGENT;
                        default -> Slot.SERVED;
                    });
            from = at + 3;
        }
        byte[] tail = html.substring(from).getBytes(StandardCharsets.UTF_8);
        segments.add(tail);
        return new Rendered(
                source, stale, segments.toArray(byte[][]::new), slots.toArray(Slot[]::new), size + tail.length);
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
