package ferry.router.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ferry.router.database.Database;
import ferry.router.receive.Spool;
import ferry.router.testing.SpooledFiles;
import ferry.router.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("database")
class JournalTest {

    @TempDir
    Path dir;
    Database database;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabase.fresh(dir);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void recordedObjectComesBackUnfinishedExactlyAsRecordedWithItsActions(Durability durability) throws IOException {
        ReceivedRecord record = TestRecords.received(dir, 7, List.of("mri", "archive"));
        try (Journal journal = Journal.open(database, durability)) {
            long id = journal.recordReceived(record);
            journal.recordAction(id, new ActionRecord("mri", "store", "placed", "/data/mri/P1/1.dcm"));
            journal.recordAction(id, new ActionRecord("archive", "forward", "failed", "connection refused"));

            assertThat(journal.unfinished()).containsExactly(new UnfinishedObject(id, record, List.of(
                    new ActionRecord("mri", "store", "placed", "/data/mri/P1/1.dcm"),
                    new ActionRecord("archive", "forward", "failed", "connection refused"))));
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aSpoolChecksumIsKeptWithTheRecordAndAbsenceStaysAbsent(Durability durability) throws IOException {
        ReceivedRecord checked = TestRecords.withChecksum(TestRecords.received(dir, 1, List.of("mri")));
        ReceivedRecord unchecked = TestRecords.received(dir, 2, List.of("mri"));
        try (Journal journal = Journal.open(database, durability)) {
            journal.recordReceived(checked);
            journal.recordReceived(unchecked);
        }
        try (Journal journal = Journal.open(database, durability)) {
            assertThat(journal.unfinished()).extracting(UnfinishedObject::record).containsExactly(checked, unchecked);
            assertThat(journal.unfinished().get(0).record().spoolChecksum()).isEqualTo(checked.spoolChecksum())
                    .isNotEqualTo(ReceivedRecord.NO_CHECKSUM);
            assertThat(journal.unfinished().get(1).record().hasSpoolChecksum()).isFalse();
        }
    }

    @Test
    void atTheStartARecordWhoseSpoolFileDidNotReachTheDiskIsDroppedAndTakenOutOfTheCounts() throws IOException {
        ReceivedRecord intact = TestRecords.withChecksum(TestRecords.received(dir, 1, List.of("mri")));
        ReceivedRecord stale = TestRecords.withChecksum(TestRecords.received(dir, 2, List.of("mri")));
        ReceivedRecord missing = TestRecords.withChecksum(TestRecords.received(dir, 3, List.of("mri")));
        ReceivedRecord short_ = TestRecords.withChecksum(TestRecords.received(dir, 4, List.of("mri")));
        List<Long> ids = new ArrayList<>();
        try (Journal journal = Journal.open(database, Durability.POWER)) {
            for (ReceivedRecord record : List.of(intact, stale, missing, short_)) {
                ids.add(journal.recordReceived(record));
            }
        }
        // what a power cut can leave of files whose fsync had not returned: old blocks, no file, a short file
        Files.write(stale.spoolFile(), new byte[(int) stale.size()]);
        Files.delete(missing.spoolFile());
        Files.write(short_.spoolFile(), new byte[10]);

        try (Journal journal = Journal.open(database, Durability.POWER)) {
            List<UnfinishedObject> unfinished = journal.unfinished();
            assertThat(unfinished).hasSize(4);
            assertThat(unfinished).map(object -> {
                try {
                    return journal.dropIfNeverAcknowledged(object);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).containsExactly(false, true, true, true);

            assertThat(journal.unfinished()).extracting(UnfinishedObject::record).containsExactly(intact);
            assertThat(journal.counts().objects()).isEqualTo(1);
            assertThat(journal.counts().bytes()).isEqualTo(intact.size());
            assertThat(journal.counts().perRoute())
                    .containsExactly(Map.entry("mri", new RouteCount(1, intact.size())));
            List<String> dropped = journal.read(connection -> {
                List<String> rows = new ArrayList<>();
                try (var statement = connection.createStatement(); var row = statement.executeQuery(
                        "SELECT object_id, route, action, result, detail FROM object_action ORDER BY object_id")) {
                    while (row.next()) {
                        rows.add(row.getLong(1) + " " + row.getString(2) + " " + row.getString(3) + " "
                                + row.getString(4) + ": " + row.getString(5));
                    }
                }
                return rows;
            });
            assertThat(dropped).hasSize(3);
            assertThat(dropped.get(0)).startsWith(ids.get(1) + " (receive) receive dropped: never acknowledged: spool file "
                    + stale.spoolFile() + " has CRC-32C ");
            assertThat(dropped.get(1)).isEqualTo(ids.get(2) + " (receive) receive dropped: never acknowledged: spool file "
                    + missing.spoolFile() + " is missing");
            assertThat(dropped.get(2)).isEqualTo(ids.get(3) + " (receive) receive dropped: never acknowledged: spool file "
                    + short_.spoolFile() + " has 10 bytes, the record says " + short_.size());
        }
    }

    @Test
    void onlyARecordWithAChecksumAndNothingDoneYetIsChecked() throws IOException {
        ReceivedRecord unchecked = TestRecords.received(dir, 1, List.of("mri"));
        ReceivedRecord acted = TestRecords.withChecksum(TestRecords.received(dir, 2, List.of("mri")));
        try (Journal journal = Journal.open(database, Durability.POWER)) {
            journal.recordReceived(unchecked);
            long id = journal.recordReceived(acted);
            journal.recordAction(id, new ActionRecord("mri", "store", "placed", "/data/2.dcm"));
        }
        Files.delete(unchecked.spoolFile());
        Files.delete(acted.spoolFile()); // placed by a move: its action was recorded after the acknowledgement

        try (Journal journal = Journal.open(database, Durability.POWER)) {
            for (UnfinishedObject object : journal.unfinished()) {
                assertThat(journal.dropIfNeverAcknowledged(object)).isFalse();
            }
            assertThat(journal.unfinished()).hasSize(2);
        }
    }

    @Test
    void recordWithoutStudyAndSeriesAndWithoutRoutesComesBackTheSame() throws IOException {
        ReceivedRecord full = TestRecords.received(dir, 1, List.of());
        ReceivedRecord bare = new ReceivedRecord(full.receivedAt(), "A", "B", "::1", full.sopClassUid(),
                full.sopInstanceUid(), null, null, full.transferSyntaxUid(), 0, full.spoolFile(), List.of(),
                ReceivedRecord.NO_CHECKSUM);
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            long id = journal.recordReceived(bare);

            assertThat(journal.unfinished()).containsExactly(new UnfinishedObject(id, bare, List.of()));
        }
    }

    @Test
    void aLateFinishAndItsActionAreCommittedSoonWithoutAnotherRecord() throws Exception {
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            long id = journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            journal.recordAction(id, new ActionRecord("mri", "store", "placed", "/data/1.dcm"));
            journal.finishLater(id);

            // commitStats does not flush: only the quiet-time commit can make these true
            ferry.core.testing.Await.until("the late finish committed", () -> journal.commitStats().finishes() == 1);
            assertThat(journal.commitStats().actions()).isEqualTo(1);
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    @Test
    void finishedObjectsLeaveTheUnfinishedListOldestFirstOrderStays() throws IOException {
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            long first = journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            long second = journal.recordReceived(TestRecords.received(dir, 2, List.of("mri")));
            long third = journal.recordReceived(TestRecords.received(dir, 3, List.of("mri")));
            journal.recordAction(second, new ActionRecord("mri", "store", "placed", "/data/2.dcm"));
            journal.finish(second);
            journal.finish(second);

            assertThat(journal.unfinished()).extracting(UnfinishedObject::id).containsExactly(first, third);
            assertThat(first).isLessThan(second);
            assertThat(second).isLessThan(third);
        }
    }

    @Test
    void countsAddUpBytesAndObjectsPerRouteAndUnroutedSeparately() throws IOException {
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            ReceivedRecord both = TestRecords.received(dir, 1, List.of("mri", "archive"));
            ReceivedRecord mriOnly = TestRecords.received(dir, 2, List.of("mri"));
            ReceivedRecord nowhere = TestRecords.received(dir, 3, List.of());
            for (ReceivedRecord record : List.of(both, mriOnly, nowhere)) {
                journal.recordReceived(record);
            }

            assertThat(journal.counts()).isEqualTo(new JournalCounts(Map.of(
                    "mri", new RouteCount(2, both.size() + mriOnly.size()),
                    "archive", new RouteCount(1, both.size())),
                    1, 3, both.size() + mriOnly.size() + nowhere.size()));
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void reopeningKeepsRecordsActionsFinishesAndCounts(Durability durability) throws IOException {
        ReceivedRecord kept = TestRecords.received(dir, 1, List.of("mri"));
        long keptId;
        JournalCounts counts;
        try (Journal journal = Journal.open(database, durability)) {
            keptId = journal.recordReceived(kept);
            long done = journal.recordReceived(TestRecords.received(dir, 2, List.of("mri")));
            journal.recordAction(keptId, new ActionRecord("mri", "store", "failed", "disk full"));
            journal.recordAction(done, new ActionRecord("mri", "store", "placed", "/data/2.dcm"));
            journal.finish(done);
            counts = journal.counts();
        }
        try (Journal journal = Journal.open(database, durability)) {
            assertThat(journal.unfinished()).containsExactly(new UnfinishedObject(keptId, kept,
                    List.of(new ActionRecord("mri", "store", "failed", "disk full"))));
            assertThat(journal.counts()).isEqualTo(counts);
            assertThat(journal.recordReceived(TestRecords.received(dir, 3, List.of()))).isGreaterThan(keptId + 1);
        }
    }

    @Test
    void actionsQueuedJustBeforeCloseAreKept() throws IOException {
        long id;
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            id = journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            for (int i = 0; i < 100; i++) {
                journal.recordAction(id, new ActionRecord("mri", "store", "skipped", "identical " + i));
            }
        }
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            assertThat(journal.unfinished().get(0).actionsDone()).hasSize(100)
                    .extracting(ActionRecord::detail).startsWith("identical 0", "identical 1").endsWith("identical 99");
        }
    }

    @Test
    void closingFoldsTheLogIntoTheDatabaseFileSoItCanBeCopiedAlone() throws IOException {
        assumeFalse(TestDatabase.postgres(), "SQLite's write-ahead log files");
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            assertThat(dir.resolve("ferry.db-wal")).exists();
        }

        assertThat(dir.resolve("ferry.db-wal")).doesNotExist();
        assertThat(dir.resolve("ferry.db-shm")).doesNotExist();
    }

    @Test
    void atPowerRecordsAndFinishesCommitWithoutAnFsyncOfTheDatabaseButOtherWorkIsSynced() throws IOException {
        try (Journal journal = Journal.open(database, Durability.POWER)) {
            long id = journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            journal.finish(id, null);
            journal.recordReceived(TestRecords.received(dir, 2, List.of("mri")));
            journal.flush();
            assertThat(journal.commitStats().logSyncs()).isZero();
            assertThat(journal.unfinished()).extracting(UnfinishedObject::id).doesNotContain(id).hasSize(1);

            journal.write(transaction -> { });
            assertThat(journal.commitStats().logSyncs()).as("another package's work").isEqualTo(1);
        }
    }

    @Test
    void underASteadyStreamFromManyReceiversAtPowerTheReceiptLogStillStartsAgain() throws Exception {
        int receivers = 8;
        int each = 300;
        try (Journal journal = Journal.open(database, Durability.POWER);
             Spool spool = new Spool(dir.resolve("spool"), journal)) {
            ExecutorService pool = Executors.newFixedThreadPool(receivers);
            try {
                List<Future<List<Long>>> ids = new ArrayList<>();
                for (int r = 0; r < receivers; r++) {
                    int first = r * each;
                    ids.add(pool.submit(() -> {
                        List<Long> got = new ArrayList<>();
                        for (int n = first; n < first + each; n++) {
                            ReceivedRecord record = TestRecords.received(dir, n, List.of("mri"), 10);
                            got.add(journal.recordReceived(record, spool.syncing(SpooledFiles.of(record, true))));
                        }
                        return got;
                    }));
                }
                Set<Long> all = new HashSet<>();
                for (var future : ids) {
                    all.addAll(future.get());
                }
                assertThat(all).as("distinct ids").hasSize(receivers * each);
            } finally {
                pool.shutdown();
            }
            journal.flush();
            CommitStats stats = journal.commitStats();
            assertThat(stats.objects()).isEqualTo(receivers * each);
            assertThat(spool.fileSyncs()).isEqualTo(receivers * each);
            assertThat(stats.receiptSyncs()).isBetween(1L, (long) receivers * each);
            assertThat(stats.logSyncs()).as("one per start of the receipt log").isBetween(1L, 20L);
            assertThat(ReceiptLog.read(database.receiptLog())).as("only what came since the last start")
                    .hasSizeLessThan(receivers * each / 2);
            assertThat(journal.counts().objects()).isEqualTo(receivers * each);
        }
    }

    @Test
    void anInterruptedReceivingThreadDoesNotCloseTheReceiptLogForTheOthers() throws IOException {
        List<Long> ids;
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            long first;
            Thread.currentThread().interrupt();
            try {
                first = journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
            }
            assertThat(journal.recordReceived(TestRecords.received(dir, 2, List.of("mri")))).isEqualTo(first + 1);
            ids = List.of(first, first + 1);
            assertThat(ReceiptLog.read(database.receiptLog())).extracting(ReceiptLog.Receipt::id)
                    .containsExactlyElementsOf(ids);
        }
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            assertThat(journal.unfinished()).extracting(UnfinishedObject::id).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void atPowerWhenDurableWaitsForAnFsyncOfTheDatabaseLogSharedByItsCallers() throws Exception {
        try (Journal journal = Journal.open(database, Durability.POWER)) {
            long id = journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            journal.finishLater(id, null).get(10, TimeUnit.SECONDS);
            assertThat(journal.commitStats().logSyncs()).as("the finish alone").isZero();

            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                waiting.add(journal.whenDurable());
            }
            for (var durable : waiting) {
                durable.get(10, TimeUnit.SECONDS);
            }
            assertThat(journal.commitStats().logSyncs()).isBetween(1L, 5L);
        }
    }

