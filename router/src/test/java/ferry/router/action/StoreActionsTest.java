package ferry.router.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.net.assoc.AssociationInfo;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.router.config.DatabaseConfig;
import ferry.router.events.Events;
import ferry.router.forward.Destination;
import ferry.router.forward.Destinations;
import ferry.router.index.IndexCursor;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexSearch;
import ferry.router.index.QueryLevel;
import ferry.router.journal.ActionRecord;
import ferry.router.journal.Durability;
import ferry.router.journal.ReceivedRecord;
import ferry.router.queue.ForwardQueue;
import ferry.router.queue.QueueConfig;
import ferry.router.receive.ReceivedObject;
import ferry.router.receive.Spool;
import ferry.router.storage.DirectorySyncs;
import ferry.router.storage.Placement;
import ferry.router.study.NotificationDispatcher;
import ferry.router.study.CompletionConfig;
import ferry.router.study.RetryConfig;
import ferry.router.study.RouteNotifications;
import ferry.router.study.StudyTracker;
import ferry.router.testing.ReceiveCore;
import ferry.router.testing.TestStudy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link StoreActions} against a real journal, spool and folders: what each object's store actions do with its spool
 * file, what they journal, when the object is finished and its spool file released, and how an object is carried out
 * again after a failure or a stop.
 */
class StoreActionsTest {
    @TempDir
    Path dir;

    static final AssociationInfo SCANNER = new AssociationInfo("SCANNER", "FERRY",
            new InetSocketAddress("127.0.0.1", 4000), List.of(), 0, null, false);
    static final String STORE = """
            routes:
              - name: all
                default: true
                store: {folder: store, layout: '{SOPInstanceUID}.dcm'}
            """;

    static final String TWO_FOLDERS = """
            routes:
              - name: all
                default: true
                store:
                  - {folder: one, layout: '{SOPInstanceUID}.dcm'}
                  - {folder: two, layout: '{SOPInstanceUID}.dcm'}
            """;

    private ReceiveCore core;
    /** The routes whose studies are tracked (none unless a test says so). */
    private Map<String, RouteNotifications> tracked = Map.of();
    private NotificationDispatcher dispatcher;
    private StudyTracker studies;
    private ForwardQueue queue;
    private StoreActions actions;
    /** Failed store actions are tried again after 50 ms. */
    private final QueueConfig retry = new QueueConfig(Duration.ofMillis(50), Duration.ofMillis(100), 1_000, 3,
            Duration.ofDays(7));

    private void open(Durability durability, String yaml) throws IOException {
        core = ReceiveCore.open(dir, durability, yaml);
        Map<String, Destination> destinations = new LinkedHashMap<>();
        core.config.destinations().forEach((name, config) -> destinations.put(name,
                Destinations.create(name, config, System::getenv, core.journal.policy())));
        dispatcher = new NotificationDispatcher(core.journal, Map::of, RetryConfig.DEFAULT, Clock.systemUTC(), 1,
                new Events(), DatabaseConfig.DEFAULT_LEASE);
        studies = new StudyTracker(core.journal, () -> tracked, dispatcher, Clock.systemUTC(), new Events(),
                DatabaseConfig.DEFAULT_LEASE);
        queue = new ForwardQueue(core.journal, () -> destinations, name -> retry, (route, to) -> List.of(),
                core.config.queueWorkDirectory(), core.spool::noLongerNeeded, Clock.systemUTC(),
                ForwardQueue.JOBS_IN_MEMORY, new Events());
        queue.start();
        actions = new StoreActions(core.journal, core.spool, studies, queue, 2, () -> core.routing, () -> retry);
    }

    @AfterEach
    void close() throws IOException {
        if (core != null) {
            actions.close(10);
            queue.close();
            studies.close();
            dispatcher.close();
            core.close();
        }
    }

