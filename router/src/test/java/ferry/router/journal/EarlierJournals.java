package ferry.router.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Journals as an earlier Ferry left them: the schema's migrations up to a version, and no further. */
public final class EarlierJournals {
    private EarlierJournals() {
    }

    /** Creates the journal database {@code file} with the migrations up to {@code version} applied. */
    public static void create(Path file, int version) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.CREATE_SCHEMA_VERSION);
            for (JournalSql.Migration migration : JournalSql.MIGRATIONS) {
                if (migration.version() > version) {
                    break;
                }
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                try (PreparedStatement insert = connection.prepareStatement(JournalSql.INSERT_SCHEMA_VERSION)) {
                    insert.setInt(1, migration.version());
                    insert.setString(2, migration.description());
                    insert.setString(3, "2026-01-01T00:00:00Z");
                    insert.executeUpdate();
                }
            }
        }
    }
}
