package ferry.router.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.Dcmqrscp;
import ferry.core.testing.Storescp;
import ferry.router.replicate.dicom.DicomArchive;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.core.testing.FreePorts;
import ferry.router.testing.OrthancServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry replicate} from DICOM nodes — dcmtk's dcmqrscp with a small archive, and Orthanc as a plain DICOM node —
 * to a storescp, which cannot say what it holds, or a folder: every instance arrives with the data set put in, by
 * C-GET or by C-MOVE to Ferry's own move destination, a query selects, and a second run copies nothing. By C-MOVE, a
 * node that does not know the move destination and a port in use end the run (exit 3), objects the node sends
 * elsewhere are listed failed (exit 1), and a kill -9 in the middle leaves, after a run again, each instance once and
 * no work file.
 */
class ReplicateDicomEndToEndTest {
    @TempDir
    Path dir;
    private DicomArchive archive;

    @BeforeEach
    void writeArchive() throws IOException {
        archive = DicomArchive.sample(dir.resolve("objects"));
    }

    private Path config(String sourceAe, int sourcePort, int storescpPort) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        return Files.writeString(dir.resolve("ferry.yaml"), """
                data-directory: %s
                destinations:
                  archive: {dicom: {ae-title: %s, host: 127.0.0.1, port: %d, calling-ae-title: FERRY}}
                  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: %d}}
                """.formatted(dir.resolve("data"), sourceAe, sourcePort, storescpPort));
    }

    private static FerryRun replicate(Path config, String... args) {
        return FerryRun.of(Stream.concat(Stream.of("replicate", "-c", config.toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    /** The files storescp wrote, by SOP Instance UID. */
    private static Map<String, Path> received(Path folder) throws IOException {
        Map<String, Path> files = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID), file);
            }
        }
        return files;
    }

    private void assertAsPutIn(Map<String, Path> received) throws IOException {
        for (Map.Entry<String, Path> file : received.entrySet()) {
            assertThat(DicomArchive.dataSetBytes(file.getValue())).as(file.getKey())
                    .isEqualTo(DicomArchive.dataSetBytes(archive.files().get(file.getKey())));
        }
    }

    @Test
    void aDcmqrscpArchiveIsCopiedToAStorescpAndASecondRunCopiesNothingByTheRecord() throws Exception {
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()));
             Storescp storescp = Storescp.start(dir)) {
            Path config = config("ARCHIVE", node.port(), storescp.port());

            FerryRun ct = replicate(config, "--from", "archive", "--to", "scp", "--query", "Modality=CT");
            assertThat(ct.exitCode()).as(ct.err()).isZero();
            assertThat(ct.out()).contains("0 present, 2 copied, 0 failed");
            assertThat(ct.err()).contains("cannot say what it holds");
            assertThat(received(storescp.out()).keySet()).containsExactlyInAnyOrder("2.25.71.2.1", "2.25.71.2.2");

            FerryRun all = replicate(config, "--from", "archive", "--to", "scp");
            assertThat(all.exitCode()).as(all.err()).isZero();
            assertThat(all.out()).contains("0 present, 7 copied, 0 failed");
            Map<String, Path> received = received(storescp.out());
            assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(archive.files().keySet());
            assertAsPutIn(received);

            FerryRun again = replicate(config, "--from", "archive", "--to", "scp");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("7 present, 0 copied, 0 failed");
        }
    }

    @Test
    void orthancAsADicomNodeIsCopiedToAStorescp() throws Exception {
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")));
             Storescp storescp = Storescp.start(dir)) {
            for (Path file : archive.files().values()) {
                orthanc.upload(file);
            }
            orthanc.addModality("FERRY", "FERRY", "127.0.0.1", 4242); // Orthanc answers known AE titles only
            Path config = config(OrthancServer.AE_TITLE, orthanc.dicomPort(), storescp.port());

            FerryRun run = replicate(config, "--from", "archive", "--to", "scp");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("0 present, 7 copied, 0 failed");
            Map<String, Path> received = received(storescp.out());
            assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(archive.files().keySet());
            assertAsPutIn(received);
        }
    }

    @Test
    void aDcmqrscpArchiveIsCopiedByMoveToAStorescpInParallelAndASecondRunCopiesNothing() throws Exception {
        int movePort = FreePorts.next();
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()),
                List.of(new Dcmqrscp.MoveDestination("FERRYMOVE", movePort)));
             Storescp storescp = Storescp.start(dir)) {
            Path config = config("ARCHIVE", node.port(), storescp.port());

            FerryRun all = replicate(config, "--from", "archive", "--to", "scp", "--parallel", "3",
                    "--move-to", "FERRYMOVE@" + movePort);

            assertThat(all.exitCode()).as(all.err()).isZero();
            assertThat(all.out()).contains("0 present, 7 copied, 0 failed");
            Map<String, Path> received = received(storescp.out());
            assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(archive.files().keySet());
            assertAsPutIn(received);
            assertThat(node.logText()).contains("FERRYMOVE"); // they came by C-MOVE
            try (Stream<Path> work = Files.walk(dir.resolve("data"))) {
                assertThat(work.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString))
                        .noneMatch(name -> name.contains("fetched") || name.endsWith(".part"));
            }

            FerryRun again = replicate(config, "--from", "archive", "--to", "scp", "--move-to",
                    "FERRYMOVE@" + movePort);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("7 present, 0 copied, 0 failed");
        }
    }

    @Test
    void orthancAsADicomNodeIsCopiedByMoveToAFolderAsAReplicationOfTheConfiguration() throws Exception {
        int movePort = FreePorts.next();
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")))) {
            for (Path file : archive.files().values()) {
                orthanc.upload(file);
            }
            orthanc.addModality("ferry", "FERRY", "127.0.0.1", 4242); // Orthanc answers known AE titles only
            orthanc.addModality("ferrymove", "FERRYMOVE", "127.0.0.1", movePort); // and moves to known ones
            Files.createDirectories(dir.resolve("data"));
            Path config = Files.writeString(dir.resolve("ferry.yaml"), """
                    data-directory: %s
                    destinations:
                      orthanc: {dicom: {ae-title: %s, host: 127.0.0.1, port: %d, calling-ae-title: FERRY}}
                    replications:
                      - name: from-orthanc
                        from: orthanc
                        to: ./copies
                        retrieve: move
                        move-ae-title: FERRYMOVE
                        move-port: %d
                        move-bind: 127.0.0.1
                    """.formatted(dir.resolve("data"), OrthancServer.AE_TITLE, orthanc.dicomPort(), movePort));

            FerryRun check = FerryRun.of("check", "-c", config.toString());
            FerryRun run = replicate(config, "from-orthanc");

            assertThat(check.exitCode()).as(check.err()).isZero();
            assertThat(check.out()).contains("fetched by C-MOVE to FERRYMOVE at port " + movePort + " of 127.0.0.1");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("0 present, 7 copied, 0 failed");
            Map<String, Path> copied = received(dir.resolve("copies"));
            assertThat(copied.keySet()).containsExactlyInAnyOrderElementsOf(archive.files().keySet());
            assertAsPutIn(copied);
            assertThat(replicate(config, "from-orthanc").out()).contains("7 present, 0 copied, 0 failed");
        }
    }

    @Test
    void aNodeThatDoesNotKnowTheMoveDestinationEndsTheRunNamingTheAeTitleToEnter() throws Exception {
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()));
             Storescp storescp = Storescp.start(dir)) {
            Path config = config("ARCHIVE", node.port(), storescp.port());
            int movePort = FreePorts.next();

            FerryRun run = replicate(config, "--from", "archive", "--to", "scp", "--move-to", "FERRYMOVE@" + movePort);

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.err()).contains("does not know the move destination FERRYMOVE")
                    .contains("0xA801").contains("port " + movePort).doesNotContain("failed 2.25");
            assertThat(received(storescp.out())).isEmpty();
        }
    }

    @Test
    void aMovePortInUseEndsTheRunNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()),
                     List.of(new Dcmqrscp.MoveDestination("FERRYMOVE", taken.getLocalPort())));
             Storescp storescp = Storescp.start(dir)) {
            Path config = config("ARCHIVE", node.port(), storescp.port());

            FerryRun run = replicate(config, "--from", "archive", "--to", "scp", "--move-to",
                    "FERRYMOVE@" + taken.getLocalPort());

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.err()).contains("Ferry cannot be its move destination FERRYMOVE")
                    .contains("port " + taken.getLocalPort()).contains("in use");
        }
    }

    @Test
    void objectsTheNodeSendsElsewhereAreListedFailed() throws Exception {
        // the node's entry for FERRYMOVE names the storescp: it takes every object, none comes to Ferry
        try (Storescp elsewhere = Storescp.start(dir.resolve("elsewhere"));
             Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(archive.files().values()),
                     List.of(new Dcmqrscp.MoveDestination("FERRYMOVE", elsewhere.port())))) {
            Path config = config("ARCHIVE", node.port(), elsewhere.port());
            Path folder = dir.resolve("copies");
            int movePort = FreePorts.next();

            FerryRun run = replicate(config, "--from", "archive", "--to", folder.toString(), "--query", "Modality=CT",
                    "--move-to", "FERRYMOVE@" + movePort);

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("0 copied, 2 failed");
            assertThat(run.err()).contains("failed 2.25.71.2.1: ", "failed 2.25.71.2.2: ")
                    .contains("nothing came to FERRYMOVE at port " + movePort);
            assertThat(received(folder)).isEmpty();
        }
    }

    @Test
    void aKillInTheMiddleOfAMoveReplicationThenARunAgainLeavesEachInstanceOnceAndNoWorkFiles() throws Exception {
        DicomArchive many = new DicomArchive(dir.resolve("many"))
                .series("PID4", "2.25.74", "20240301", "2.25.74.1", "MR", 300, 20_000);
        int movePort = FreePorts.next();
        Path folder = dir.resolve("copies");
        try (Dcmqrscp node = Dcmqrscp.start(dir, "ARCHIVE", List.copyOf(many.files().values()),
                List.of(new Dcmqrscp.MoveDestination("FERRYMOVE", movePort)));
             Storescp unused = Storescp.start(dir)) {
            Path config = config("ARCHIVE", node.port(), unused.port());
            String[] args = {"replicate", "-c", config.toString(), "--from", "archive", "--to", folder.toString(),
                "--parallel", "4", "--move-to", "FERRYMOVE@" + movePort};
            Process killed = FerryProcess.builder(dir, args).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("killed.log").toFile()).start();
            Await.until("50 instances in the folder", () -> received(folder).size() >= 50);
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int atKill = received(folder).size();
            assertThat(atKill).as("the kill came in the middle").isLessThan(300);

            FerryRun again = replicate(config, "--from", "archive", "--to", folder.toString(), "--parallel", "4",
                    "--move-to", "FERRYMOVE@" + movePort); // the port is free again at once

            assertThat(again.exitCode()).as(again.err()).isZero();
            Matcher summary = Pattern.compile("(\\d+) present, (\\d+) copied, 0 failed").matcher(again.out());
            assertThat(summary.find()).as(again.out()).isTrue();
            assertThat(Integer.parseInt(summary.group(1))).as("what the killed run copied is not copied again")
                    .isGreaterThanOrEqualTo(atKill);
            assertThat(Integer.parseInt(summary.group(1)) + Integer.parseInt(summary.group(2))).isEqualTo(300);
            try (Stream<Path> files = Files.walk(folder)) {
                assertThat(files.filter(Files::isRegularFile)).as("each instance once").hasSize(300);
            }
            Map<String, Path> copied = received(folder);
            assertThat(copied.keySet()).containsExactlyInAnyOrderElementsOf(many.files().keySet());
            for (Map.Entry<String, Path> file : copied.entrySet()) {
                assertThat(DicomArchive.dataSetBytes(file.getValue())).as(file.getKey())
                        .isEqualTo(DicomArchive.dataSetBytes(many.files().get(file.getKey())));
            }
            try (Stream<Path> work = Files.walk(dir.resolve("data").resolve("replicate"))) {
                assertThat(work.filter(Files::isRegularFile)).as("the killed run's work files are removed").isEmpty();
            }
        }
    }
}
