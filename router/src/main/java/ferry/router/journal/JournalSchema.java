package ferry.router.journal;

import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Brings a journal database to the schema this Ferry knows: applies the {@link JournalSql#MIGRATIONS} it lacks, in
 * version order, in one transaction, and refuses a database written by a newer Ferry or by another program.
 */
final class JournalSchema {

    private JournalSchema() {
    }

    /** The schema version this Ferry writes. */
    static int latestVersion() {
        return JournalSql.MIGRATIONS.get(JournalSql.MIGRATIONS.size() - 1).version();
    }

    static {
        int postgres = PostgresqlSchema.MIGRATIONS.get(PostgresqlSchema.MIGRATIONS.size() - 1).version();
        if (postgres != latestVersion()) {
            throw new AssertionError("the PostgreSQL schema ends at version " + postgres + ", SQLite's at "
                    + latestVersion());
        }
    }

    /**
     * Migrates the database to {@link #latestVersion()}.
     *
     * @return how many migration steps were applied (0 when it was current)
     */
    static int migrate(Connection connection, Database database) throws IOException, SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.beginWrite(database.dialect()));
            if (database.dialect() == SqlDialect.POSTGRESQL) {
                statement.execute(JournalSql.LOCK_SCHEMA);
            }
            try {
                int applied = migrateInTransaction(connection, statement, database);
                statement.execute(JournalSql.COMMIT);
                return applied;
            } catch (IOException | SQLException | RuntimeException e) {
                try {
                    statement.execute(JournalSql.ROLLBACK);
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private static int migrateInTransaction(Connection connection, Statement statement, Database database)
            throws IOException, SQLException {
        if (count(statement, JournalSql.hasSchemaVersionTable(database.dialect())) == 0) {
            if (count(statement, JournalSql.countOtherTables(database.dialect())) > 0) {
                throw new IOException("journal " + database + " is a database of another program (it has tables"
                        + " but no schema_version): give Ferry a database of its own");
            }
            statement.execute(JournalSql.CREATE_SCHEMA_VERSION);
        }
        long current = count(statement, JournalSql.CURRENT_SCHEMA_VERSION);
        if (current > latestVersion()) {
            throw new IOException("journal " + database + " has schema version " + current + ", newer than this Ferry"
                    + " understands (" + latestVersion() + "): it was written by a newer Ferry; run that one, or"
                    + " give this one another data directory");
        }
        int applied = 0;
        try (PreparedStatement remember = connection.prepareStatement(JournalSql.INSERT_SCHEMA_VERSION)) {
            for (JournalSql.Migration migration : JournalSql.migrations(database.dialect())) {
                if (migration.version() <= current) {
                    continue;
                }
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                remember.setInt(1, migration.version());
                remember.setString(2, migration.description());
                remember.setString(3, Instant.now().toString());
                remember.executeUpdate();
                applied++;
            }
        }
        return applied;
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
