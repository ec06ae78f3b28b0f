package ferry.router.journal;

import ferry.router.database.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Rewrites a journal database whose Ferry is stopped ({@code ferry prune --vacuum}): SQLite's {@code VACUUM} copies
 * every live page into a new file, which gives back all free pages and switches the file to incremental vacuum, so
 * that housekeeping can give pages back while Ferry runs from then on. A journal made by Ferry 0.1 or later has
 * incremental vacuum from the start; this is for older ones, and for a journal after a very large prune.
 */
public final class JournalCompaction {
    private JournalCompaction() {
    }

    /** Rewrites {@code database}; returns the bytes it gave back. Needs about the database's size of free disk. */
    public static long rewrite(Path database) throws IOException {
        Path file = database.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException("journal " + file + " does not exist");
        }
        long before = Files.size(file);
        SqliteDatabase journal = new SqliteDatabase(file);
        Connection connection = journal.openWriter(true);
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute(JournalSql.AUTO_VACUUM_INCREMENTAL);
            statement.execute("VACUUM");
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw journal.problem("could not be rewritten", e);
        }
        return Math.max(0, before - Files.size(file));
    }
}
