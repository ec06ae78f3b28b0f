package ferry.router.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.journal.CommitStats;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import ferry.router.testing.SpooledFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool makes each object's file durable while the journal makes its record so ({@link Spool#syncing}), as the
 * durability policy asks: at {@code power} the file and, for a name not made ahead, its folder; at {@code process}
 * nothing.
 */
class SpoolSyncTest {
    @TempDir
    Path dir;

    /** Object number {@code n} with a spool file of its own in {@code spool}'s folder. */
    private static ReceivedRecord received(Spool spool, int n) throws IOException {
        Path file = Files.write(spool.folder().resolve("object-" + n + ".dcm"), new byte[100 + n]);
        return new ReceivedRecord(Instant.now(), "SCANNER", "FERRY", "192.0.2.1", "1.2.840.10008.5.1.4.1.1.4",
                "1.2.826.0.1.3680043.10.1." + n, "2.25.1", "2.25.1.1", "1.2.840.10008.1.2.1", 100 + n, file,
                List.of("mri"), ReceivedRecord.NO_CHECKSUM);
    }

    @Test
    void powerFsyncsEverySpoolFileAndItsDirectoryAndTheReceiptLogButNotTheDatabase() throws IOException {
        try (Journal journal = Journal.open(dir.resolve("journal.db"), Durability.POWER);
             Spool spool = new Spool(dir.resolve("spool"), journal)) {
            for (int n = 0; n < 5; n++) {
                ReceivedRecord record = received(spool, n);
                journal.recordReceived(record, spool.syncing(SpooledFiles.of(record, false)));
            }
            ReceivedRecord named = received(spool, 5);
            journal.recordReceived(named, spool.syncing(SpooledFiles.of(named, true)));
            journal.flush();

            CommitStats stats = journal.commitStats();
            assertThat(stats.objects()).isEqualTo(6);
            assertThat(spool.fileSyncs()).isEqualTo(6);
            assertThat(spool.folderSyncs()).as("names not made ahead, shared when at once").isBetween(1L, 5L);
            assertThat(stats.receiptSyncs()).isBetween(1L, 6L);
            assertThat(stats.logSyncs()).as("records are safe in the receipt log").isZero();
            assertThat(stats.transactions()).isBetween(1L, 6L);
        }
    }

    @Test
    void missingSpoolFileAtPowerIsRefusedNamingIt() throws IOException {
        try (Journal journal = Journal.open(dir.resolve("journal.db"), Durability.POWER);
             Spool spool = new Spool(dir.resolve("spool"), journal)) {
            ReceivedRecord record = received(spool, 1);
            Files.delete(record.spoolFile());

            assertThatThrownBy(() -> journal.recordReceived(record, spool.syncing(SpooledFiles.of(record, true))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("spool file " + record.spoolFile() + " does not exist");
            // the record was logged before the fsync: it is finished as not acknowledged and counts nothing
            assertThat(journal.counts().objects()).isZero();
            assertThat(journal.counts().bytes()).isZero();
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    @Test
    void processSyncsNothing() throws IOException {
        try (Journal journal = Journal.open(dir.resolve("journal.db"), Durability.PROCESS);
             Spool spool = new Spool(dir.resolve("spool"), journal)) {
            ReceivedRecord record = received(spool, 1);
            journal.recordReceived(record, spool.syncing(SpooledFiles.of(record, false)));
            journal.flush();

            assertThat(journal.commitStats().transactions()).isEqualTo(1);
            assertThat(journal.commitStats().fsyncsPerObject()).isZero();
            assertThat(spool.fileSyncs()).isZero();
            assertThat(spool.folderSyncs()).isZero();
        }
    }
}
