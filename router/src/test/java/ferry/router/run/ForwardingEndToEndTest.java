package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.journal.Durability;
import ferry.router.receive.Spool;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forwarding end to end: dcmtk's storescu sends to Ferry, whose routes forward through the durable queue to dcmtk's
 * storescp (and to folders). storescp serves one association at a time, so its destination has
 * {@code max-parallel: 1}.
 */
class ForwardingEndToEndTest {
    private static final Path PYDICOM_TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    Path dir;

    private FerryService service;
    private Storescp storescp;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    private int start(String routes) throws Exception {
        return start("max-parallel: 1", routes);
    }

    /** Starts Ferry forwarding to storescp with these settings of its destination (YAML flow mapping entries). */
    private int start(String destinationSettings, String routes) throws Exception {
        int port = FreePorts.next();
        Path file = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(file, "data-directory: data\nhttp: off\nlisteners:\n  - port: " + port + "\n"
                + "queue: {retry-first: 100ms, retry-longest: 500ms, breaker-after: 3}\n"
                + "destinations:\n  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: " + storescp.port()
                + ", " + destinationSettings + "}}\n" + routes);
        service = FerryService.start(ConfigLoader.load(file));
        return port;
    }

    private static void send(int port, Path folder) {
        ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, folder);
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    /** storescp's files by SOP Instance UID. */
    private Map<String, Path> received() throws IOException {
        Map<String, Path> bySop = new HashMap<>();
        for (Path file : RouterEndToEndTest.files(storescp.out())) {
            bySop.put(RouterEndToEndTest.read(file).getString(Tags.SOPInstanceUID), file);
        }
        return bySop;
    }

    /** Waits until {@code ferry queue} matches {@code pattern}; a failure shows the last report and storescp's log. */
    private void awaitQueue(String what, String pattern) throws InterruptedException, IOException {
        await(what, () -> service.queueReport().matches(pattern));
    }

    /** Waits until {@code condition} holds; a failure shows the queue's last report and storescp's log. */
    private void await(String what, Await.Condition condition) throws InterruptedException, IOException {
        try {
            Await.until(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; storescp has " + RouterEndToEndTest.files(storescp.out())
                    .size() + " file(s); the queue:\n" + service.queueReport() + "storescp says:\n"
                    + storescp.logText(), e);
        }
    }

    /**
     * How many files storescp has finished: it writes each under its final name, so a file still being written
     * (one that does not parse yet, or ends before the pixel data every test object ends with) is not counted and
     * a test never reads one half-written.
     */
    private long storedCount() throws IOException {
        long whole = 0;
        for (Path file : RouterEndToEndTest.files(storescp.out())) {
            try {
                if (RouterEndToEndTest.read(file).contains(Tags.PixelData)) {
                    whole++;
                }
            } catch (IOException stillBeingWritten) {
                // counted once storescp has written it all
            }
        }
        return whole;
    }

    static Stream<Arguments> everyCombination() {
        return Stream.of(RouteActions.values()).flatMap(actions -> Stream.of(Durability.values())
                .map(durability -> Arguments.of(actions, durability)));
    }

    /**
     * Every file a route leaves (in its store folder, in a folder destination, at storescp) holds, byte for byte, the
     * object its name says, for each combination at both durability levels: a store folder and a folder destination
     * place an object by a hard link to its spool file, so a spool file written over by a later object must never be
     * one of them. Objects come in one association, then one association each (each object's jobs are then done
     * before the next arrives).
     */
    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("everyCombination")
    void everyStoredAndDeliveredFileHoldsTheObjectOfItsName(RouteActions actions, Durability durability)
            throws Exception {
        if (actions.pacs) {
            storescp = Storescp.start(dir);
        }
        int port = FreePorts.next();
        Path config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(config, "data-directory: data\ndurability: " + durability.name().toLowerCase(Locale.ROOT)
                + "\nhttp: off\nlisteners:\n  - port: " + port + "\n" + actions.yaml(storescp));
        service = FerryService.start(ConfigLoader.load(config));
        // distinct objects of two sizes, so that a file written over holds another object and another length
        List<Path> together = new TestStudy("P1", "2.25.71000", 1, 24, 4096).write(dir.resolve("together"));
        List<Path> apart = new TestStudy("P2", "2.25.72000", 1, 8, 1500).write(dir.resolve("apart"));
        List<Path> sent = new ArrayList<>(together);
        sent.addAll(apart);

        send(port, dir.resolve("together"));
        for (Path file : apart) {
            Path alone = Files.createDirectories(dir.resolve("alone").resolve(file.getFileName().toString()));
            send(port, Files.copy(file, alone.resolve("object.dcm")).getParent());
        }
        Await.until("every action and job done (the spool emptied)",
                () -> RouterEndToEndTest.spooledObjects(service.config().spoolDirectory()).isEmpty());

        SentObjects objects = SentObjects.of(sent);
        actions.checkEveryPlaceHolds(objects, objects.uids(), dir, storescp);
        // a relay that keeps no copy still reuses its delivered spool files (docs/performance.md)
        List<Path> recycled = RouterEndToEndTest.files(service.config().spoolDirectory()).stream()
                .filter(file -> file.getFileName().toString().startsWith(Spool.RECYCLED_PREFIX)).toList();
        assertThat(recycled.isEmpty()).as("no recycled spool file, but where no file outside the spool shares one: %s",
                recycled).isNotEqualTo(actions == RouteActions.FORWARD && durability == Durability.PROCESS);
    }

