package ferry.router.journal;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.database.SqliteDatabase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ReceiptLog}, and the journal taking from it what a crash kept out of the database. */
class ReceiptLogTest {
    @TempDir
    Path dir;

    private Path log() {
        return new SqliteDatabase(dir.resolve("journal.db")).receiptLog();
    }

    @Test
    void recordsReadBackAsWrittenWithNoStudyAndNonAsciiText() throws IOException {
        ReceivedRecord plain = TestRecords.received(dir, 1, List.of("mri", "archive"));
        ReceivedRecord odd = new ReceivedRecord(Instant.parse("2026-12-05T06:00:00.123456789Z"), "SCANNER",
                "FERRY", "2001:db8::1", TestRecords.MR_IMAGE_STORAGE, "2.25.1", null, null,
                TestRecords.EXPLICIT_VR_LITTLE_ENDIAN, 0, dir.resolve("Müller 山田.dcm"), List.of(),
                ReceivedRecord.NO_CHECKSUM);
        try (ReceiptLog receipts = ReceiptLog.open(log(), 0)) {
            receipts.append(7, plain);
            receipts.append(8, odd);
        }

        assertThat(ReceiptLog.read(log())).containsExactly(new ReceiptLog.Receipt(7, plain),
                new ReceiptLog.Receipt(8, odd));
    }

    @Test
    void aSpoolChecksumIsReadBackAndAnEntryWrittenBeforeChecksumsReadsWithoutOne() throws IOException {
        ReceivedRecord checked = TestRecords.withChecksum(TestRecords.received(dir, 1, List.of("mri")));
        try (ReceiptLog receipts = ReceiptLog.open(log(), 0)) {
            receipts.append(1, checked);
        }
        assertThat(ReceiptLog.read(log())).containsExactly(new ReceiptLog.Receipt(1, checked));

        // the same entry as a Ferry before epochs and checksums wrote it: no file header, no epoch, no checksum
        byte[] current = Files.readAllBytes(log());
        int header = 16;
        int length = ByteBuffer.wrap(current).getInt(header) - 2 * Long.BYTES;
        int body = header + 8 + Long.BYTES;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(current, body, length);
        ByteBuffer older = ByteBuffer.allocate(8 + length).putInt(length).putInt((int) crc.getValue())
                .put(current, body, length);
        Files.write(log(), older.array());

        ReceivedRecord read = ReceiptLog.read(log()).get(0).record();
        assertThat(read.hasSpoolChecksum()).isFalse();
        assertThat(read.sopInstanceUid()).isEqualTo(checked.sopInstanceUid());
        assertThat(read.routes()).isEqualTo(checked.routes());
    }