    /** Spools and records {@code object} as the receive pipeline does, going to {@code routes}. */
    private ReceivedObject received(DataSet object, String... routes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(bytes, object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        String sop = object.getString(Tags.SOPInstanceUID);
        Spool.Spooled spooled = core.spool.write(SCANNER, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                new CStoreRq(1, TestStudy.MR, sop, Priority.MEDIUM), new ByteArrayInputStream(bytes.toByteArray()));
        ReceivedRecord record = new ReceivedRecord(Instant.now(), "SCANNER", "FERRY", "127.0.0.1", TestStudy.MR,
                sop, object.getString(Tags.StudyInstanceUID), object.getString(Tags.SeriesInstanceUID),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), spooled.size(), spooled.file(), List.of(routes),
                spooled.checksum());
        long id = core.journal.recordReceived(record, core.spool.syncing(spooled));
        return new ReceivedObject(id, record, core.header(spooled.file()), core.routing);
    }

    /** What the journal holds of what was done to object {@code id}, in order. */
    private List<ActionRecord> journaled(long id) throws IOException {
        core.journal.flush();
        return core.journal.read(connection -> {
            List<ActionRecord> rows = new ArrayList<>();
            try (var select = connection.prepareStatement(
                    "SELECT route, action, result, detail FROM object_action WHERE object_id = ? ORDER BY id")) {
                select.setLong(1, id);
                try (var row = select.executeQuery()) {
                    while (row.next()) {
                        rows.add(new ActionRecord(row.getString(1), row.getString(2), row.getString(3),
                                row.getString(4)));
                    }
                }
            }
            return rows;
        });
    }

