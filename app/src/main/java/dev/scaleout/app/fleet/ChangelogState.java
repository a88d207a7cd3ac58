package dev.scaleout.app.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Whether every change set of the changelog is already in Liquibase's history table, read
 * with plain JDBC and the JDK's XML parser. When it is, the app skips Liquibase, which would
 * otherwise load about 1,000 of its classes (1,570 in all, 20 MiB of RSS: scripts/bench-app's
 * flags, measured against a database) on every boot only to find nothing to do. Checksums are not compared here: change sets are never edited once
 * released (Liquibase's rule); a new one makes the schema "not current" and Liquibase runs.
 */
final class ChangelogState {

    /** Liquibase's default history table (quarkus.liquibase.database-change-log-table-name). */
    static final String HISTORY_TABLE = "DATABASECHANGELOG";

    private static final String NO_SUCH_TABLE = "42S02";

    private final Set<String> changeSets;

    private ChangelogState(Set<String> changeSets) {
        this.changeSets = changeSets;
    }

    /**
     * The change sets of a flat changelog on the classpath, or empty when the file includes
     * others (then only Liquibase knows the full list and it always runs).
     */
    static Optional<ChangelogState> read(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("changelog " + resource + " is not on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<ChangelogState> parse(InputStream in) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Set<String> changeSets = new HashSet<>();
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamReader.START_ELEMENT) {
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "include", "includeAll" -> {
                        return Optional.empty();
                    }
                    case "changeSet" ->
                        changeSets.add(key(xml.getAttributeValue(null, "id"), xml.getAttributeValue(null, "author")));
                    default -> {}
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("changelog is not valid XML: " + e.getMessage(), e);
        }
        return Optional.of(new ChangelogState(Set.copyOf(changeSets)));
    }

    int size() {
        return changeSets.size();
    }

    /** False when the history table is missing or lacks any change set of the changelog. */
    boolean isApplied(Connection connection) throws SQLException {
        Set<String> applied = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT ID, AUTHOR FROM " + HISTORY_TABLE)) {
            while (rows.next()) {
                applied.add(key(rows.getString(1), rows.getString(2)));
            }
        } catch (SQLException e) {
            if (NO_SUCH_TABLE.equals(e.getSQLState())) {
                return false; // a first deployment: Liquibase creates the table
            }
            throw e;
        }
        return applied.containsAll(changeSets);
    }

    private static String key(String id, String author) {
        return id + "::" + author;
    }
}
