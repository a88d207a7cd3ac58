package dev.scaleout.app.ec2meta;

import java.util.List;

/** Who the client is, behind an ALB. */
final class ForwardedFor {

    private ForwardedFor() {}

    /**
     * The ALB appends the address it saw to {@code X-Forwarded-For}, so the rightmost entry of
     * the last header is the one the client cannot forge; anything left of it is client-supplied.
     * Without the header (no ALB in front) the socket's peer is the client.
     */
    static String clientAddress(List<String> forwardedForHeaders, String remoteAddress) {
        if (forwardedForHeaders != null) {
            for (int i = forwardedForHeaders.size() - 1; i >= 0; i--) {
                String header = forwardedForHeaders.get(i);
                if (header == null) {
                    continue;
                }
                String[] entries = header.split(",");
                for (int j = entries.length - 1; j >= 0; j--) {
                    String entry = entries[j].trim();
                    if (!entry.isEmpty()) {
                        return entry;
                    }
                }
            }
        }
        return remoteAddress;
    }
}