    private void awaitFinished(Path spoolFile) throws InterruptedException {
        Await.until("the object finished", () -> core.journal.unfinished().isEmpty());
        Await.until("its spool name removed", () -> !Files.exists(spoolFile));
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static DataSet read(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    /** What the last run did just before it stopped: linked the object's spool file into {@code folder}. */
    private Path linkedBeforeTheStop(ReceivedObject received, String folder) throws IOException {
        Path stored = Files.createDirectories(dir.resolve(folder)).resolve(received.record().sopInstanceUid() + ".dcm");
        Files.createLink(stored, received.record().spoolFile());
        return stored;
    }

    private static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void theStoreLinksTheSpoolFileAndItsSpoolNameGoesOnceTheFinishIsSafe(Durability durability)
            throws Exception {
        open(durability, STORE);
        DataSet object = TestStudy.of("P1", "2.25.9200", 1).object(1, 1);
        ReceivedObject received = received(object, "all");
        Path spoolFile = received.record().spoolFile();
        Object inode = inode(spoolFile);

        actions.accept(received);
        awaitFinished(spoolFile);

        Path stored = dir.resolve("store").resolve(object.getString(Tags.SOPInstanceUID) + ".dcm");
        assertThat(files(dir.resolve("store"))).containsExactly(stored);
        assertThat(inode(stored)).as("no byte copied").isEqualTo(inode);
        assertThat(Files.getAttribute(stored, "unix:nlink")).isEqualTo(1);
        assertThat(read(stored)).isEqualTo(object);
        assertThat(journaled(received.journalId())).singleElement().satisfies(action -> {
            assertThat(action.route()).isEqualTo("all");
            assertThat(action.action()).startsWith("store ");
            assertThat(action.result()).isEqualTo("placed");
            assertThat(action.detail()).isEqualTo(stored.toString());
        });
        if (durability == Durability.POWER) {
            assertThat(core.journal.commitStats().logSyncs()).as("the finish on disk before the spool name went")
                    .isPositive();
        } else {
            assertThat(core.journal.commitStats().logSyncs()).isZero();
        }
    }

    /** Store actions whose directory fsyncs go through {@code syncer} (a test's). */
    private void withDirectorySyncs(DirectorySyncs.Syncer syncer) {
        actions.close(10);
        actions = new StoreActions(core.journal, core.spool, studies, queue, 2, () -> core.routing, () -> retry,
                new DirectorySyncs(syncer, Duration.ZERO));
    }

    /**
     * Fsyncs that say when one began ({@code held}), wait for {@code release}, and add each directory to
     * {@code synced}.
     */
    private static DirectorySyncs.Syncer heldUntil(CountDownLatch held, CountDownLatch release, List<Path> synced) {
        return directory -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Placement.forceDirectory(directory);
            synced.add(directory);
        };
    }

    @Test
    void atPowerAPlacedFileIsJournaledOnlyOnceItsFolderIsFsyncdAndFilesPlacedMeanwhileShareOneFsync()
            throws Exception {
        open(Durability.POWER, STORE);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Path> synced = new CopyOnWriteArrayList<>();
        withDirectorySyncs(heldUntil(held, release, synced));
        TestStudy study = TestStudy.of("P1", "2.25.9210", 1);
        ReceivedObject first = received(study.object(1, 1), "all");
        actions.accept(first);
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the first fsync began").isTrue();
        List<ReceivedObject> meanwhile = new ArrayList<>();
        for (int i = 2; i <= 4; i++) {
            ReceivedObject next = received(study.object(1, i), "all");
            actions.accept(next);
            meanwhile.add(next);
        }
        Await.until("all four linked into the store", () -> files(dir.resolve("store")).size() == 4);
        Thread.sleep(100); // time enough to journal them, were they journaled before their fsync

        assertThat(journaled(first.journalId())).as("nothing journaled before the fsync").isEmpty();
        for (ReceivedObject next : meanwhile) {
            assertThat(journaled(next.journalId())).isEmpty();
            assertThat(next.record().spoolFile()).exists();
        }
        assertThat(core.journal.unfinished()).hasSize(4);
        assertThat(actions.queued()).as("objects waiting for their fsync count as queued").isEqualTo(4);

        release.countDown();
        Await.until("all four finished", () -> core.journal.unfinished().isEmpty());
        Path store = dir.resolve("store");
        assertThat(synced).as("one fsync for the first, one for the three placed meanwhile")
                .containsExactly(store, store);
        for (int i = 1; i <= 4; i++) {
            DataSet object = study.object(1, i);
            Path file = store.resolve(object.getString(Tags.SOPInstanceUID) + ".dcm");
            assertThat(read(file)).isEqualTo(object);
        }
        for (ReceivedObject object : Stream.concat(Stream.of(first), meanwhile.stream()).toList()) {
            assertThat(journaled(object.journalId())).extracting(ActionRecord::result).containsExactly("placed");
            Await.until("its spool name removed", () -> !Files.exists(object.record().spoolFile()));
        }
        assertThat(actions.queued()).isZero();
    }

    @Test
    void atPowerAnEditedCopyIsJournaledAtOnceWhileTheOtherStoresFolderIsFsyncd() throws Exception {
        open(Durability.POWER, """
                routes:
                  - name: all
                    default: true
                    store:
                      - {folder: edited, layout: '{SOPInstanceUID}.dcm', modify: [{set: {InstitutionName: Project}}]}
                      - {folder: plain, layout: '{SOPInstanceUID}.dcm'}
                """);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        withDirectorySyncs(heldUntil(held, release, new CopyOnWriteArrayList<>()));
        DataSet object = TestStudy.of("P1", "2.25.9212", 1).object(1, 1);
        ReceivedObject received = received(object, "all");

        actions.accept(received);
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        Path edited = dir.resolve("edited").resolve(object.getString(Tags.SOPInstanceUID) + ".dcm");
        Path plain = dir.resolve("plain").resolve(object.getString(Tags.SOPInstanceUID) + ".dcm");
        Await.until("the edited copy journaled", () -> journaled(received.journalId()).size() == 1);
        assertThat(journaled(received.journalId())).singleElement().satisfies(action -> {
            assertThat(action.result()).isEqualTo("placed");
            assertThat(action.detail()).isEqualTo(edited.toString());
        });
        assertThat(read(edited).getString(Tags.InstitutionName)).isEqualTo("Project");
        assertThat(core.journal.unfinished()).hasSize(1);

        release.countDown();
        awaitFinished(received.record().spoolFile());
        assertThat(journaled(received.journalId())).extracting(ActionRecord::detail)
                .containsExactly(edited.toString(), plain.toString());
        assertThat(read(plain)).isEqualTo(object);
    }

    @Test
    void atPowerAFolderThatCannotBeFsyncdFailsTheStoreWhichIsTriedAgainAndThenJournaledOnce() throws Exception {
        open(Durability.POWER, STORE);
        AtomicInteger attempts = new AtomicInteger();
        withDirectorySyncs(directory -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("Input/output error");
            }
            Placement.forceDirectory(directory);
        });
        DataSet object = TestStudy.of("P1", "2.25.9211", 1).object(1, 1);
        ReceivedObject received = received(object, "all");

