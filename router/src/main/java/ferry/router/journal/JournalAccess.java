package ferry.router.journal;

import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.database.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal database from outside the Ferry that owns it, beside it while it runs (write-ahead logging lets them
 * work at once): read-only connections for queries ({@code ferry find --local}), and a {@link SideWriter} for work
 * of its own ({@code ferry index}). Both need a database of this Ferry's schema version: one that a Ferry of this
 * version has opened (and so migrated) once.
 */
public final class JournalAccess {
    private JournalAccess() {
    }

    /** Writes {@link JournalWork} in transactions of its own, each committed before {@link #write} returns. */
    public static final class SideWriter implements AutoCloseable {
        private final Database database;
        private final Connection connection;
        private final JournalTransaction transaction;

        private SideWriter(Database database, Connection connection) {
            this.database = database;
            this.connection = connection;
            this.transaction = new JournalTransaction(database, connection);
        }

        /**
         * Runs {@code work} in one write transaction and commits it (waiting while the running Ferry commits: keep
         * the work short, its receipts wait meanwhile).
         */
        public void write(JournalWork work) throws IOException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(JournalSql.beginWrite(database.dialect()));
                transaction.began();
                try {
                    work.write(transaction);
                    statement.execute(JournalSql.COMMIT);
                } catch (SQLException | RuntimeException e) {
                    try {
                        statement.execute(JournalSql.ROLLBACK);
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw database.problem("could not be written", e);
            }
        }

        @Override
        public void close() {
            Database.closeQuietly(connection);
        }
    }

    /** A connection for queries to the journal database. */
    public static Connection readOnly(Database database) throws IOException {
        checked(database);
        return database.openReader();
    }

    /**
     * A writer beside the Ferry that may be running on {@code database}: commits not synced (as at {@code process}:
     * the work is redone after a power cut); on SQLite, the write-ahead log checkpointed every 64 MB.
     */
    public static SideWriter sideWriter(Database database) throws IOException {
        checked(database);
        database.check();
        Connection connection = database.openWriter(false);
        if (database.dialect() == SqlDialect.SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(JournalSql.BULK_AUTOCHECKPOINT);
            } catch (SQLException e) {
                Database.closeQuietly(connection);
                throw database.problem("cannot be opened", e);
            }
        }
        return new SideWriter(database, connection);
    }

    private static void checked(Database database) throws IOException {
        if (database instanceof SqliteDatabase sqlite && !Files.isRegularFile(sqlite.file())) {
            throw new IOException("journal " + sqlite.file() + " does not exist: Ferry has not run with this data"
                    + " directory yet");
        }
        int version = JournalSnapshot.schemaVersion(database);
        if (version != JournalSchema.latestVersion()) {
            throw new IOException("journal " + database + " has schema version " + version + ", this Ferry "
                    + JournalSchema.latestVersion() + ": " + (version < JournalSchema.latestVersion()
                    ? "start this Ferry once on it, to bring it up to date"
                    : "it was written by a newer Ferry; use that one"));
        }
    }
}
