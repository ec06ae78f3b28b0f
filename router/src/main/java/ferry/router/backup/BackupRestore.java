package ferry.router.backup;

import ferry.router.database.SqliteDatabase;
import ferry.router.journal.JournalSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts the journal database of a backup archive ({@link BackupArchive}) back into a data directory whose Ferry is
 * stopped. The journal files there ({@code ferry.db} and its {@code -wal}, {@code -shm} and {@code -receipts}
 * companions) are kept, renamed with the suffix {@code .before-restore-TIME}, never deleted. A backup whose schema
 * is newer than {@code latestSchema} is refused: it was taken by a newer Ferry.
 */
public final class BackupRestore {
    private static final List<String> COMPANIONS = List.of("", "-wal", "-shm", "-receipts");

    /**
     * What was done.
     *
     * @param database      the restored journal
     * @param schemaVersion its schema version (Ferry migrates an older one at its next start)
     * @param keptAside     the journal files that were there, under their new names
     */
    public record Restored(Path database, int schemaVersion, List<Path> keptAside) {
    }

    private BackupRestore() {
    }

    /** Restores {@code archive}'s journal as {@code database}; {@code latestSchema} is this Ferry's schema version. */
    public static Restored restore(Path archive, Path database, int latestSchema) throws IOException {
        Path target = database.toAbsolutePath().normalize();
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path extracted = folder.resolve("." + target.getFileName() + ".restoring");
        Files.deleteIfExists(extracted);
        try {
            boolean found = false;
            try (InputStream file = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(file)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (entry.getName().equals(BackupArchive.DATABASE_ENTRY)) {
                        Files.copy(zip, extracted);
                        found = true;
                        break;
                    }
                }
            }
            if (!found) {
                throw new IOException(archive + " is not a Ferry backup: it holds no " + BackupArchive.DATABASE_ENTRY);
            }
            int schema = JournalSnapshot.schemaVersion(new SqliteDatabase(extracted));
            if (schema > latestSchema) {
                throw new IOException(archive + " holds a journal of schema version " + schema
                        + ", newer than this Ferry understands (" + latestSchema + "): restore it with the Ferry"
                        + " that took it, or a newer one");
            }
            String suffix = ".before-restore-" + Instant.now().toString().replace(':', '-');
            List<Path> kept = new ArrayList<>();
            for (String companion : COMPANIONS) {
                Path existing = folder.resolve(target.getFileName() + companion);
                if (Files.exists(existing)) {
                    Path aside = folder.resolve(existing.getFileName() + suffix);
                    Files.move(existing, aside);
                    kept.add(aside);
                }
            }
            Files.move(extracted, target, StandardCopyOption.ATOMIC_MOVE);
            return new Restored(target, schema, List.copyOf(kept));
        } finally {
            Files.deleteIfExists(extracted);
        }
    }
}
