package dev.scaleout.app.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageLanguageTest {

    @Test
    void followsTheFirstLanguageWeHaveInTheClientsOrder() {
        assertThat(PageLanguage.choose(null, List.of("ko-KR", "ko", "en-US", "en")))
                .isEqualTo(PageLanguage.KO);
        assertThat(PageLanguage.choose(null, List.of("en-US", "ko"))).isEqualTo(PageLanguage.EN);
        assertThat(PageLanguage.choose(null, List.of("fr-FR", "ko"))).isEqualTo(PageLanguage.KO);
        assertThat(PageLanguage.choose(null, List.of("fr-FR", "de"))).isEqualTo(PageLanguage.EN);
        assertThat(PageLanguage.choose(null, List.of())).isEqualTo(PageLanguage.EN);
    }

    @Test
    void langForcesOneAndRefusesOthersWithoutEchoingThem() {
        assertThat(PageLanguage.choose("en", List.of("ko"))).isEqualTo(PageLanguage.EN);
        assertThat(PageLanguage.choose("KO", List.of("en"))).isEqualTo(PageLanguage.KO);
        assertThatThrownBy(() -> PageLanguage.choose("<b>kr</b>", List.of()))
                .hasMessage(PageLanguage.INVALID)
                .hasMessageStartingWith("lang:")
                .hasMessageNotContaining("kr");
    }
}
