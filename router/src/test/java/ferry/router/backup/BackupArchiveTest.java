package ferry.router.backup;

import ferry.router.database.SqliteDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupArchiveTest {
    @TempDir
    Path dir;

    @Test
    void aBackupTakenWhileObjectsArriveIsAWholeJournalWithTheConfiguration() throws Exception {
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\n");
        Files.createDirectories(dir.resolve("data/spool"));
        AtomicLong recorded = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        BackupArchive.Written written;
        try (Journal journal = Journal.open(dir.resolve("data/ferry.db"), Durability.PROCESS)) {
            for (int i = 0; i < 2_000; i++) {
                record(journal, recorded.incrementAndGet());
            }
            journal.flush();
            Thread writer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        record(journal, recorded.incrementAndGet());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            try {
                written = BackupArchive.write(((SqliteDatabase) journal.database()).file(), config, dir.resolve("backup.zip"), "9.9.9");
            } finally {
                stop.set(true);
                writer.join();
            }
        }

        assertThat(written.file()).isEqualTo(dir.resolve("backup.zip"));
        assertThat(written.schemaVersion()).isEqualTo(Journal.schemaVersion());
        Map<String, byte[]> entries = entries(written.file());
        assertThat(entries).containsOnlyKeys("BACKUP.txt", "ferry.yaml", "ferry.db");
        assertThat(entries.get("ferry.yaml")).isEqualTo(Files.readAllBytes(config));
        assertThat(new String(entries.get("BACKUP.txt"), StandardCharsets.UTF_8)).contains("ferry: 9.9.9",
                "schema version " + Journal.schemaVersion(), "configuration: " + config);
        Path restored = Files.write(dir.resolve("restored.db"), entries.get("ferry.db"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + restored);
             Statement statement = db.createStatement()) {
            assertThat(single(statement, "PRAGMA integrity_check")).isEqualTo("ok");
            long objects = Long.parseLong(single(statement, "SELECT count(*) FROM received_object"));
            assertThat(objects).as("everything committed before the backup started, and nothing made up")
                    .isBetween(2_000L, recorded.get());
            assertThat(single(statement, "SELECT max(id) FROM received_object")).isEqualTo(Long.toString(objects));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("no temporary file left beside the backup").containsExactlyInAnyOrder("ferry.yaml", "data",
                            "backup.zip", "restored.db");
        }
    }

    @Test
    void aFileThatExistsIsNeverReplacedAndAMissingFolderIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("data/spool"));
        try (Journal journal = Journal.open(dir.resolve("data/ferry.db"), Durability.PROCESS)) {
            record(journal, 1);
            journal.flush();
            Path existing = Files.writeString(dir.resolve("old.zip"), "an older backup");

            assertThatThrownBy(() -> BackupArchive.write(((SqliteDatabase) journal.database()).file(), null, existing, "9.9.9"))
                    .hasMessageContaining("exists already");
            assertThat(Files.readString(existing)).isEqualTo("an older backup");
            assertThatThrownBy(() -> BackupArchive.write(((SqliteDatabase) journal.database()).file(), null, dir.resolve("no/such/b.zip"),
                    "9.9.9")).hasMessageContaining("the folder " + dir.resolve("no/such") + " does not exist");
        }
    }

    @Test
    void aRestoreKeepsTheJournalItReplacesAndRefusesABackupOfANewerSchema() throws Exception {
        Files.createDirectories(dir.resolve("data/spool"));
        Path backup = dir.resolve("backup.zip");
        try (Journal journal = Journal.open(dir.resolve("data/ferry.db"), Durability.PROCESS)) {
            for (int i = 1; i <= 10; i++) {
                record(journal, i);
            }
            journal.flush();
            BackupArchive.write(((SqliteDatabase) journal.database()).file(), null, backup, "9.9.9");
            for (int i = 11; i <= 20; i++) {
                record(journal, i);
            }
        }

        BackupRestore.Restored restored = BackupRestore.restore(backup, dir.resolve("data/ferry.db"),
                Journal.schemaVersion());

        assertThat(restored.keptAside()).isNotEmpty().allMatch(p -> p.getFileName().toString()
                .startsWith("ferry.db") && p.getFileName().toString().contains(".before-restore-"));
        try (Journal journal = Journal.open(dir.resolve("data/ferry.db"), Durability.PROCESS)) {
            assertThat(journal.counts().objects()).isEqualTo(10);
        }
        Path kept = restored.keptAside().stream().filter(p -> p.getFileName().toString()
                .matches("ferry\\.db\\.before-restore-.*")).findFirst().orElseThrow();
        assertThat(kept).exists();
        assertThatThrownBy(() -> BackupRestore.restore(backup, dir.resolve("other/ferry.db"),
                Journal.schemaVersion() - 1)).hasMessageContaining("newer than this Ferry understands");
        assertThat(dir.resolve("other/ferry.db")).doesNotExist();
    }

    private static void record(Journal journal, long n) throws IOException {
        Path spool = ((SqliteDatabase) journal.database()).file().resolveSibling("spool");
        ReceivedRecord record = new ReceivedRecord(Instant.now(), "SCANNER", "FERRY", "192.0.2.1",
                "1.2.840.10008.5.1.4.1.1.4", "1.2.826.0.1.3680043.10.1." + n, "1.2.826.0.1.3680043.10.2",
                "1.2.826.0.1.3680043.10.3", "1.2.840.10008.1.2.1", 1000, spool.resolve(n + ".dcm"),
                List.of("all"), ReceivedRecord.NO_CHECKSUM);
        journal.recordReceived(record);
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entriesIn = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entriesIn.getNextEntry()) != null; ) {
                entries.put(entry.getName(), entriesIn.readAllBytes());
            }
        }
        return entries;
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
