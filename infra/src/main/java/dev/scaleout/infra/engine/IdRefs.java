package dev.scaleout.infra.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids of the stack's resources both ways: {@code type/name → id} to resolve a spec's
 * {@code @type/name} for AWS, and {@code id → @type/name} to turn what AWS returns back
 * into the references specs use, so the two compare as strings.
 */
public final class IdRefs implements Refs {

    /** Tokens between separators: a list's commas, a rule's "=", a route's "=". */
    private static final Pattern TOKEN = Pattern.compile("[^,=\\s]+");

    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, String> refs = new HashMap<>();

    public void put(String type, String name, String id) {
        String old = ids.put(type + "/" + name, id);
        if (old != null) {
            refs.remove(old);
        }
        if (id != null) {
            refs.put(id, Spec.ref(type, name));
        }
    }

    public boolean has(String type, String name) {
        return ids.containsKey(type + "/" + name);
    }

    @Override
    public String id(String type, String name) {
        String id = ids.get(type + "/" + name);
        if (id == null) {
            throw new IllegalStateException(
                    type + "/" + name + " is referred to before it exists (a type created before what it refers to?)");
        }
        return id;
    }

    @Override
    public List<String> resolveAll(String value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String token : value.split(",")) {
            out.add(resolveToken(token.trim()));
        }
        return out;
    }

    /**
     * Every known id inside {@code value} replaced by its {@code @type/name}, leaving
     * {@code ownId} as it is: a resource never refers to itself, and an id
     * that is a plain name (an IAM role's) may equal one of its own settings (its profile's name).
     */
    public String toRefs(String value, String ownId) {
        return replaceTokens(value, t -> t.equals(ownId) ? t : refs.getOrDefault(t, t));
    }

    /** The tokens of a setting's value, any references among them: {@code @sg/a=tcp:80}'s {@code @sg/a} and the rest. */
    static List<String> tokens(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(value == null ? "" : value);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private String resolveToken(String token) {
        if (!token.startsWith("@")) {
            return token;
        }
        int slash = token.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("bad reference " + token);
        }
        return id(token.substring(1, slash), token.substring(slash + 1));
    }

    private static String replaceTokens(String value, java.util.function.UnaryOperator<String> f) {
        if (value == null) {
            return null;
        }
        Matcher m = TOKEN.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
