package dev.scaleout.app.pages;

import java.util.List;
import java.util.Locale;

/** The language of the HTML pages: {@code ?lang=} if given, else the first of Accept-Language we have. */
public enum PageLanguage {
    EN(Locale.ENGLISH),
    KO(Locale.KOREAN);

    /** The answer to a {@code lang} we do not have; it names the field, never echoes the value. */
    public static final String INVALID = "lang: use ko or en (or leave it out to follow Accept-Language)";

    private final Locale locale;

    PageLanguage(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    /**
     * @param lang the {@code lang} query parameter, null when absent
     * @param acceptLanguage language ranges in the client's order of preference (highest q first)
     * @throws IllegalArgumentException for a {@code lang} other than ko or en; message {@link #INVALID}
     */
    public static PageLanguage choose(String lang, List<String> acceptLanguage) {
        if (lang != null) {
            PageLanguage forced = of(lang);
            if (forced == null) {
                throw new IllegalArgumentException(INVALID);
            }
            return forced;
        }
        for (String range : acceptLanguage) {
            int dash = range.indexOf('-');
            PageLanguage preferred = of(dash < 0 ? range : range.substring(0, dash));
            if (preferred != null) {
                return preferred;
            }
        }
        return EN;
    }

    private static PageLanguage of(String tag) {
        return switch (tag.trim().toLowerCase(Locale.ROOT)) {
            case "en" -> EN;
            case "ko" -> KO;
            default -> null;
        };
    }
}
