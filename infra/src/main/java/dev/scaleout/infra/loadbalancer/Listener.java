package dev.scaleout.infra.loadbalancer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One listener as a setting: {@code HTTP:80 forward=<tg>}, {@code HTTP:80 redirect=HTTPS:443}
 * or {@code HTTPS:443 forward=<tg> certificate=<cert> policy=<ssl policy>}. The target group
 * and certificate are ids (ARNs) from AWS or {@code @type/name} in specs; the engine swaps
 * one for the other token by token. A load balancer's listeners are these, comma-separated.
 */
public record Listener(String protocol, int port, Map<String, String> attributes) {

    public static final String FORWARD = "forward";
    public static final String REDIRECT = "redirect";
    public static final String CERTIFICATE = "certificate";
    public static final String POLICY = "policy";

    public Listener {
        attributes = new LinkedHashMap<>(attributes);
    }

    public static Listener parse(String text) {
        String[] parts = text.trim().split("\\s+");
        String[] head = parts[0].split(":");
        if (head.length != 2) {
            throw new IllegalArgumentException("listener '" + text + "' must start with PROTOCOL:PORT");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("listener '" + text + "': '" + parts[i] + "' is not key=value");
            }
            attributes.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return new Listener(head[0], Integer.parseInt(head[1]), attributes);
    }

    public static List<Listener> parseAll(String text) {
        List<Listener> out = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String one : text.split(",")) {
                out.add(parse(one));
            }
        }
        return out;
    }

    /** Sorted by port, so two lists of the same listeners print the same. */
    public static String formatAll(List<Listener> listeners) {
        return String.join(
                ",",
                listeners.stream()
                        .sorted(Comparator.comparingInt(Listener::port))
                        .map(Listener::format)
                        .toList());
    }

    public String format() {
        StringBuilder b = new StringBuilder(protocol + ":" + port);
        attributes.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** The same listener with every attribute value passed through {@code f} (reference → id). */
    public Listener mapValues(UnaryOperator<String> f) {
        Map<String, String> mapped = new LinkedHashMap<>();
        attributes.forEach((k, v) -> mapped.put(k, f.apply(v)));
        return new Listener(protocol, port, mapped);
    }

    public String attribute(String key) {
        return attributes.get(key);
    }
}
