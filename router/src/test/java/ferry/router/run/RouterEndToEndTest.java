package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.Status;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.service.StoreScu;
import ferry.net.service.StoreScu.FileToSend;
import ferry.net.service.StoreScu;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalCounts;
import ferry.router.journal.ReceivedRecord;
import ferry.router.receive.Spool;
import ferry.router.testing.BrokenDataSet;
import ferry.router.testing.Dcmtk;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TestStudy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ferry receiving from dcmtk's storescu, routing and storing, in this JVM. */
class RouterEndToEndTest {
    @TempDir
    Path dir;

    FerryService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }


    FerryService start(String yaml) throws Exception {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, yaml);
        service = FerryService.start(ConfigLoader.load(file));
        return service;
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The objects in a spool folder: its files but the recycled ones ({@link Spool#recycle}), which hold none. */
    /** The spool files that hold an object: not recycled ones, not the empty names made ahead at power. */
    static List<Path> spooledObjects(Path spool) throws IOException {
        return files(spool).stream()
                .filter(file -> !file.getFileName().toString().startsWith(Spool.RECYCLED_PREFIX))
                .filter(file -> file.toFile().length() > 0).toList();
    }

    static DataSet read(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    /** Waits until the spool is empty: every recorded object's actions are done. */
    void awaitActionsDone() throws InterruptedException {
        Await.until("the spool emptied", () -> spooledObjects(service.config().spoolDirectory()).isEmpty());
    }

    @Test
    void seed000RoutesJsonStoresAStudyUnderPatientStudySeriesInstance() throws Exception {
        int port = FreePorts.next();
        Path btuanon = dir.resolve("btuanon");
        Files.writeString(dir.resolve("routes.json"), "[{\"AETITLE\": \"BTUANON\", \"PATH\": \"" + btuanon
                + "\", \"EMAIL\": [\"someone@example.org\"]}]");
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [BTUANON]\nroutes-json: routes.json\n");
        TestStudy study = TestStudy.of("PAT001", "2.25.1000", 300);
        List<Path> sent = study.write(dir.resolve("out"));

        ToolRun run = Dcmtk.send("SCANNER", "BTUANON", port, dir.resolve("out"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        awaitActionsDone();
        List<Path> stored = files(btuanon);
        assertThat(stored).hasSize(300);
        Path series = btuanon.resolve("PAT001").resolve("20261122_101500").resolve("2.25.1000.1");
        for (Path file : sent) {
            DataSet original = read(file);
            String sop = original.getString(Tags.SOPInstanceUID);
            Path placed = stored.stream().filter(p -> p.getParent().equals(series)
                    && p.getFileName().toString().startsWith(sop)).findFirst().orElseThrow(
                        () -> new AssertionError("no stored file for " + sop + " in " + series));
            assertThat(read(placed)).isEqualTo(original);
        }
    }

    @Test
    void atPowerSmallAndLargeObjectsArePlacedIntactAndEveryRecordFinishes() throws Exception {
        int port = FreePorts.next();
        start("durability: power\nhttp: off\nlisteners:\n  - port: " + port + "\n"
                + "routes:\n  - name: mri\n    when: {PatientID: P1}\n"
                + "    store: {folder: mri, layout: '{SOPInstanceUID}.dcm'}\n");
        Path out = dir.resolve("out");
        List<Path> sent = new ArrayList<>(new TestStudy("P1", "2.25.6300", 1, 20, 4 * 1024).write(out.resolve("a")));
        sent.addAll(new TestStudy("P1", "2.25.6400", 1, 5, 100 * 1024).write(out.resolve("b")));
        sent.addAll(TestStudy.of("P9", "2.25.6500", 3).write(out.resolve("c"))); // no route: kept unrouted

        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, out);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        awaitActionsDone();
        assertThat(files(dir.resolve("mri"))).hasSize(25);
        for (Path file : sent) {
            DataSet original = read(file);
            if (original.getString(Tags.PatientID).equals("P1")) {
                assertThat(read(dir.resolve("mri").resolve(original.getString(Tags.SOPInstanceUID) + ".dcm")))
                        .isEqualTo(original);
            }
        }
        // the spool names went only once the finishes were on disk: 28 records are far from the receipt log's
        // start again, so the only fsyncs of the database's log are those the store actions waited for
        assertThat(service.commitStats().logSyncs()).isPositive();
        FerryConfig config = service.config();
        service.close(); // lets the actions finish
        service = null;
        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            assertThat(journal.unfinished()).isEmpty();
            assertThat(journal.counts().objects()).isEqualTo(28);
            assertThat(journal.counts().unrouted()).isEqualTo(3);
        }
    }

    @Test
    void routesApplyInOrderAndWhatNoRouteMatchesIsKeptUnrouted() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [RESEARCH, CLINIC]\n"
                + "routes:\n"
                + "  - name: research\n    when: {called: RESEARCH}\n    continue: true\n"
                + "    store: {folder: research, layout: '{PatientID}/{SOPInstanceUID}.dcm'}\n"
                + "  - name: mr-copy\n    when: {Modality: MR, called: RESEARCH}\n"
                + "    store: {folder: copy, layout: '{SOPInstanceUID}.dcm'}\n");
        TestStudy.of("P1", "2.25.2000", 5).write(dir.resolve("a"));
        TestStudy.of("P2", "2.25.3000", 3).write(dir.resolve("b"));

        assertThat(Dcmtk.send("SCANNER", "RESEARCH", port, dir.resolve("a")).exitCode()).isZero();
        assertThat(Dcmtk.send("SCANNER", "CLINIC", port, dir.resolve("b")).exitCode()).isZero();
        awaitActionsDone();

        assertThat(files(dir.resolve("research"))).hasSize(5);
        assertThat(files(dir.resolve("copy"))).hasSize(5);
        assertThat(files(service.config().unroutedDirectory())).hasSize(3);
        Map<String, Long> perRoute = service.counters().perRoute().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().objects()));
        assertThat(perRoute).containsEntry("research", 5L).containsEntry("mr-copy", 5L)
                .containsEntry("(unrouted)", 3L);
        assertThat(service.status()).contains("research").contains("(unrouted)").contains("port " + port);
    }

    @Test
    void hostileTagValuesStayInsideTheFolder() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        Path out = dir.resolve("hostile");
        String[] hostile = {"../../etc", "..", "/abs/path", "a/../../b", "x\u0000y", "ü名前", "A".repeat(64)};
        for (int i = 0; i < hostile.length; i++) {
            new TestStudy(hostile[i], "2.25.4000." + i, 1, 1, 16).write(out.resolve("p" + i));
        }

        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, out);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        awaitActionsDone();
        Path store = dir.resolve("store").toRealPath();
        List<Path> stored = files(store);
        assertThat(stored).hasSize(hostile.length);
        for (Path file : stored) {
            assertThat(file.toRealPath()).startsWith(store);
        }
        try (Stream<Path> everything = Files.walk(dir)) {
            assertThat(everything.filter(p -> p.getFileName().toString().equals("etc"))).isEmpty();
        }
    }

    @Test
    void underTheDiskWatermarkObjectsAreRefusedWithOutOfResourcesAndNothingIsKept() throws Exception {
        int port = FreePorts.next();
        start("min-free-disk: 1000000TB\nhttp: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy.of("P1", "2.25.5000", 3).write(dir.resolve("out"));

        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out"), "-v");

        // dcmtk names status 0xA700 "Refused: OutOfResources"
        List<String> responses = (run.err() + new String(run.out())).lines()
                .filter(line -> line.contains("Received Store Response")).toList();
        assertThat(responses).as(run.describe()).hasSize(3)
                .allMatch(line -> line.contains("Refused: OutOfResources"));
        assertThat(files(dir.resolve("store"))).isEmpty();
        assertThat(spooledObjects(service.config().spoolDirectory())).isEmpty();
        assertThat(service.counters().refusedForDisk()).isEqualTo(3);
        assertThat(service.status()).contains("refused for disk space: 3");
    }

    @Test
    void aStoreFolderThatCannotBeWrittenIsTriedAgainWhileFerryRunsAndShownInStatusUntilItCanBe() throws Exception {
        int port = FreePorts.next();
        start("queue: {retry-first: 1s, retry-longest: 2s}\nhttp: off\nlisteners:\n  - port: " + port
                + "\n    ae-titles: [FERRY]\nroutes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store, layout: '{PatientID}/{SOPInstanceUID}.dcm'}\n");
        // a file where the patient's folder must go: nothing can be stored there, not even by root
        Path inTheWay = Files.writeString(Files.createDirectories(dir.resolve("store")).resolve("P1"), "in the way");
        List<Path> sent = TestStudy.of("P1", "2.25.9700", 3).write(dir.resolve("out"));

        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out")).exitCode()).isZero();
        Await.until("ferry status listing the three objects waiting", () -> service.status()
                .contains("store actions failing: 3 object(s) kept in the spool, 3 retrying"));
        assertThat(service.status()).contains("a file is in the way").contains("next in")
                .contains("(route all, folder " + dir.resolve("store"));
        assertThat(spooledObjects(service.config().spoolDirectory())).hasSize(3);

        Files.delete(inTheWay);
        awaitActionsDone();
        Await.until("the retries done", () -> !service.status().contains("store actions failing"));
        for (Path file : sent) {
            DataSet original = read(file);
            assertThat(read(dir.resolve("store").resolve("P1").resolve(original.getString(Tags.SOPInstanceUID)
                    + ".dcm"))).isEqualTo(original);
        }
        FerryConfig config = service.config();
        service.close();
        service = null;
        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    @Test
    void aSymbolicLinkInTheStoreLeadingOutIsRefusedBeforeAnyFolderIsMadeOutsideAndTheObjectIsKept()
            throws Exception {
        int port = FreePorts.next();
        start("queue: {retry-first: 1s, retry-longest: 2s}\nhttp: off\nlisteners:\n  - port: " + port
                + "\n    ae-titles: [FERRY]\nroutes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store, layout: '{PatientID}/{StudyInstanceUID}/{SOPInstanceUID}.dcm'}\n");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("store")).resolve("P1"), outside);
        List<Path> sent = TestStudy.of("P1", "2.25.9800", 1).write(dir.resolve("out"));

        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out")).exitCode()).isZero();
        Await.until("the store action failed", () -> service.status().contains("failed since start 1"));
        try (Stream<Path> made = Files.list(outside)) {
            assertThat(made).as("folders made where the link leads").isEmpty();
        }
        assertThat(spooledObjects(service.config().spoolDirectory())).as("the object is kept").hasSize(1);
        assertThat(service.status()).contains("store actions failing: 1 object(s)")
                .contains("the symbolic link " + link + " leads out of");

        Files.delete(link);
        awaitActionsDone();
        DataSet original = read(sent.get(0));
        assertThat(read(dir.resolve("store").resolve("P1").resolve("2.25.9800")
                .resolve(original.getString(Tags.SOPInstanceUID) + ".dcm"))).isEqualTo(original);
    }

    @Test
    void everyStoredObjectIsJournaledWithWhatItsRouteDid() throws Exception {
        int port = FreePorts.next();
        FerryService running = start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy.of("P1", "2.25.6000", 20).write(dir.resolve("out"));

        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out")).exitCode()).isZero();
        awaitActionsDone();
        FerryConfig config = running.config();
        running.close();
        this.service = null;

        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            JournalCounts counts = journal.counts();
            assertThat(counts.objects()).isEqualTo(20);
            assertThat(journal.unfinished()).isEmpty();
        }
    }

    /** Stops the service and gives the journaled results of every object's store actions, in journal order. */
    List<String> storeResults() throws Exception {
        FerryConfig config = service.config();
        service.close();
        service = null;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + config.journalFile());
             PreparedStatement select = db.prepareStatement(
                     "SELECT result FROM object_action WHERE action LIKE 'store %' ORDER BY id")) {
            List<String> results = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    results.add(rows.getString(1));
                }
            }
            return results;
        }
    }

    @Test
    void theSameInstanceResentByAnotherNodeIsStoredOnceUnderSkipIdentical() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n"
                + "routes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store, layout: '{SOPInstanceUID}.dcm', collision: skip-identical}\n");
        List<Path> sent = TestStudy.of("P1", "2.25.6600", 3).write(dir.resolve("out"));

        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out")).exitCode()).isZero();
        awaitActionsDone();
        assertThat(Dcmtk.send("PACS_AFTER_SCANNER", "FERRY", port, dir.resolve("out")).exitCode()).isZero();
        awaitActionsDone();

        List<Path> stored = files(dir.resolve("store"));
        assertThat(stored).hasSize(3);
        for (Path file : sent) {
            String sop = read(file).getString(Tags.SOPInstanceUID);
            Path placed = dir.resolve("store").resolve(sop + ".dcm");
            assertThat(read(placed)).isEqualTo(read(file));
            DataSet meta = DicomReader.read(placed, ReadOptions.IN_MEMORY).fileMeta();
            assertThat(meta.getString(Tags.SourceApplicationEntityTitle)).isEqualTo("SCANNER");
        }
        assertThat(storeResults()).containsExactly(
                "placed", "placed", "placed", "skipped-identical", "skipped-identical", "skipped-identical");
    }

    @Test
    void aChangedDataSetUnderTheSameNameIsKeptBesideUnderSkipIdentical() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n"
                + "routes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store, layout: '{SOPInstanceUID}.dcm', collision: skip-identical}\n");
        TestStudy study = TestStudy.of("P1", "2.25.6700", 1);
        Path first = dir.resolve("first/1.dcm");
        Path changed = dir.resolve("changed/1.dcm");
        DataSet original = study.object(1, 1);
        write(Files.createDirectories(first.getParent()).resolve(first.getFileName()), original);
        DataSet corrected = study.object(1, 1);
        corrected.setString(Tags.StudyDescription, Vr.LO, "Brain research, corrected");
        write(Files.createDirectories(changed.getParent()).resolve(changed.getFileName()), corrected);

        assertThat(Dcmtk.send("SCANNER", "FERRY", port, first.getParent()).exitCode()).isZero();
        awaitActionsDone();
        assertThat(Dcmtk.send("PACS", "FERRY", port, changed.getParent()).exitCode()).isZero();
        awaitActionsDone();

        Path store = dir.resolve("store");
        assertThat(files(store)).containsExactly(store.resolve("2.25.6700.1.1.dcm"), store.resolve("2.25.6700.1.1A.dcm"));
        assertThat(read(store.resolve("2.25.6700.1.1.dcm"))).isEqualTo(original);
        assertThat(read(store.resolve("2.25.6700.1.1A.dcm"))).isEqualTo(corrected);
        assertThat(storeResults()).containsExactly("placed", "kept-both");
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aStopBetweenLinkingAnObjectAndItsFinishLeavesItPlacedOnceFinishedAndCounted(Durability durability)
            throws Exception {
        // the state a kill (process) or a power cut (power) leaves between the hard link into the store and the
        // finish: at process the spool name may still be there; at power it always is, since it goes only once the
        // finish is on disk, and the record carries the file's checksum, which the start checks
        Path file = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(file, "data-directory: data\ndurability: " + durability.name().toLowerCase(Locale.ROOT)
                + "\nhttp: off\nlisteners: []\nroutes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store, layout: '{SOPInstanceUID}.dcm'}\n");
        FerryConfig config = ConfigLoader.load(file);
        DataSet object = TestStudy.of("P1", "2.25.6100", 1).object(1, 1);
        Path spooled = Files.createDirectories(config.spoolDirectory()).resolve("stopped-1.dcm");
        DicomWriter.writeFile(spooled, new DataSet(), object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(Files.readAllBytes(spooled));
        String sop = object.getString(Tags.SOPInstanceUID);
        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            journal.recordReceived(new ReceivedRecord(java.time.Instant.now(), "SCANNER",
                    "FERRY", "127.0.0.1", object.getString(Tags.SOPClassUID), sop, "2.25.6100", "2.25.6100.1",
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), Files.size(spooled), spooled, List.of("all"),
                    durability == Durability.POWER ? crc.getValue() : ReceivedRecord.NO_CHECKSUM));
        }
        Path placed = Files.createDirectories(dir.resolve("store")).resolve(sop + ".dcm");
        Files.createLink(placed, spooled);

        service = FerryService.start(config);
        awaitActionsDone();
        service.close();
        service = null;

        assertThat(files(dir.resolve("store"))).containsExactly(placed);
        assertThat(read(placed)).isEqualTo(object);
        assertThat(spooledObjects(config.spoolDirectory())).isEmpty();
        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            assertThat(journal.unfinished()).isEmpty();
            assertThat(journal.counts().objects()).as("acknowledged: never dropped").isEqualTo(1);
        }
    }

    @Test
    void atPowerAStartDropsARecordWhoseSpoolFileNeverReachedTheDiskAndStoresTheIntactOne() throws Exception {
        // the state a power cut can leave at durability power: records committed while their spool files were still
        // being fsync'd (their objects not yet acknowledged); one file made it, the other holds old blocks
        Path file = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(file, "data-directory: data\ndurability: power\nhttp: off\nlisteners: []\nroutes:\n  - name: all\n"
                + "    default: true\n    store: {folder: store, layout: '{SOPInstanceUID}.dcm'}\n");
        FerryConfig config = ConfigLoader.load(file);
        TestStudy study = TestStudy.of("P1", "2.25.6200", 2);
        Path spool = Files.createDirectories(config.spoolDirectory());
        List<DataSet> objects = List.of(study.object(1, 1), study.object(1, 2));
        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            for (int i = 0; i < objects.size(); i++) {
                Path spooled = spool.resolve("cut-" + i + ".dcm");
                DicomWriter.writeFile(spooled, new DataSet(), objects.get(i), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(Files.readAllBytes(spooled));
                journal.recordReceived(new ReceivedRecord(java.time.Instant.now(), "SCANNER",
                        "FERRY", "127.0.0.1", objects.get(i).getString(Tags.SOPClassUID),
                        objects.get(i).getString(Tags.SOPInstanceUID), "2.25.6200", "2.25.6200.1",
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), Files.size(spooled), spooled, List.of("all"),
                        crc.getValue()));
            }
        }
        Path cut = spool.resolve("cut-1.dcm");
        Files.write(cut, new byte[(int) Files.size(cut)]);

        service = FerryService.start(config);
        awaitActionsDone();
        service.close();
        service = null;

        Path placed = dir.resolve("store").resolve(objects.get(0).getString(Tags.SOPInstanceUID) + ".dcm");
        assertThat(files(dir.resolve("store"))).containsExactly(placed);
        assertThat(read(placed)).isEqualTo(objects.get(0));
        assertThat(spooledObjects(config.spoolDirectory())).isEmpty();
        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            assertThat(journal.unfinished()).isEmpty();
            assertThat(journal.counts().objects()).isEqualTo(1);
        }
    }

    @Test
    void seed002NamingWithSiemensEchoesAndPhilipsInstanceNumbers() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: dcmserver\n    default: true\n    store: {folder: subjects, layout: dcmserver}\n");
        TestStudy study = new TestStudy("SUBJ01", "2.25.9100", 1, 3, 16);
        Path out = Files.createDirectories(dir.resolve("out"));
        for (int instance = 1; instance <= 3; instance++) {
            for (int echo = 1; echo <= 2; echo++) {
                DataSet siemens = study.object(1, instance);
                siemens.setString(Tags.SOPInstanceUID, Vr.UI, "2.25.9100.1." + instance + "." + echo);
                siemens.setString(Tags.Manufacturer, Vr.LO, "SIEMENS");
                siemens.setString(Tags.EchoNumbers, Vr.IS, Integer.toString(echo));
                siemens.setString(Tags.SeriesDescription, Vr.LO, "gre field mapping");
                write(out.resolve("siemens-" + instance + "-" + echo + ".dcm"), siemens);
            }
        }
        DataSet philips = new TestStudy("SUBJ01", "2.25.9200", 1, 1, 16).object(2, 1);
        philips.setString(Tags.Manufacturer, Vr.LO, "Philips Medical Systems");
        philips.setString(Tags.SeriesNumber, Vr.IS, "2");
        philips.setString(Tags.SeriesDescription, Vr.LO, "T1W 3D");
        philips.setString(Tags.InstanceNumber, Vr.IS, "0");
        philips.newSequence(Tags.ReferencedImageSequence).addItem().setString(Tags.InstanceNumber, Vr.IS, "7");
        write(out.resolve("philips.dcm"), philips);

        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, out);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        awaitActionsDone();
        Path subject = dir.resolve("subjects/SUBJ01");
        assertThat(files(subject).stream().map(p -> subject.relativize(p).toString()))
                .containsExactlyInAnyOrder("001-gre-field-mapping/0001_01.dcm", "001-gre-field-mapping/0001_02.dcm",
                        "001-gre-field-mapping/0002_01.dcm", "001-gre-field-mapping/0002_02.dcm",
                        "001-gre-field-mapping/0003_01.dcm", "001-gre-field-mapping/0003_02.dcm",
                        "002-T1W-3D/0007.dcm");
    }

    @Test
    void seed001TakesPatientIdFromEthnicGroupOnTheStoredCopyOnly() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [RELAY]\n"
                + "routes:\n  - name: relay\n    default: true\n"
                + "    modify: [{copy: {from: EthnicGroup, to: PatientID}}]\n"
                + "    store: {folder: relayed, layout: '{PatientID}/{SOPInstanceUID}.dcm'}\n");
        List<Path> sent = TestStudy.of("HOSPITAL-123", "2.25.9300", 4).write(dir.resolve("out"));

        ToolRun run = Dcmtk.send("SCANNER", "RELAY", port, dir.resolve("out"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        awaitActionsDone();
        List<Path> stored = files(dir.resolve("relayed"));
        assertThat(stored).hasSize(4).allMatch(p -> p.getParent().getFileName().toString().equals("SUBJ-HOSPITAL-123"));
        for (Path file : stored) {
            DataSet copy = read(file);
            DataSet original = read(sent.stream().filter(p -> {
                try {
                    return read(p).getString(Tags.SOPInstanceUID).equals(copy.getString(Tags.SOPInstanceUID));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow());
            assertThat(copy.getString(Tags.PatientID)).isEqualTo("SUBJ-HOSPITAL-123");
            copy.setString(Tags.PatientID, Vr.LO, "HOSPITAL-123");
            assertThat(copy).as("everything but PatientID is as sent").isEqualTo(original);
        }
    }

    @Test
    void aReloadSendsNewObjectsByTheNewRoutesWhileTheListenerStays() throws Exception {
        int port = FreePorts.next();
        String yaml = "http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: first\n    default: true\n    store: {folder: first}\n";
        start(yaml);
        TestStudy.of("P1", "2.25.9400", 2).write(dir.resolve("a"));
        TestStudy.of("P2", "2.25.9500", 3).write(dir.resolve("b"));
        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("a")).exitCode()).isZero();

        Files.writeString(dir.resolve("ferry.yaml"), yaml.replace("first", "second"));
        String reloaded = service.reload();
        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("b")).exitCode()).isZero();
        awaitActionsDone();

        assertThat(reloaded).startsWith("reloaded");
        assertThat(files(dir.resolve("first"))).hasSize(2);
        assertThat(files(dir.resolve("second"))).hasSize(3);
    }

    @Test
    void aReloadOfABrokenFileChangesNothing() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: first\n    default: true\n    store: {folder: first}\n");
        Files.writeString(dir.resolve("ferry.yaml"), "routes:\n  - name: broken\n    when: {Modality: {regex: '('}}\n");

        String answer = service.reload();

        assertThat(answer).startsWith("reload refused").contains("line 3");
        assertThat(service.config().routes()).extracting(r -> r.name()).containsExactly("first");
        TestStudy.of("P1", "2.25.9600", 1).write(dir.resolve("a"));
        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("a")).exitCode()).isZero();
        awaitActionsDone();
        assertThat(files(dir.resolve("first"))).hasSize(1);
    }

    static void write(Path file, DataSet dataSet) throws IOException {
        DicomWriter.writeFile(file, new DataSet(), dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void aBrokenDataSetIsRefusedWithCannotUnderstandNamingTheOffsetAndNothingIsKept() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        Status status = BrokenDataSet.send("SENDER", port);

        assertThat(status.code()).isEqualTo(0xC000);
        assertThat(status.errorComment()).contains("offset").contains("(0008,0016)");
        assertThat(files(dir.resolve("store"))).isEmpty();
        assertThat(spooledObjects(service.config().spoolDirectory())).isEmpty();
        assertThat(service.counters().unreadable()).isEqualTo(1);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The bytes of {@code dataSet} as a C-STORE carries it: the bare data set in Explicit VR Little Endian. */
    static byte[] dataSetBytes(DataSet dataSet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(out, dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }

    /** A file holding {@code bytes} as the data set to send for the request {@code sopClass} {@code sopInstance}. */
    FileToSend crafted(String name, byte[] bytes, String sopClass, String sopInstance) throws IOException {
        Path file = Files.write(Files.createDirectories(dir.resolve("crafted")).resolve(name), bytes);
        return new FileToSend(file, sopClass, sopInstance, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, bytes.length);
    }

    @Test
    void malformedObjectsAreRefusedWithTheirStatusNothingIsKeptAndGoodOnesAfterThemAreStored() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy study = new TestStudy("P1", "2.25.7100", 1, 7, 8192);
        byte[] random = new byte[5000];
        new Random(3).nextBytes(random);
        byte[] whole = dataSetBytes(study.object(1, 1));
        String ct = "1.2.840.10008.5.1.4.1.1.2";
        List<FileToSend> files = new ArrayList<>(List.of(
                crafted("random", random, TestStudy.MR, "2.25.7100.9"),
                crafted("cut", Arrays.copyOf(whole, whole.length - 3000), TestStudy.MR, "2.25.7100.1.1"),
                crafted("empty", new byte[0], TestStudy.MR, "2.25.7100.8"),
                crafted("other-instance", dataSetBytes(study.object(1, 2)), TestStudy.MR, "2.25.7100.7"),
                crafted("other-class", dataSetBytes(study.object(1, 3)), ct, "2.25.7100.1.3"),
                // a second SOP Instance UID after the others: one reader would name the file by it, the journal by
                // the first
                crafted("second-instance-uid", concat(dataSetBytes(study.object(1, 7)), new byte[] {
                    0x08, 0x00, 0x18, 0x00, 'U', 'I', 0x08, 0x00, '2', '.', '2', '5', '.', '6', '6', 0x00}),
                        TestStudy.MR, study.object(1, 7).getString(Tags.SOPInstanceUID))));
        List<DataSet> good = List.of(study.object(1, 4), study.object(1, 5), study.object(1, 6));
        for (DataSet object : good) {
            files.add(crafted(object.getString(Tags.SOPInstanceUID), dataSetBytes(object), TestStudy.MR,
                    object.getString(Tags.SOPInstanceUID)));
        }
        RequestorSettings settings = new RequestorSettings("SENDER", "FERRY", "127.0.0.1", port,
                StoreScu.contexts(files), 0, null, Timeouts.DEFAULT, null);
        List<StoreScu.Result> results = new ArrayList<>();

        try (Association association = Requestor.connect(settings)) {
            StoreScu.sendAll(association, files, results::add);
        }

        assertThat(results).extracting(result -> result.status().code())
                .containsExactly(0xC000, 0xC000, 0xC000, 0xA900, 0xA900, 0xC000, 0x0000, 0x0000, 0x0000);
        assertThat(results.get(0).status().errorComment()).startsWith("unreadable at offset ");
        assertThat(results.get(1).status().errorComment())
                .isEqualTo("truncated at offset " + (whole.length - 3000) + " in (7FE0,0010) PixelData");
        assertThat(results.get(2).status().errorComment()).isEqualTo("the data set is empty");
        assertThat(results.get(3).status().offendingElements()).containsExactly(Tags.SOPInstanceUID);
        assertThat(results.get(4).status().offendingElements()).containsExactly(Tags.SOPClassUID);
        assertThat(results.get(5).status().errorComment()).contains("(0008,0018)");
        awaitActionsDone();
        List<Path> stored = files(dir.resolve("store"));
        assertThat(stored).hasSize(3);
        for (DataSet object : good) {
            String sop = object.getString(Tags.SOPInstanceUID);
            Path file = stored.stream().filter(p -> p.getFileName().toString().equals(sop + ".dcm")).findFirst()
                    .orElseThrow(() -> new AssertionError("no stored file for " + sop));
            DicomFile read = DicomReader.read(file, ReadOptions.IN_MEMORY);
            byte[] bytes = Files.readAllBytes(file);
            assertThat(Arrays.copyOfRange(bytes, (int) read.dataSetOffset(), bytes.length))
                    .as("the data set bytes of %s", sop).isEqualTo(dataSetBytes(object));
            assertThat(read.fileMeta().getString(Tags.MediaStorageSOPInstanceUID)).isEqualTo(sop);
        }
        assertThat(spooledObjects(service.config().spoolDirectory())).isEmpty();
        assertThat(service.counters().unreadable()).isEqualTo(6);
        FerryConfig config = service.config();
        service.close();
        service = null;
        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            assertThat(journal.counts().objects()).as("only the good objects are journaled").isEqualTo(3);
        }
    }

    @Test
    void findscuGetsNoAcceptablePresentationContextsWhileThereIsNoQueryService() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n");
        Path findscu = Peers.requireExecutable("findscu", "apt-get install dcmtk");

        ToolRun run = ToolRun.run(Duration.ofMinutes(1), List.of(findscu.toString(), "-S", "-aec", "FERRY",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "127.0.0.1", Integer.toString(port)));

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.err() + new String(run.out())).as(run.describe())
                .contains("No Acceptable Presentation Contexts");
    }

    @Test
    void aTransferSyntaxFerryDoesNotKnowIsRefusedAtNegotiationAndNothingIsStored() throws Exception {
        int port = FreePorts.next();
        start("http: off\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy.of("P1", "2.25.7200", 1).write(dir.resolve("out"));
        Path profile = Files.writeString(dir.resolve("made-up.cfg"), """
                [[TransferSyntaxes]]
                [Made-up]
                TransferSyntax1 = 1.2.3.99

                [[PresentationContexts]]
                [MRMadeUp]
                PresentationContext1 = MRImageStorage\\Made-up

                [[Profiles]]
                [MadeUp]
                PresentationContexts = MRMadeUp
                """);

        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out"), "-xf", profile.toString(), "MadeUp",
                "-d");

        String output = run.err() + new String(run.out());
        assertThat(output).as(run.describe()).contains("1.2.3.99").contains("Transfer Syntaxes Not Supported");
        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(files(dir.resolve("store"))).isEmpty();
        assertThat(spooledObjects(service.config().spoolDirectory())).isEmpty();
    }
}
