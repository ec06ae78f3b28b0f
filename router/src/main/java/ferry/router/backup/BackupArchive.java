package ferry.router.backup;

import ferry.router.database.SqliteDatabase;
import ferry.router.journal.JournalSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup archive: a zip with {@value #DATABASE_ENTRY} (a snapshot of the journal database, taken with
 * {@link JournalSnapshot}), the configuration file under its own name, and {@value #MANIFEST_ENTRY}, a short text
 * saying what, when, from where and by which Ferry. Everything is written beside the target under temporary names,
 * forced to disk, and only then renamed to the target, so the target either is a whole backup or does not exist.
 *
 * <p>Spool files (objects still waiting for an action or a forward) and store folders are not in the archive: back
 * up the data directory's {@code spool/} and the store folders with the site's file backup.
 */
public final class BackupArchive {
    /** The journal database's name in the archive. */
    public static final String DATABASE_ENTRY = "ferry.db";
    /** The manifest's name in the archive. */
    public static final String MANIFEST_ENTRY = "BACKUP.txt";

    /**
     * What was written.
     *
     * @param file          the archive
     * @param bytes         its size
     * @param schemaVersion the journal's schema version
     */
    public record Written(Path file, long bytes, int schemaVersion) {
    }

    private BackupArchive() {
    }

    /**
     * Writes a backup of the journal {@code database} and the {@code configuration} file (null: Ferry runs with
     * the embedded default) to {@code target}, which must not exist.
     *
     * @param ferryVersion the version recorded in the manifest
     */
    public static Written write(Path database, Path configuration, Path target, String ferryVersion)
            throws IOException {
        Path archive = target.toAbsolutePath().normalize();
        if (Files.exists(archive)) {
            throw new IOException(archive + " exists already: give a new name (a backup never replaces a file)");
        }
        Path folder = archive.getParent();
        if (!Files.isDirectory(folder)) {
            throw new IOException("the folder " + folder + " does not exist");
        }
        String base = "." + archive.getFileName() + "." + ProcessHandle.current().pid();
        Path snapshot = folder.resolve(base + ".db-partial");
        Path partial = folder.resolve(base + ".partial");
        try {
            JournalSnapshot.write(database, snapshot);
            int schemaVersion = JournalSnapshot.schemaVersion(new SqliteDatabase(snapshot));
            try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
                zip.write(manifest(database, configuration, ferryVersion, schemaVersion)
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                if (configuration != null) {
                    zip.putNextEntry(new ZipEntry(configuration.getFileName().toString()));
                    Files.copy(configuration, zip);
                    zip.closeEntry();
                }
                zip.putNextEntry(new ZipEntry(DATABASE_ENTRY));
                Files.copy(snapshot, zip);
                zip.closeEntry();
            }
            force(partial);
            move(partial, archive);
            force(folder);
            return new Written(archive, Files.size(archive), schemaVersion);
        } finally {
            Files.deleteIfExists(snapshot);
            Files.deleteIfExists(partial);
        }
    }

    private static String manifest(Path database, Path configuration, String ferryVersion, int schemaVersion) {
        return "Ferry backup\n"
                + "taken: " + Instant.now() + "\n"
                + "ferry: " + ferryVersion + "\n"
                + "journal: " + database.toAbsolutePath().normalize() + " (schema version " + schemaVersion + ")\n"
                + "configuration: " + (configuration == null ? "(embedded default)"
                        : configuration.toAbsolutePath().normalize()) + "\n"
                + "restore: docs/operations.md, \"Backup and restore\"\n";
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
        if (Files.exists(from)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
