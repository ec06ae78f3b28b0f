package ferry.router.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        private final Path file;
        private final Connection connection;
        private final JournalTransaction transaction;

        private SideWriter(Path file, Connection connection) {
            this.file = file;
            this.connection = connection;
            this.transaction = new JournalTransaction(connection);
        }

        /**
         * Runs {@code work} in one write transaction and commits it (waiting while the running Ferry commits: keep
         * the work short, its receipts wait meanwhile).
         */
        public void write(JournalWork work) throws IOException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(JournalSql.BEGIN_WRITE);
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
                throw JournalFile.problem(file, "could not be written", e);
            }
        }

        @Override
        public void close() {
            JournalFile.closeQuietly(connection);
        }
    }

    /** A read-only connection to the journal database {@code file}. */
    public static Connection readOnly(Path file) throws IOException {
        Path absolute = checked(file);
        return JournalFile.openReader(absolute);
    }

    /**
     * A writer beside the Ferry that may be running on {@code file}: commits not fsync'd (as at {@code process}: the
     * work is redone after a power cut), the write-ahead log checkpointed every 64 MB.
     */
    public static SideWriter sideWriter(Path file) throws IOException {
        Path absolute = checked(file);
        JournalFile.checkDirectory(absolute);
        Connection connection = JournalFile.openWriter(absolute, false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.BULK_AUTOCHECKPOINT);
        } catch (SQLException e) {
            JournalFile.closeQuietly(connection);
            throw JournalFile.problem(absolute, "cannot be opened", e);
        }
        return new SideWriter(absolute, connection);
    }

    private static Path checked(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException("journal " + absolute + " does not exist: Ferry has not run with this data"
                    + " directory yet");
        }
        int version = JournalSnapshot.schemaVersion(absolute);
        if (version != JournalSchema.latestVersion()) {
            throw new IOException("journal " + absolute + " has schema version " + version + ", this Ferry "
                    + JournalSchema.latestVersion() + ": " + (version < JournalSchema.latestVersion()
                    ? "start this Ferry once on it, to bring it up to date"
                    : "it was written by a newer Ferry; use that one"));
        }
        return absolute;
    }
}
