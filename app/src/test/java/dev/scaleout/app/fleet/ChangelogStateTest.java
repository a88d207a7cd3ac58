package dev.scaleout.app.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChangelogStateTest {

    @Test
    void readsEveryChangeSetOfTheShippedChangelog() {
        assertThat(ChangelogState.read("db/changelog.xml"))
                .hasValueSatisfying(state -> assertThat(state.size()).isEqualTo(2));
    }

    @Test
    void aChangelogWithIncludesIsLeftToLiquibase() {
        assertThat(ChangelogState.parse(xml("<databaseChangeLog><include file=\"more.xml\"/>"
                        + "<changeSet id=\"1\" author=\"a\"/></databaseChangeLog>")))
                .isEmpty();
    }

    @Test
    void doctypesAreNotExpanded() {
        String billionLaughs = "<!DOCTYPE d [<!ENTITY a \"x\"><!ENTITY b \"&a;&a;\">]>"
                + "<databaseChangeLog><changeSet id=\"&b;\" author=\"a\"/></databaseChangeLog>";
        assertThatThrownBy(() -> ChangelogState.parse(xml(billionLaughs)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changelog is not valid XML");
    }

    private static ByteArrayInputStream xml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
