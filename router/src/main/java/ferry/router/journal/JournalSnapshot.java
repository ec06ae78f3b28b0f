package ferry.router.journal;

import ferry.router.database.Database;
import ferry.router.database.SqliteDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A consistent copy of a journal database taken while Ferry may be writing to it: SQLite's {@code VACUUM INTO}
 * reads the whole database inside one read transaction (write-ahead logging lets the writer go on meanwhile) and
 * writes a compact copy, so the copy is the journal as it was at one moment. Records acknowledged in the last
 * milliseconds before that moment may still be only in the receipt log (docs/durability.md) and are not in the copy.
 */
public final class JournalSnapshot {
    private JournalSnapshot() {
    }

    /**
     * Writes a copy of {@code database} to {@code target}, which must not exist. On failure (a full disk, for one)
     * nothing is left at {@code target}.
     */
    public static void write(Path database, Path target) throws IOException {
        Path file = database.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException("journal " + file + " does not exist");
        }
        if (Files.exists(target)) {
            throw new IOException(target + " exists already");
        }
        SqliteDatabase journal = new SqliteDatabase(file);
        Connection connection = journal.openReader();
        try (connection; PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            for (String companion : List.of("", "-journal", "-wal", "-shm")) { // SQLite's own beside the copy
                Files.deleteIfExists(target.resolveSibling(target.getFileName() + companion));
            }
            throw journal.problem("could not be copied to " + target, e);
        }
    }

    /** The schema version of a journal database (0 for one without). */
    public static int schemaVersion(Database database) throws IOException {
        Connection connection = database.openReader();
        try (connection; var statement = connection.createStatement()) {
            try (var tables = statement.executeQuery(JournalSql.hasSchemaVersionTable(database.dialect()))) {
                if (!tables.next() || tables.getInt(1) == 0) {
                    return 0;
                }
            }
            try (var version = statement.executeQuery(JournalSql.CURRENT_SCHEMA_VERSION)) {
                version.next();
                return version.getInt(1);
            }
        } catch (SQLException e) {
            throw database.problem("could not be read", e);
        }
    }
}
