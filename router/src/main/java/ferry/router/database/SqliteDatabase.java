package ferry.router.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/**
 * The embedded SQLite database of one Ferry: a file in its data directory, in write-ahead-log mode, so that reads
 * never wait for the writer. The receipt log lies beside it.
 *
 * @param file the database file, absolute
 */
public record SqliteDatabase(Path file) implements Database {

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

    /** The receipt log's file name suffix, beside the database file. */
    private static final String RECEIPTS_SUFFIX = "-receipts";

    public SqliteDatabase {
        file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    /** One Ferry is the only node of its SQLite file: empty. */
    @Override
    public String node() {
        return "";
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public String toString() {
        return location();
    }

    @Override
    public Path receiptLog() {
        return file.resolveSibling(file.getFileName() + RECEIPTS_SUFFIX);
    }

    /** Fails with a clear message when the file's directory is missing or not writable, before SQLite tries. */
    @Override
    public void check() throws IOException {
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
     * WAL; commits fsync the write-ahead log ({@code synchronous = FULL}) when {@code syncing}, else only its
     * checkpoints do ({@code NORMAL}). A new file is made with incremental auto-vacuum, so housekeeping can give free
     * pages back.
     */
    @Override
    public Connection openWriter(boolean syncing) throws IOException {
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL"); // takes effect on a new file only
                try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                        throw new IOException("journal " + file + ": SQLite refused write-ahead logging here"
                                + " (is it on a network file system?)");
                    }
                }
                statement.execute(syncing ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            }
            return connection;
        } catch (SQLException e) {
            Database.closeQuietly(connection);
            throw problem("cannot be opened", e);
        } catch (IOException e) {
            Database.closeQuietly(connection);
            throw e;
        }
    }

    /** A read-only connection (WAL lets it read beside the writer). */
    @Override
    public Connection openReader() throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        } catch (SQLException e) {
            throw problem("cannot be opened for reading", e);
        }
    }

    @Override
    public IOException problem(String what, SQLException e) {
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

    @Override
    public boolean passes(SQLException e) {
        return switch (e.getErrorCode() & 0xff) {
            case SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_BUSY,
                    SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_PROTOCOL -> true;
            default -> false;
        };
    }

    @Override
    public boolean conflicts(SQLException e) {
        return false;
    }

    /** SQLite's own words, without the driver's "[SQLITE_…]" prefix. */
    private static String sqliteText(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("[") && message.indexOf("] ") > 0
                ? message.substring(message.indexOf("] ") + 2) : message;
    }
}