    @Test
    void seed001RelaySendsEveryObjectOnceWithPatientIdFromEthnicGroupAndKeepsNothing() throws Exception {
        storescp = Storescp.start(dir);
        int port = start("routes:\n  - name: relay\n    modify: [{copy: {from: EthnicGroup, to: PatientID}}]\n"
                + "    forward: [scp]\n");
        TestStudy study = new TestStudy("P1", "2.25.61000", 2, 250, 2048);
        List<Path> sent = study.write(dir.resolve("out"));

        send(port, dir.resolve("out"));
        Await.until("500 objects at storescp", () -> storedCount() >= 500);
        Await.until("the spool emptied", () -> RouterEndToEndTest.spooledObjects(service.config().spoolDirectory())
                .isEmpty());

        Map<String, Path> received = received();
        assertThat(received).hasSize(500);
        for (Path file : sent) {
            DataSet expected = RouterEndToEndTest.read(file);
            expected.setString(Tags.PatientID, Vr.LO, expected.getString(Tags.EthnicGroup));
            Path copy = received.get(expected.getString(Tags.SOPInstanceUID));
            assertThat(copy).as("storescp has " + file.getFileName()).isNotNull();
            assertThat(RouterEndToEndTest.read(copy).getString(Tags.PatientID)).isEqualTo("SUBJ-P1");
            assertThat(RouterEndToEndTest.read(copy)).isEqualTo(expected);
        }
        assertThat(RouterEndToEndTest.files(dir.resolve("data").resolve("store"))).isEmpty();
        assertThat(service.queueReport()).containsPattern("scp\\s+0\\s+0\\s+0\\s+-\\s+ok");
        Path spool = service.config().spoolDirectory();
        assertThat(RouterEndToEndTest.files(spool)).as("delivered spool files kept for the next objects")
                .filteredOn(file -> file.toFile().length() > 0) // less the empty names made ahead
                .isNotEmpty().hasSizeLessThanOrEqualTo(Spool.RECYCLED_FILES)
                .allMatch(file -> file.getFileName().toString().startsWith(Spool.RECYCLED_PREFIX));
        service.close();
        assertThat(RouterEndToEndTest.files(spool)).as("a stop deletes the recycled files and the names made ahead")
                .isEmpty();
    }

    @Test
    void everyBurstArrivesWholeAtAPeerThatServesOneAssociationAtATimeWithTwoWorkers() throws Exception {
        storescp = Storescp.start(dir); // one association at a time: a second one waits until the first ends
        // two workers (the default max-parallel); an idle association is kept for 10 minutes, so an object waiting
        // for a second association would wait past every deadline below
        int port = start("max-parallel: 2, idle-timeout: 10m, timeout: 10m", "routes:\n  - name: relay\n"
                + "    forward: [scp]\n");
        Set<String> sent = new HashSet<>();
        for (int burst = 1; burst <= 3; burst++) {
            Path folder = dir.resolve("burst-" + burst);
            for (Path file : new TestStudy("P" + burst, "2.25.6500" + burst, 1, 60, 32768).write(folder)) {
                sent.add(RouterEndToEndTest.read(file).getString(Tags.SOPInstanceUID));
            }

            send(port, folder);
            int expected = sent.size();
            await("burst " + burst + ": all " + expected + " objects at storescp, the last one too",
                    () -> storedCount() == expected);
            assertThat(received().keySet()).isEqualTo(sent);
        }
    }

    @Test
    void aDestinationThatIsDownGetsEverythingWhenItIsBackAndTheQueueShowsTheWait() throws Exception {
        storescp = Storescp.start(dir);
        storescp.stop();
        int port = start("routes:\n  - name: relay\n    forward: [scp]\n");
        TestStudy.of("P2", "2.25.62000", 50).write(dir.resolve("out"));

        send(port, dir.resolve("out"));
        Await.until("the breaker open", () -> service.queueReport().contains("breaker open"));
        // the jobs of the last objects commit with the next journal batch (within 100 ms)
        awaitQueue("all 50 jobs pending", "(?s).*scp\\s+50\\s+.*");
        assertThat(service.queueReport()).contains("last error:");
        storescp.restart();

        Await.until("50 objects at storescp", () -> storedCount() >= 50);
        awaitQueue("the queue empty", "(?s).*scp\\s+0\\s+0\\s+0.*");
        assertThat(received()).hasSize(50);
    }

