package ferry.router.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens the journal's SQLite connections and turns SQLite's failures into messages that name the file and say
 * what to do, instead of JDBC error codes.
 */
final class JournalFile {

    // Primary result codes, https://www.sqlite.org/rescode.html
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_NOMEM = 7;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_PROTOCOL = 15;
    private static final int SQLITE_NOTADB = 26;

    private JournalFile() {
    }

    /** Fails with a clear message when the journal's directory is missing or not writable, before SQLite tries. */
    static void checkDirectory(Path file) throws IOException {
        Path directory = file.getParent();
        if (!Files.exists(directory)) {
            throw new IOException("journal " + file + ": its directory " + directory + " does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new IOException("journal " + file + ": " + directory + " is not a directory");
        }
        if (!Files.isWritable(directory)) {
            throw new IOException("journal " + file + ": its directory " + directory
                    + " is not writable (SQLite creates the -wal and -shm files next to the journal)");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException("journal " + file + " is not a regular file");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IOException("journal " + file + " is read-only");
        }
    }

    /**
     * The writer's connection: WAL; its commits fsync the write-ahead log ({@code synchronous = FULL}) when
     * {@code syncing}, else only its checkpoints do ({@code NORMAL}, see {@link DurabilityPolicy#PROCESS}).
     */
    static Connection openWriter(Path file, boolean syncing) throws IOException {
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute(JournalSql.BUSY_TIMEOUT);
                statement.execute(JournalSql.AUTO_VACUUM_INCREMENTAL); // a new file only: see the constant
                try (ResultSet mode = statement.executeQuery(JournalSql.JOURNAL_MODE_WAL)) {
                    if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                        throw new IOException("journal " + file + ": SQLite refused write-ahead logging here"
                                + " (is it on a network file system?)");
                    }
                }
                statement.execute(syncing ? JournalSql.SYNCHRONOUS_FULL : JournalSql.SYNCHRONOUS_NORMAL);
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw problem(file, "cannot be opened", e);
        } catch (IOException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** A read-only connection for queries, beside the writer's (WAL lets both work at once). */
    static Connection openReader(Path file) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        } catch (SQLException e) {
            throw problem(file, "cannot be opened for reading", e);
        }
    }

    /** An exception naming the file and what went wrong, in words, with the SQLite error as its cause. */
    static IOException problem(Path file, String what, SQLException e) {
        String why = switch (e.getErrorCode() & 0xff) {
            case SQLITE_NOTADB -> "is not an SQLite database (damaged, or another kind of file): move it away to "
                    + "start a new journal, or restore it from a backup";
            case SQLITE_CORRUPT -> "is damaged: restore it from a backup, or move it away to start a new journal";
            case SQLITE_CANTOPEN -> "cannot be opened or created: check that its directory exists and is writable";
            case SQLITE_READONLY, SQLITE_PERM -> "is read-only or not permitted to this user";
            case SQLITE_BUSY, SQLITE_LOCKED -> "is locked by another process (is another Ferry running on it?)";
            case SQLITE_FULL -> "cannot grow: the disk is full";
            case SQLITE_IOERR -> "could not be read or written (input/output error: " + sqliteText(e) + ")";
            default -> "failed: " + sqliteText(e);
        };
        return new IOException("journal " + file + " " + what + ": it " + why, e);
    }

    /**
     * Whether a failed write may succeed when tried again on a new connection: the disk or the file system made it
     * fail (full, read-only, not permitted, an input/output error, a lock), not what was written. Such failures pass
     * with what the operating system gives back: space freed, a file made writable.
     */
    static boolean passes(SQLException e) {
        return switch (e.getErrorCode() & 0xff) {
            case SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_BUSY,
                    SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_PROTOCOL -> true;
            default -> false;
        };
    }

    /** SQLite's own words, without the driver's "[SQLITE_…]" prefix. */
    private static String sqliteText(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("[") && message.indexOf("] ") > 0
                ? message.substring(message.indexOf("] ") + 2) : message;
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }
}
