package ferry.router.journal;

import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.database.SqliteDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Makes every commit the writer has made so far durable, beside the writer and without its connection, for
 * {@link Journal#whenDurable} at {@code power}: one call serves every caller waiting until then. Used by one thread.
 */
abstract sealed class LogSync implements AutoCloseable permits LogSync.SqliteWal, LogSync.PostgresMark {

    /** The log sync of {@code database}'s engine. */
    static LogSync of(Database database) {
        if (database instanceof SqliteDatabase sqlite) {
            return new SqliteWal(sqlite);
        }
        return new PostgresMark((PostgresDatabase) database);
    }

    /** Syncs; false when there was nothing to sync (the journal closed meanwhile). */
    abstract boolean sync() throws IOException;

    @Override
    public abstract void close();

    /**
     * fdatasyncs SQLite's write-ahead log through a descriptor of its own: every frame SQLite wrote before is then
     * on disk, so every commit made before (frames already copied into the database file by a checkpoint were
     * synced by it). No log file means the journal closed and folded it in, syncing.
     */
    static final class SqliteWal extends LogSync {
        private final SqliteDatabase database;

        SqliteWal(SqliteDatabase database) {
            this.database = database;
        }

        @Override
        boolean sync() throws IOException {
            Path wal = database.file().resolveSibling(database.file().getFileName() + "-wal");
            try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
                channel.force(false);
                return true;
            } catch (NoSuchFileException closed) {
                return false;
            } catch (IOException e) {
                throw new IOException("journal " + database + ": could not fsync the write-ahead log " + wal + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * PostgreSQL: a commit on a connection of its own that waits for the server's log to reach its disk
     * ({@code synchronous_commit = on}); the log is written in order, so every commit before it is then durable. The
     * commit changes the node's own row, so that nodes do not wait for each other.
     */
    static final class PostgresMark extends LogSync {
        private final PostgresDatabase database;
        private Connection connection;

        PostgresMark(PostgresDatabase database) {
            this.database = database;
        }

        @Override
        boolean sync() throws IOException {
            try {
                if (connection == null) {
                    connection = database.openWriter(true);
                }
                try (PreparedStatement mark = connection.prepareStatement(JournalSql.MARK_DURABLE)) {
                    mark.setLong(1, JournalTransaction.nanos(Instant.now()));
                    mark.setString(2, database.node());
                    mark.executeUpdate();
                }
                return true;
            } catch (SQLException e) {
                close();
                throw database.problem("could not be synced", e);
            }
        }

        @Override
        public void close() {
            Database.closeQuietly(connection);
            connection = null;
        }
    }
}
