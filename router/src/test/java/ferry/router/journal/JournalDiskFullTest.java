package ferry.router.journal;

import ferry.router.database.SqliteDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.router.testing.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The journal on a disk that fills up (a tmpfs of known size) and is given room again: the commits that failed are
 * written again by the running journal, with nothing dropped.
 */
class JournalDiskFullTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void commitsThatFailedOnAFullDiskAreWrittenAgainOnceThereIsRoomAndNothingIsLost(Durability durability)
            throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 8L << 20)) {
            Path file = disk.folder().resolve("journal.db");
            List<Long> acknowledged = new ArrayList<>();
            List<CompletableFuture<Void>> finishes = new ArrayList<>();
            try (Journal journal = Journal.open(file, durability)) {
                for (int n = 1; n <= 5; n++) {
                    acknowledged.add(journal.recordReceived(TestRecords.received(spool, n, List.of("mri"))));
                }
                assertThat(journal.counts().objects()).isEqualTo(5);

                disk.fill(8 * 1024);
                for (int n = 6; n <= 25; n++) {
                    try {
                        long id = journal.recordReceived(TestRecords.received(spool, n, List.of("mri")));
                        acknowledged.add(id);
                        journal.recordAction(id, new ActionRecord("mri", "store", "placed", "/store/" + n));
                        finishes.add(journal.finishLater(id, null));
                    } catch (IOException refused) {
                        // the receipt log could not grow: not acknowledged, nothing kept
                        assertThat(refused).hasMessageContaining("No space left on device");
                    }
                }
                assertThat(acknowledged).as("records acknowledged on the full disk").hasSizeGreaterThan(5);
                Await.until("the journal saying it cannot write", () -> journal.problem() != null);
                assertThat(journal.problem().reason()).contains(file.toString()).contains("the disk is full");
                assertThat(journal.counts().objects()).as("counts while the commit waits").isEqualTo(5);
                assertThat(finishes).noneMatch(CompletableFuture::isDone);

                disk.release();
                Await.until("the journal writing again", () -> journal.problem() == null);
                CompletableFuture.allOf(finishes.toArray(CompletableFuture[]::new)).get();
                assertThat(journal.counts().objects()).isEqualTo(acknowledged.size());
                assertThat(journal.unfinished()).extracting(UnfinishedObject::id).containsExactly(1L, 2L, 3L, 4L,
                        5L);
                long late = journal.recordReceived(TestRecords.received(spool, 26, List.of("mri")));
                assertThat(late).isEqualTo(acknowledged.get(acknowledged.size() - 1) + 1);
                acknowledged.add(late);
            }
            try (Journal reopened = Journal.open(file, durability)) {
                assertThat(reopened.counts().objects()).isEqualTo(acknowledged.size());
                assertThat(reopened.unfinished()).extracting(UnfinishedObject::id)
                        .containsExactly(1L, 2L, 3L, 4L, 5L, acknowledged.get(acknowledged.size() - 1));
            }
        }
    }

    @Test
    void atTheStartARecordOfTheReceiptLogMissingBelowTheHighestIdIsTakenIn() throws Exception {
        Path file = dir.resolve("journal.db");
        ReceivedRecord second = TestRecords.received(dir, 2, List.of("mri"));
        try (Journal journal = Journal.open(file, Durability.PROCESS)) {
            journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            journal.recordReceived(second);
            journal.recordReceived(TestRecords.received(dir, 3, List.of("mri")));
        }
        // what a batch that failed for good leaves: its record only in the receipt log, later ones committed
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM received_object WHERE id = 2");
        }
        try (ReceiptLog log = ReceiptLog.open(new SqliteDatabase(file).receiptLog(), 0)) {
            log.append(2, second);
        }

        try (Journal journal = Journal.open(file, Durability.PROCESS)) {
            assertThat(journal.unfinished()).extracting(UnfinishedObject::id).containsExactly(1L, 2L, 3L);
            assertThat(journal.unfinished().get(1).record()).isEqualTo(second);
        }
    }
}