    @Test
    void atProcessWhenDurableCompletesAtOnceWithoutAnFsync() throws IOException {
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            assertThat(journal.whenDurable()).isDone();
            assertThat(journal.commitStats().logSyncs()).isZero();
        }
    }

    @Test
    void processSyncsNothing() throws IOException {
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
            journal.flush();

            CommitStats stats = journal.commitStats();
            assertThat(stats.transactions()).isEqualTo(1);
            assertThat(stats.fsyncsPerObject()).isZero();
        }
    }

    @Test
    void actionOrFinishForAnObjectNeverGivenIsRefused() throws IOException {
        assumeFalse(TestDatabase.postgres(), "on a shared database any id may be another node's object");
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            long id = journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));

            assertThatThrownBy(() -> journal.recordAction(id + 1, new ActionRecord("mri", "store", "placed", "x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no object " + (id + 1));
        }
    }

    @Test
    void anIdBelowOneIsRefusedOnEitherEngine() throws IOException {
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));

            assertThatThrownBy(() -> journal.finish(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no object 0");
            assertThatThrownBy(() -> journal.recordAction(-1, new ActionRecord("mri", "store", "placed", "x")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closedJournalRefusesWorkAndClosingTwiceIsHarmless() throws IOException {
        Journal journal = Journal.open(database, Durability.PROCESS);
        journal.close();
        journal.close();

        assertThatThrownBy(() -> journal.recordReceived(TestRecords.received(dir, 1, List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }
}