    @Test
    void statusShowsTheForwardQueueWithItsBreakerAndTheStudiesAwaitingCompletion() throws Exception {
        storescp = Storescp.start(dir);
        storescp.stop();
        int port = start("routes:\n  - name: relay\n    store: {folder: kept}\n    forward: [scp]\n"
                + "    completion: {quiet-period: 1h}\n    notify: [{command: /bin/true}]\n");
        TestStudy.of("P3", "2.25.63000", 5).write(dir.resolve("out"));

        send(port, dir.resolve("out"));
        Await.until("the breaker open with 5 jobs waiting", () -> service.status()
                .matches("(?s).*\n  scp\\s+5\\s+0\\s+0\\s+\\d+s\\s+breaker open, next probe in \\d+ s\n.*"));

        String status = service.status();
        assertThat(status).contains("forward queue: 5 job(s) waiting, 0 in flight, 0 failed, 1 destination(s) with the"
                + " breaker open\n  destination").contains("    last error: ")
                .contains("studies awaiting completion: 1\n")
                .containsPattern("\n  relay\\s+2\\.25\\.63000\\s+5 object\\(s\\), last \\d+s ago, complete in 59m \\d+s\n");
    }

    @Test
    void objectsTheDestinationRefusesFailWithTheReasonAndTheOthersGoThrough() throws Exception {
        storescp = Storescp.start(dir, "+xi"); // implicit VR little endian only: compressed objects have no context
        int port = start("routes:\n  - name: relay\n    forward: [scp]\n");
        TestStudy.of("P3", "2.25.63000", 10).write(dir.resolve("out"));
        send(port, dir.resolve("out"));
        // two compressed objects, each proposed in its own syntax first (which Ferry, a router, accepts as sent)
        for (List<String> compressed : List.of(List.of("SC_rgb_jpeg_dcmtk.dcm", "-xy"), List.of("JPEG2000.dcm", "-xw"))) {
            Path folder = Files.createDirectories(dir.resolve("compressed-" + compressed.get(1)));
            Files.copy(Peers.requireFile(PYDICOM_TEST_FILES.resolve(compressed.get(0)),
                    "apt-get install python3-pydicom"), folder.resolve(compressed.get(0)));
            ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, folder, compressed.get(1));
            assertThat(run.exitCode()).as(run.describe()).isZero();
        }
        awaitQueue("two jobs failed", "(?s).*scp\\s+0\\s+0\\s+2.*");

        assertThat(received()).hasSize(10);
        assertThat(service.queueReport()).contains("last error:");
        assertThat(RouterEndToEndTest.spooledObjects(service.config().spoolDirectory()))
                .as("the refused objects are kept for a retry").hasSize(2);
    }

    @Test
    void aKillDuringForwardingThenARestartDeliversEverythingAcknowledged() throws Exception {
        storescp = Storescp.start(dir);
        int ferryPort = FreePorts.next();
        Path config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(config, "data-directory: data\nhttp: off\nlisteners:\n  - port: " + ferryPort + "\n"
                + "queue: {retry-first: 100ms, retry-longest: 500ms}\n"
                + "destinations:\n  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: " + storescp.port()
                + ", max-parallel: 1}}\nroutes:\n  - name: relay\n    forward: [scp]\n");
        TestStudy study = new TestStudy("P4", "2.25.64000", 3, 100, 65536);
        study.write(dir.resolve("out"));

        // the destination is down while the objects arrive, so that all 300 jobs wait and the kill below comes
        // while they are being delivered (the queue keeps up with storescu otherwise, and would be done already)
        storescp.stop();
        Process ferry = FerryProcess.run(dir, dir.resolve("ferry-1.log"), "--config", config.toString());
        send(ferryPort, dir.resolve("out"));
        storescp.restart();
        Await.until("some objects forwarded", () -> storedCount() >= 20);
        ferry.destroyForcibly(); // SIGKILL while the queue is still forwarding
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(storedCount()).as("the kill came in the middle").isLessThan(300);

        Process restarted = FerryProcess.run(dir, dir.resolve("ferry-2.log"), "--config", config.toString());
        try {
            Await.until("every acknowledged object at storescp", () -> received().size() == 300);
            Await.until("the spool emptied",
                    () -> RouterEndToEndTest.spooledObjects(dir.resolve("data/spool")).isEmpty());
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
        SentObjects sent = SentObjects.of(RouterEndToEndTest.files(dir.resolve("out")));
        assertThat(sent.check(storescp.out(), SentObjects.STORESCP_NAME)).as("storescp has each object once, intact")
                .containsOnlyKeys(sent.uids());
    }
}