        actions.accept(received);
        awaitFinished(received.record().spoolFile());

        Path stored = dir.resolve("store").resolve(object.getString(Tags.SOPInstanceUID) + ".dcm");
        assertThat(files(dir.resolve("store"))).containsExactly(stored);
        assertThat(read(stored)).isEqualTo(object);
        assertThat(journaled(received.journalId())).satisfiesExactly(
                failed -> {
                    assertThat(failed.failed()).isTrue();
                    assertThat(failed.detail()).contains("could not fsync directory " + dir.resolve("store"))
                            .contains("Input/output error");
                },
                placed -> assertThat(placed).extracting(ActionRecord::result, ActionRecord::detail)
                        .containsExactly("placed", stored.toString()));
        assertThat(attempts).as("fsync'd again when the file was found in place").hasValue(2);
        assertThat(actions.failures()).isEqualTo(1);
    }

    @Test
    void aRouteWithTwoFoldersLinksTheFileIntoBothAndNoneHoldsALaterObject() throws Exception {
        open(Durability.PROCESS, TWO_FOLDERS);
        DataSet first = TestStudy.of("P1", "2.25.9201", 1).object(1, 1);
        DataSet later = TestStudy.of("P2", "2.25.9202", 1).object(1, 1);
        ReceivedObject received = received(first, "all");

        actions.accept(received);
        awaitFinished(received.record().spoolFile());
        ReceivedObject next = received(later, "all");
        actions.accept(next);
        awaitFinished(next.record().spoolFile());

        Path one = dir.resolve("one").resolve(first.getString(Tags.SOPInstanceUID) + ".dcm");
        Path two = dir.resolve("two").resolve(first.getString(Tags.SOPInstanceUID) + ".dcm");
        assertThat(Files.isSameFile(one, two)).isTrue();
        assertThat(Files.getAttribute(one, "unix:nlink")).isEqualTo(2);
        assertThat(read(one)).isEqualTo(first);
        assertThat(journaled(received.journalId())).extracting(ActionRecord::result)
                .containsExactly("placed", "placed");
    }

    @Test
    void aStoreThatFailsKeepsTheSpoolFileAndTheRecordAndIsTriedAgainUntilItSucceeds() throws Exception {
        open(Durability.PROCESS, STORE);
        Files.writeString(dir.resolve("store"), "a file where the folder should be");
        DataSet object = TestStudy.of("P1", "2.25.9203", 1).object(1, 1);
        ReceivedObject received = received(object, "all");
        Path spoolFile = received.record().spoolFile();

        actions.accept(received);
        Await.until("a retry waiting", () -> !actions.retrying().isEmpty());

        assertThat(actions.retrying()).singleElement().satisfies(waiting -> {
            assertThat(waiting.journalId()).isEqualTo(received.journalId());
            assertThat(waiting.route()).isEqualTo("all");
        });
        assertThat(spoolFile).exists();
        assertThat(core.journal.unfinished()).singleElement()
                .satisfies(unfinished -> assertThat(unfinished.actionsDone()).isNotEmpty()
                        .allSatisfy(action -> assertThat(action.failed()).isTrue()));
        assertThat(actions.failures()).isPositive();

        Files.delete(dir.resolve("store"));
        awaitFinished(spoolFile);

        Path stored = dir.resolve("store").resolve(object.getString(Tags.SOPInstanceUID) + ".dcm");
        assertThat(read(stored)).isEqualTo(object);
        assertThat(actions.retrying()).isEmpty();
        assertThat(journaled(received.journalId())).extracting(ActionRecord::result).endsWith("placed");
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void anObjectCarriedOutAgainAfterAStopFindsItsFileAlreadyLinkedAndPlacesItOnce(Durability durability)
            throws Exception {
        open(durability, STORE);
        DataSet object = TestStudy.of("P1", "2.25.9204", 1).object(1, 1);
        ReceivedObject received = received(object, "all");
        Path spoolFile = received.record().spoolFile();
        Path stored = linkedBeforeTheStop(received, "store"); // not journaled

        assertThat(actions.recover(core.journal.unfinished(), core.routing)).isEqualTo(1);
        awaitFinished(spoolFile);

        assertThat(files(dir.resolve("store"))).containsExactly(stored);
        assertThat(read(stored)).isEqualTo(object);
        assertThat(journaled(received.journalId())).extracting(ActionRecord::result, ActionRecord::detail)
                .containsExactly(tuple("placed", stored.toString()));
    }

    @Test
    void anObjectCarriedOutAgainAfterAStopIsIndexedWithTheFilesItsStoresPlacedBeforeTheStopToo() throws Exception {
        open(Durability.PROCESS, TWO_FOLDERS);
        DataSet object = TestStudy.of("P1", "2.25.9207", 1).object(1, 1);
        ReceivedObject received = received(object, "all");
        Path spoolFile = received.record().spoolFile();
        String sop = object.getString(Tags.SOPInstanceUID);
        // the first store was placed and journaled before the stop, the second not
        Path one = linkedBeforeTheStop(received, "one");
        core.journal.recordAction(received.journalId(), new ActionRecord("all", "store " + dir.resolve("one"), "placed",
                one.toString()));
        core.journal.flush();

        assertThat(actions.recover(core.journal.unfinished(), core.routing)).isEqualTo(1);
        awaitFinished(spoolFile);

        Path two = dir.resolve("two").resolve(sop + ".dcm");
        assertThat(read(two)).isEqualTo(object);
        DataSet identifier = new DataSet();
        identifier.setString(Tags.SOPInstanceUID, Vr.UI, sop);
        try (IndexCursor cursor = new IndexSearch(core.config.journalDatabase())
                .open(IndexQuery.of(QueryLevel.IMAGE, identifier))) {
            assertThat(cursor.next().handling().stored()).containsExactlyInAnyOrder(one.toString(), two.toString());
        }
    }

    @Test
    void anObjectWhoseStoresWereAllJournaledBeforeAStopCountsForItsStudyWhenItIsFinishedAtTheStart()
            throws Exception {
        tracked = Map.of("all", new RouteNotifications("all", CompletionConfig.defaults(), List.of()));
        open(Durability.PROCESS, STORE);
        DataSet object = TestStudy.of("P1", "2.25.9208", 1).object(1, 1);
        ReceivedObject received = received(object, "all");
        Path spoolFile = received.record().spoolFile();
        // placed and journaled before the stop; the finish (which carries the study count) was not
        Path stored = linkedBeforeTheStop(received, "store");
        core.journal.recordAction(received.journalId(), new ActionRecord("all", "store " + dir.resolve("store"),
                "placed", stored.toString()));
        core.journal.flush();

        assertThat(actions.recover(core.journal.unfinished(), core.routing)).isEqualTo(1);
        awaitFinished(spoolFile);

        String counted = core.journal.read(connection -> {
            try (var select = connection.prepareStatement("SELECT objects, folders FROM study WHERE route = 'all'");
                 var row = select.executeQuery()) {
                return row.next() ? row.getLong(1) + " " + row.getString(2) : "no study";
            }
        });
        assertThat(counted).as("objects and folders of its study").isEqualTo("1 " + dir.resolve("store"));
        assertThat(journaled(received.journalId())).extracting(ActionRecord::result).containsExactly("placed");
    }

    @Test
    void theSpoolNameStaysUntilTheFinishIsCommittedSoAStopInBetweenLeavesTheStartItsFile() throws Exception {
        open(Durability.PROCESS, STORE);
        DataSet object = TestStudy.of("P1", "2.25.9206", 1).object(1, 1);
        ReceivedObject received = received(object, "all");
        core.journal.flush();
        Path spoolFile = received.record().spoolFile();
        Path stored = dir.resolve("store").resolve(object.getString(Tags.SOPInstanceUID) + ".dcm");

        // another connection holds the database's write lock: the journal's commits wait (its busy timeout is 10 s)
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + core.config.journalFile());
             Statement statement = blocker.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            actions.accept(received);
            Await.until("the object placed", () -> Files.exists(stored));
            Thread.sleep(200); // time for a wrong order (the name going before the commit) to show
            assertThat(spoolFile).as("the spool name while the finish is not committed").exists();
            assertThat(Files.isSameFile(spoolFile, stored)).isTrue();
            statement.execute("ROLLBACK");
        }

        awaitFinished(spoolFile);
        assertThat(read(stored)).isEqualTo(object);
        assertThat(journaled(received.journalId())).extracting(ActionRecord::result, ActionRecord::detail)
                .containsExactly(tuple("placed", stored.toString()));
    }

    @Test
    void anUnfinishedObjectWhoseSpoolFileIsMissingAtTheStartIsJournaledFailedAndFinished() throws Exception {
        open(Durability.PROCESS, STORE);
        DataSet object = TestStudy.of("P1", "2.25.9205", 1).object(1, 1);
        ReceivedObject received = received(object, "all");
        Files.delete(received.record().spoolFile());

        assertThat(actions.recover(core.journal.unfinished(), core.routing)).isZero();

        Await.until("the object finished", () -> core.journal.unfinished().isEmpty());
        assertThat(journaled(received.journalId())).singleElement().satisfies(action -> {
            assertThat(action.route()).isEqualTo("all");
            assertThat(action.failed()).isTrue();
            assertThat(action.detail()).contains("missing");
        });
    }

    @Test
    void anObjectNoRouteStoresGoesToTheUnroutedArea() throws Exception {
        open(Durability.PROCESS, """
                routes:
                  - name: other
                    when: {calling: NOBODY}
                    store: {folder: store}
                """);
        DataSet object = TestStudy.of("P1", "2.25.9206", 1).object(1, 1);
        ReceivedObject received = received(object);

        actions.accept(received);
        awaitFinished(received.record().spoolFile());

        assertThat(files(core.config.unroutedDirectory())).singleElement()
                .satisfies(file -> assertThat(read(file)).isEqualTo(object));
        assertThat(journaled(received.journalId())).extracting(ActionRecord::route)
                .containsExactly(StoreActions.UNROUTED);
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aForwardedObjectIsFinishedWithItsJobAndItsSpoolFileGoesOnceDelivered(Durability durability)
            throws Exception {
        open(durability, """
                destinations:
                  drop: {folder: {folder: drop, layout: '{SOPInstanceUID}.dcm'}}
                routes:
                  - name: all
                    default: true
                    store: {folder: store, layout: '{SOPInstanceUID}.dcm'}
                    forward: [drop]
                """);
        DataSet object = TestStudy.of("P1", "2.25.9207", 1).object(1, 1);
        ReceivedObject received = received(object, "all");

        actions.accept(received);
        awaitFinished(received.record().spoolFile());

        String name = object.getString(Tags.SOPInstanceUID) + ".dcm";
        assertThat(read(dir.resolve("store").resolve(name))).isEqualTo(object);
        assertThat(read(dir.resolve("drop").resolve(name))).isEqualTo(object);
        assertThat(Files.getAttribute(dir.resolve("store").resolve(name), "unix:nlink"))
                .as("the spool's name removed, not the file recycled").isEqualTo(2);
    }
}