    @Test
    void aTornOrDamagedEntryEndsTheReadingWithWhatCameBefore() throws IOException {
        try (ReceiptLog receipts = ReceiptLog.open(log(), 0)) {
            for (int n = 1; n <= 3; n++) {
                receipts.append(n, TestRecords.received(dir, n, List.of("mri")));
            }
        }
        byte[] whole = Files.readAllBytes(log());
        Files.write(log(), java.util.Arrays.copyOf(whole, whole.length - 5));
        assertThat(ReceiptLog.read(log())).extracting(ReceiptLog.Receipt::id).containsExactly(1L, 2L);

        byte[] damaged = whole.clone();
        damaged[whole.length / 2] ^= 0x5A;
        Files.write(log(), damaged);
        assertThat(ReceiptLog.read(log())).extracting(ReceiptLog.Receipt::id).containsExactly(1L);

        Files.write(log(), new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        assertThat(ReceiptLog.read(log())).isEmpty();
        Files.delete(log());
        assertThat(ReceiptLog.read(log())).isEmpty();
    }

    @Test
    void entriesOfAnEarlierEpochLeftBehindANewStartAreNotRead() throws IOException {
        try (ReceiptLog receipts = ReceiptLog.open(log(), 0)) {
            for (int n = 1; n <= 3; n++) {
                receipts.append(n, TestRecords.received(dir, n, List.of("mri")));
            }
            receipts.startAgain();
            receipts.append(4, TestRecords.received(dir, 4, List.of("mri")));
            assertThat(ReceiptLog.read(log())).extracting(ReceiptLog.Receipt::id).containsExactly(4L);
        }
        try (ReceiptLog reopened = ReceiptLog.open(log(), 0)) {
            assertThat(ReceiptLog.read(log())).as("opening starts again").isEmpty();
            reopened.append(5, TestRecords.received(dir, 5, List.of("mri")));
        }
        assertThat(ReceiptLog.read(log())).extracting(ReceiptLog.Receipt::id).containsExactly(5L);
    }

    @Test
    void atPowerTheLogIsWrittenFullOnceAndAppendsDoNotGrowIt() throws IOException {
        try (Journal journal = Journal.open(dir.resolve("journal.db"), Durability.POWER)) {
            assertThat(Files.size(log())).isEqualTo(ReceiptLog.PREALLOCATED_BYTES);
            for (int n = 1; n <= 50; n++) {
                journal.recordReceived(TestRecords.received(dir, n, List.of("mri")));
            }
            assertThat(Files.size(log())).isEqualTo(ReceiptLog.PREALLOCATED_BYTES);
            assertThat(ReceiptLog.read(log())).extracting(ReceiptLog.Receipt::id).hasSize(50).startsWith(1L)
                    .endsWith(50L);
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aRecordTheDatabaseLacksIsTakenFromTheLogAtTheNextOpenAsUnfinished(Durability durability)
            throws IOException {
        Path database = dir.resolve("journal.db");
        try (Journal journal = Journal.open(database, durability)) {
            assertThat(journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")))).isEqualTo(1);
            journal.finish(1);
        }
        assertThat(ReceiptLog.read(log())).isEmpty();
        // what a kill -9 (process) or a power cut (power) between the log's write and the commit leaves: the
        // record in the log only
        ReceivedRecord acknowledged = TestRecords.received(dir, 2, List.of("mri"));
        try (ReceiptLog receipts = ReceiptLog.open(log(), 0)) {
            receipts.append(2, acknowledged);
        }

        try (Journal journal = Journal.open(database, durability)) {
            List<UnfinishedObject> unfinished = journal.unfinished();
            assertThat(unfinished).hasSize(1);
            assertThat(unfinished.get(0).id()).isEqualTo(2);
            assertThat(unfinished.get(0).record()).isEqualTo(acknowledged);
            assertThat(journal.counts().objects()).isEqualTo(2);
            assertThat(journal.recordReceived(TestRecords.received(dir, 3, List.of("mri")))).isEqualTo(3);
            journal.finish(2);
            journal.finish(3);
        }
        assertThat(ReceiptLog.read(log())).as("everything committed at the close").isEmpty();
    }

    @Test
    void recordsAlreadyCommittedAreNotTakenTwice() throws IOException {
        Path database = dir.resolve("journal.db");
        ReceivedRecord first = TestRecords.received(dir, 1, List.of("mri"));
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            journal.recordReceived(first);
        }
        try (ReceiptLog receipts = ReceiptLog.open(log(), 0)) {
            receipts.append(1, first); // committed before the crash, and still in the log
        }

        try (Journal journal = Journal.open(database, Durability.POWER)) {
            assertThat(journal.counts().objects()).isEqualTo(1);
            assertThat(journal.unfinished()).extracting(UnfinishedObject::id).containsExactly(1L);
        }
        assertThat(ReceiptLog.read(log())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void theLogStartsAgainOnceEverythingInItIsCommittedAndItHasGrown(Durability durability) throws IOException {
        int objects = 2000;
        try (Journal journal = Journal.open(dir.resolve("journal.db"), durability)) {
            long grown = 0;
            for (int n = 1; n <= objects; n++) {
                journal.recordReceived(TestRecords.received(dir, n, List.of("mri"), 10));
                grown = Math.max(grown, Files.size(log()));
            }
            journal.flush();
            assertThat(grown).isGreaterThanOrEqualTo(ReceiptLog.EMPTY_AFTER_BYTES);
            List<Long> left = ReceiptLog.read(log()).stream().map(ReceiptLog.Receipt::id).toList();
            assertThat(left).as("only the entries since the last start").hasSizeLessThan(objects / 2);
            if (!left.isEmpty()) {
                assertThat(left.get(left.size() - 1)).isEqualTo(objects);
            }
            assertThat(journal.counts().objects()).isEqualTo(objects);
            if (durability == Durability.POWER) {
                assertThat(journal.commitStats().logSyncs()).as("the commits made durable before the start")
                        .isPositive();
            }
        }
    }
}
