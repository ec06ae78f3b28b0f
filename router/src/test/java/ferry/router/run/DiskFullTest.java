package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import ferry.net.service.StoreScu;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.SmallDisk;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A full disk, on real file systems of known size (tmpfs): new objects are refused with 0xA700 exactly while the free
 * space is short, and once space is freed Ferry goes on by itself: the journal writes again, nothing acknowledged
 * loses its record, its actions or its bytes, also across a kill -9.
 */
class DiskFullTest {
    private static final Pattern JOURNAL_OBJECTS = Pattern.compile("journal \\(all time\\): (\\d+) objects");

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void objectsAreRefusedOnlyWhileTheFreeSpaceIsReallyUnderTheMinimum() throws Exception {
        // 32 MB for the spool, at least 24 MB kept free: room for about 4 objects of 2 MB at a time. 40 MB pass
        // through it on their way to a store on another disk, one at a time: each is sent once the one before has
        // left the spool, so the disk never holds more than one.
        SmallDisk data = track(SmallDisk.mount(dir.resolve("data"), 32L << 20));
        int port = FreePorts.next();
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nmin-free-disk: 24MB\n"
                + "http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy study = new TestStudy("ROOM", "2.25.8100", 1, 20, 2 << 20);
        List<Path> sent = study.write(dir.resolve("out"));

        try (FerryService service = FerryService.start(ConfigLoader.load(config))) {
            List<StoreScu.FileToSend> files = new ArrayList<>();
            for (Path file : sent) {
                files.add(StoreScu.inspect(file));
            }
            try (Association association = Requestor.connect(new RequestorSettings("SCANNER", "FERRY", "127.0.0.1",
                    port, StoreScu.contexts(files), 0, null, Timeouts.DEFAULT, null))) {
                for (StoreScu.FileToSend file : files) {
                    long free = data.free();
                    StoreScu.Result result = StoreScu.send(association, file);
                    assertThat(result.status()).as("%s sent with %d MB free", file.path().getFileName(), free >> 20)
                            .isEqualTo(Status.SUCCESS);
                    Await.until("the object left the spool",
                            () -> RouterEndToEndTest.spooledObjects(service.config().spoolDirectory()).isEmpty());
                }
            }
            assertThat(service.counters().refusedForDisk()).isZero();
        }
        assertStoredIntact(dir.resolve("store"), sent);

        data.fill(20L << 20);
        try (FerryService service = FerryService.start(ConfigLoader.load(config))) {
            ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out"), "-v");

            assertThat(run.err()).as("20 MB free, under the 24 MB minimum").contains("OutOfResources")
                    .doesNotContain("Received Store Response (Success)");
            assertThat(service.counters().refusedForDisk()).isEqualTo(study.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void afterTheJournalsDiskFilledAndEmptiedFerryRecordsAgainWithoutARestartAndLosesNothing(Durability durability)
            throws Exception {
        // The journal's disk is small; the spool is a disk of its own inside it, and the store is elsewhere, so the
        // journal alone runs out of space: its next commit fails (SQLITE_FULL) while objects still arrive.
        SmallDisk data = track(SmallDisk.mount(dir.resolve("data"), 8L << 20));
        track(SmallDisk.mount(dir.resolve("data").resolve("spool"), 64L << 20));
        int port = FreePorts.next();
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\ndurability: "
                + durability.name().toLowerCase(Locale.ROOT) + "\nmin-free-disk: 1MB\n"
                + "http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        List<Path> before = new TestStudy("FULL", "2.25.8200", 1, 10, 16 * 1024).write(dir.resolve("before"));
        List<Path> during = new TestStudy("FULL", "2.25.8300", 1, 40, 16 * 1024).write(dir.resolve("during"));
        List<Path> after = new TestStudy("FULL", "2.25.8400", 1, 10, 16 * 1024).write(dir.resolve("after"));
        Path store = dir.resolve("store");
        Process ferry = FerryProcess.run(dir, dir.resolve("ferry.log"), "--config", config.toString());
        cleanup.add(ferry::destroyForcibly);
        ControlChannel.Address control = ControlChannel.find(dir.resolve("data")).orElseThrow();

        List<Path> acknowledged = new ArrayList<>(send(port, dir.resolve("before")));
        assertThat(acknowledged).hasSize(before.size());
        Await.until("the first objects journaled", () -> journaled(control) == before.size());

        data.fill(8 * 1024);
        List<String> answers = new ArrayList<>();
        acknowledged.addAll(send(port, dir.resolve("during"), answers));
        assertThat(answers).as("every object is either stored or refused for the disk, never failed otherwise")
                .hasSize(during.size()).allMatch(answer -> answer.equals("Success") || answer.contains("OutOfResources"))
                .anyMatch(answer -> answer.contains("OutOfResources"));
        Await.until("ferry status saying the journal cannot write",
                () -> status(control).contains("journal: cannot write"));

        data.release();
        Await.until("the journal writing again", () -> !status(control).contains("cannot"));
        acknowledged.addAll(send(port, dir.resolve("after")));
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(before.size() + after.size());
        Await.until("every acknowledged object journaled, the receipt log's backlog too",
                () -> journaled(control) == acknowledged.size());
        // stored, and their actions done: the status's journal counts then commit what the actions queued (a kill
        // between placing and that commit is the ordinary crash the next start carries out again)
        Await.until("every acknowledged object stored and its actions done", () -> RouterEndToEndTest.files(store)
                .size() == acknowledged.size() && status(control).contains("store actions (into store folders): waiting 0,"));

        ferry.destroyForcibly(); // SIGKILL
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        FerryConfig loaded = ConfigLoader.load(config);
        try (FerryService restarted = FerryService.start(CrashSafetyTest.withPort(loaded, 0))) {
            Await.until("recovery finished",
                    () -> RouterEndToEndTest.spooledObjects(loaded.spoolDirectory()).isEmpty());
        }
        assertStoredIntact(store, acknowledged);
        try (Journal journal = Journal.open(loaded.journalFile(), loaded.durability())) {
            assertThat(journal.unfinished()).isEmpty();
            Map<String, List<String>> results = storeResults(journal);
            for (Path file : acknowledged) {
                String sop = RouterEndToEndTest.read(file).getString(Tags.SOPInstanceUID);
                assertThat(results.get(sop)).as("journaled store results of acknowledged " + sop)
                        .containsExactly("placed");
            }
            assertThat(results).hasSize(acknowledged.size());
        }
    }

    private SmallDisk track(SmallDisk disk) {
        cleanup.add(disk);
        return disk;
    }

    /** Sends the folder's files in one association; returns those acknowledged with Success. */
    private List<Path> send(int port, Path folder) {
        return send(port, folder, new ArrayList<>());
    }

    /** {@link #send(int, Path)}, adding the status of every response, as storescu words it, to {@code answers}. */
    private List<Path> send(int port, Path folder, List<String> answers) {
        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, folder, "-v");
        List<String> log = List.of((run.out(StandardCharsets.UTF_8) + run.err()).split("\n"));
        for (String line : log) {
            int at = line.indexOf("Received Store Response (");
            if (at >= 0) {
                answers.add(line.substring(at + "Received Store Response (".length(), line.lastIndexOf(')')));
            }
        }
        return CrashSafetyTest.acknowledged(log);
    }

    /** The journal's count of all objects ever received, as {@code ferry status} shows it. */
    private static long journaled(ControlChannel.Address control) throws Exception {
        Matcher count = JOURNAL_OBJECTS.matcher(status(control));
        return count.find() ? Long.parseLong(count.group(1)) : -1;
    }

    /** Every store action result journaled, by the SOP Instance UID of its object. */
    private static Map<String, List<String>> storeResults(Journal journal) throws Exception {
        return journal.read(connection -> {
            Map<String, List<String>> results = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT o.sop_instance_uid, a.result"
                    + " FROM object_action a JOIN received_object o ON o.id = a.object_id"
                    + " WHERE a.action LIKE 'store %' ORDER BY a.id");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    results.computeIfAbsent(row.getString(1), sop -> new ArrayList<>()).add(row.getString(2));
                }
            }
            return results;
        });
    }

    /** Each sent file is stored once, with the same data set (read back from the stored file). */
    private static void assertStoredIntact(Path store, List<Path> sent) throws Exception {
        Map<String, Path> stored = new HashMap<>();
        for (Path file : RouterEndToEndTest.files(store)) {
            assertThat(stored.put(RouterEndToEndTest.read(file).getString(Tags.SOPInstanceUID), file))
                    .as("stored once: " + file).isNull();
        }
        for (Path file : sent) {
            DataSet original = RouterEndToEndTest.read(file);
            Path copy = stored.get(original.getString(Tags.SOPInstanceUID));
            assertThat(copy).as("stored copy of " + file.getFileName()).isNotNull();
            assertThat(RouterEndToEndTest.read(copy)).isEqualTo(original);
        }
        assertThat(stored).hasSize(sent.size());
    }

    private static String status(ControlChannel.Address control) throws IOException {
        return ControlChannel.send(control, "status", ControlChannel.ANSWER_TIMEOUT);
    }
}
