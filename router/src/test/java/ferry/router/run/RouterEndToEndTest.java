package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalCounts;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ferry receiving from dcmtk's storescu, routing and storing, in this JVM. */
class RouterEndToEndTest {
    @TempDir
    Path dir;

    FerryService ferry;

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    FerryService start(String yaml) throws Exception {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, yaml);
        ferry = FerryService.start(ConfigLoader.load(file));
        return ferry;
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static DataSet read(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    /** Waits until the spool is empty: every recorded object's actions are done. */
    void awaitActionsDone() throws InterruptedException {
        Await.until("the spool emptied", () -> files(ferry.config().spoolDirectory()).isEmpty());
    }

    @Test
    void seed000RoutesJsonStoresAStudyUnderPatientStudySeriesInstance() throws Exception {
        int port = freePort();
        Path btuanon = dir.resolve("btuanon");
        Files.writeString(dir.resolve("routes.json"), "[{\"AETITLE\": \"BTUANON\", \"PATH\": \"" + btuanon
                + "\", \"EMAIL\": [\"someone@example.org\"]}]");
        start("listeners:\n  - port: " + port + "\n    ae-titles: [BTUANON]\nroutes-json: routes.json\n");
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
    void routesApplyInOrderAndWhatNoRouteMatchesIsKeptUnrouted() throws Exception {
        int port = freePort();
        start("listeners:\n  - port: " + port + "\n    ae-titles: [RESEARCH, CLINIC]\n"
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
        assertThat(files(ferry.config().unroutedDirectory())).hasSize(3);
        Map<String, Long> perRoute = ferry.counters().perRoute().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().objects()));
        assertThat(perRoute).containsEntry("research", 5L).containsEntry("mr-copy", 5L)
                .containsEntry("(unrouted)", 3L);
        assertThat(ferry.status()).contains("research").contains("(unrouted)").contains("port " + port);
    }

    @Test
    void hostileTagValuesStayInsideTheFolder() throws Exception {
        int port = freePort();
        start("listeners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
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
        int port = freePort();
        start("min-free-disk: 1000000TB\nlisteners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy.of("P1", "2.25.5000", 3).write(dir.resolve("out"));

        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out"), "-v");

        // dcmtk names status 0xA700 "Refused: OutOfResources"
        List<String> responses = (run.err() + new String(run.out())).lines()
                .filter(line -> line.contains("Received Store Response")).toList();
        assertThat(responses).as(run.describe()).hasSize(3)
                .allMatch(line -> line.contains("Refused: OutOfResources"));
        assertThat(files(dir.resolve("store"))).isEmpty();
        assertThat(files(ferry.config().spoolDirectory())).isEmpty();
        assertThat(ferry.counters().refusedForDisk()).isEqualTo(3);
        assertThat(ferry.status()).contains("refused for disk space: 3");
    }

    @Test
    void everyStoredObjectIsJournaledWithWhatItsRouteDid() throws Exception {
        int port = freePort();
        FerryService service = start("listeners:\n  - port: " + port + "\n    ae-titles: [FERRY]\n"
                + "routes:\n  - name: all\n    default: true\n    store: {folder: store}\n");
        TestStudy.of("P1", "2.25.6000", 20).write(dir.resolve("out"));

        assertThat(Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("out")).exitCode()).isZero();
        awaitActionsDone();
        FerryConfig config = service.config();
        service.close();
        ferry = null;

        try (Journal journal = Journal.open(config.journalFile(), config.durability())) {
            JournalCounts counts = journal.counts();
            assertThat(counts.objects()).isEqualTo(20);
            assertThat(journal.unfinished()).isEmpty();
        }
    }
}
