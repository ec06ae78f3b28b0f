package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Hex;
import ferry.core.testing.Peers;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.AcceptorLimits;
import ferry.net.service.DimseScp;
import ferry.net.service.FolderStore;
import ferry.net.service.StoreHandler;
import ferry.router.testing.FerryProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ferry receive} as a real process through the launcher, fed by {@code ferry echo} and {@code ferry send}. */
class NetworkCommandsTest {
    @TempDir
    Path dir;

    Process receiver;
    int port;
    Path received;

    record Result(int exitCode, String out, String err) {
    }

    static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = FerryCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void startReceiver() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        received = dir.resolve("received");
        receiver = startReceive(dir.resolve("receive.log"), Map.of(), "--port", String.valueOf(port), "--aet", "RX",
                "--dir", received.toString());
    }

    /**
     * {@code ferry receive ARGS} as a process through the launcher, with {@code environment} added, its output in
     * {@code log}; returns once it says it is listening.
     */
    static Process startReceive(Path log, Map<String, String> environment, String... args) throws Exception {
        Path root = Path.of(System.getProperty("user.dir"));
        while (!Files.isExecutable(root.resolve("ferry"))) {
            root = root.getParent();
        }
        List<String> command = new ArrayList<>(List.of(root.resolve("ferry").toString(), "receive"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("FERRY_NO_BUILD", "1");
        builder.environment().put("FERRY_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        for (int i = 0; i < 200; i++) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("listening")) {
                return process;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("ferry receive did not start: " + Files.readString(log));
    }

    @AfterEach
    void stopReceiver() throws InterruptedException {
        receiver.destroy(); // SIGTERM: running associations may finish
        assertThat(receiver.waitFor(30, TimeUnit.SECONDS)).as("ferry receive stops on SIGTERM").isTrue();
    }

    static Path makeObject(Path folder, int i) throws IOException {
        Files.createDirectories(folder);
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "2.25.4242." + i);
        ds.setString(Tags.PatientID, Vr.LO, "P" + i);
        ds.setBytes(Tag.PIXEL_DATA, Vr.OW, new byte[2048]);
        Path file = folder.resolve("obj" + i + ".dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    @Test
    void echoAnswersWithSuccess() {
        Result result = ferry("echo", "RX@127.0.0.1:" + port);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("answered C-ECHO").contains("Success");
    }

    @Test
    void echoOfAnUnknownAeTitleFailsWithTheRejectionReason() {
        Result result = ferry("echo", "NOBODY@127.0.0.1:" + port);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("rejected");
    }

    @Test
    void sendStoresAFolderInParallelAndSkipsWhatIsNotDicom() throws IOException {
        for (int i = 1; i <= 12; i++) {
            makeObject(dir.resolve("out/sub"), i);
        }
        Files.writeString(dir.resolve("out/manifest.txt"), "study 2.25.4242: 12 objects, sent 2026-01-05\n");

        Result result = ferry("send", "--parallel", "3", "RX@127.0.0.1:" + port, dir.resolve("out").toString());

        assertThat(result.exitCode()).as("a text file beside the objects does not fail the run: " + result.err())
                .isZero();
        assertThat(result.out()).contains("12 sent (0 with warnings), 0 failed, 1 skipped (not DICOM)");
        assertThat(result.err()).contains(dir.resolve("out/manifest.txt") + ": not a DICOM file, skipped")
                .doesNotContain("offset").doesNotContain("value length");
        try (Stream<Path> files = Files.list(received)) {
            assertThat(files.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(12);
        }
        DataSet copy = DicomReader.read(received.resolve("2.25.4242.7.dcm"), ReadOptions.IN_MEMORY).dataSet();
        assertThat(copy.getString(Tags.PatientID)).isEqualTo("P7");
    }

    /** A plain {@code ferry send} does not go through picocli (start-up time), and a linked folder is searched. */
    @Test
    void aPlainSendOfALinkedFolderStoresEveryFile() throws IOException {
        for (int i = 1; i <= 5; i++) {
            makeObject(dir.resolve("elsewhere/study"), i);
        }
        Path link = Files.createSymbolicLink(dir.resolve("study"), dir.resolve("elsewhere/study"));

        FerryCommandTest.Run run = FerryCommandTest.runInProcess("send", "--window", "1", "RX@127.0.0.1:" + port,
                link.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("5 sent (0 with warnings), 0 failed");
        try (Stream<Path> files = Files.list(received)) {
            assertThat(files.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(5);
        }
    }

    @Test
    void aNonDicomFileNamedOnTheCommandLineIsAFailure() throws IOException {
        Path text = Files.writeString(dir.resolve("manifest.txt"), "not an image");

        Result result = ferry("send", "RX@127.0.0.1:" + port, text.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(text + ": not sent: not a DICOM file");
    }

    /**
     * dcmtk's storescp aborts the association on a data set it cannot parse (here one cut off inside its pixel
     * data); dcmsend then goes on with the rest over a new association, and so must Ferry, in every lane.
     */
    @Test
    void sendGoesOnOverANewAssociationWhenThePeerAbortsOnOneObject() throws Exception {
        for (String lanes : List.of("1", "2")) {
            Path out = dir.resolve("abort-" + lanes);
            List<Path> files = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                files.add(makeObject(out, i));
            }
            Path cut = files.get(3);
            byte[] whole = Files.readAllBytes(cut);
            Files.write(cut, Arrays.copyOf(whole, whole.length - 1000));
            try (Storescp storescp = Storescp.start(dir.resolve("scp-" + lanes))) {
                String peer = Storescp.AE_TITLE + "@127.0.0.1:" + storescp.port();

                Result result = ferry("send", "--parallel", lanes, peer, out.toString());

                assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
                assertThat(result.out()).as(lanes + " lanes").contains("6 sent (0 with warnings), 1 failed");
                assertThat(result.err().lines().toList()).as(storescp.logText()).containsExactly(cut + ": no response: "
                        + peer + " aborted the association (A-ABORT from the DICOM UL service-user, reason not "
                        + "specified)");
                List<Path> others = new ArrayList<>(files);
                others.remove(cut);
                assertStoredAsSent(others, storescp.out());
            }
        }
    }

    /**
     * With an asynchronous operations window several requests are unanswered when a connection breaks, so which
     * object broke it is unknown: they are sent again one at a time, and only the one that breaks it again fails.
     * The peer is Ferry's own acceptor, which agrees to a window (dcmtk does not), closing the connection when the
     * fifth object arrives.
     */
    @Test
    void aBreakWithSeveralRequestsUnansweredFailsOnlyTheObjectThatBreaksIt() throws Exception {
        Path out = dir.resolve("window");
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            files.add(makeObject(out, i));
        }
        Path stored = Files.createDirectories(dir.resolve("stored"));
        FolderStore folder = new FolderStore(stored);
        StoreHandler breaking = (association, context, request, dataSet) -> {
            if (request.affectedSopInstanceUid().equals("2.25.4242.5")) {
                throw new AssociationAbortedException("breaking off on object 5");
            }
            return folder.store(association, context, request, dataSet);
        };
        try (DicomServer server = DicomServer.start(new ServerSettings(InetAddress.getLoopbackAddress(), 0,
                ReceiveCommand.policy(Set.of(), 4), AcceptorLimits.DEFAULT, null), new DimseScp(breaking, line -> { }),
                line -> { })) {
            Result result = ferry("send", "--window", "8", "ANY@127.0.0.1:" + server.port(), out.toString());

            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.out()).contains("19 sent (0 with warnings), 1 failed");
            assertThat(result.err().lines().toList()).hasSize(1).first().asString()
                    .startsWith(files.get(4) + ": no response: ");
            List<Path> others = new ArrayList<>(files);
            others.remove(4);
            assertStoredAsSent(others, stored);
        }
    }

    /** Each file arrived whole: a stored file with its SOP Instance UID and the same data set bytes. */
    static void assertStoredAsSent(List<Path> sent, Path folder) throws IOException {
        Map<String, Path> stored = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                stored.put(DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID), file);
            }
        }
        assertThat(stored).hasSize(sent.size());
        for (Path file : sent) {
            String uid = DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID);
            assertThat(stored).as(file.toString()).containsKey(uid);
            assertThat(dataSetBytes(stored.get(uid))).as(file.toString()).isEqualTo(dataSetBytes(file));
        }
    }

    /** The bytes of a file's data set, after its preamble and file meta group. */
    static byte[] dataSetBytes(Path file) throws IOException {
        long offset = DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(0x00030000)).dataSetOffset();
        byte[] bytes = Files.readAllBytes(file);
        return Arrays.copyOfRange(bytes, (int) offset, bytes.length);
    }

    /**
     * A file with odd-length values (here: a PN, two UIs, and a fragment of JPEG pixel data) makes dcmtk abort
     * ("Odd Fragment Length") when its bytes go as they are; Ferry pads them on the way, as PS3.5 §7.1.1 wants.
     */
    @Test
    void oddLengthValuesAreSentPaddedSoStorescpStoresThem() throws Exception {
        Path out = Files.createDirectories(dir.resolve("odd"));
        Path plain = oddFile(out.resolve("plain.dcm"), "2.25.77", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                Hex.bytes("E0 7F 10 00 'OW' 00 00 04 00 00 00 01 02 03 04"));
        Path jpeg = oddFile(out.resolve("jpeg.dcm"), "2.25.79", TransferSyntax.of("1.2.840.10008.1.2.4.50"),
                Hex.bytes("""
                        E0 7F 10 00 'OB' 00 00 FF FF FF FF   // (7FE0,0010) encapsulated
                        FE FF 00 E0 00 00 00 00              //   empty offset table
                        FE FF 00 E0 03 00 00 00 FF D8 FF     //   a fragment of odd length
                        FE FF DD E0 00 00 00 00
                        """));
        try (Storescp storescp = Storescp.start(dir, "+xa")) {
            Result result = ferry("send", Storescp.AE_TITLE + "@127.0.0.1:" + storescp.port(), out.toString());

            assertThat(result.exitCode()).as(result.err() + storescp.logText()).isZero();
            assertThat(result.out()).contains("2 sent (0 with warnings), 0 failed");
            assertThat(result.err()).contains("2 file(s) had odd-length values, sent padded to even length");
            for (Path file : List.of(plain, jpeg)) {
                String uid = DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet().getString(Tags.SOPInstanceUID);
                Path stored = storescp.out().resolve("MR." + uid);
                DataSet copy = DicomReader.read(stored, ReadOptions.IN_MEMORY).dataSet();
                assertThat(copy.getBytes(Tags.PatientName)).isEqualTo("ABC ".getBytes(StandardCharsets.US_ASCII));
                assertThat(copy.getBytes(Tags.SOPInstanceUID))
                        .isEqualTo((uid + "\0").getBytes(StandardCharsets.US_ASCII));
                ToolRun dump = ToolRun.run(Peers.requireExecutable("dcmdump").toString(), stored.toString());
                assertThat(dump.out(StandardCharsets.ISO_8859_1)).as(dump.describe()).containsPattern("\\(0010,0010\\) PN \\[ABC ?\\]\\s+#\\s+4, 1 "
                        + "PatientName");
            }
            Fragments fragments = (Fragments) DicomReader.read(storescp.out().resolve("MR.2.25.79"),
                    ReadOptions.IN_MEMORY).dataSet().value(Tag.PIXEL_DATA);
            assertThat(((Bytes) fragments.items().get(1)).bytes()).containsExactly(0xFF, 0xD8, 0xFF, 0);
        }
    }

    /** A Part 10 file whose data set, written byte by byte, has odd-length values: its UI, a PN, a UI in a sequence. */
    static Path oddFile(Path file, String uid, TransferSyntax syntax, byte[] pixelData) throws IOException {
        DataSet header = new DataSet();
        header.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        header.setString(Tags.SOPInstanceUID, Vr.UI, uid);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomWriter.writeHeader(bytes, DicomWriter.completeMeta(new DataSet(), header, syntax));
        bytes.writeBytes(Hex.bytes("""
                08 00 16 00 'UI' 1A 00 '1.2.840.10008.5.1.4.1.1.4' 00   // SOP Class UID, even
                08 00 18 00 'UI' 07 00 '%s'                          // SOP Instance UID, odd
                08 00 40 11 'SQ' 00 00 13 00 00 00                       // ReferencedImageSequence, 19 bytes
                FE FF 00 E0 0B 00 00 00                                  //   item, 11 bytes
                08 00 50 11 'UI' 03 00 '1.2'                             //     odd
                10 00 10 00 'PN' 03 00 'ABC'                             // PatientName, odd
                """.formatted(uid)));
        bytes.writeBytes(pixelData);
        return Files.write(file, bytes.toByteArray());
    }

    /**
     * dcmsend proposes a compressed object's own transfer syntax and the uncompressed ones, and decompresses when
     * the receiver picks one of those; {@code ferry receive} takes the sender's first choice, as {@code ferry run}
     * does, so the object arrives as it was made: the same bytes storescp +xa gets.
     */
    @Test
    void receiveKeepsCompressedObjectsCompressedAsStorescpDoes() throws Exception {
        Path dcmsend = Peers.requireExecutable("dcmsend", "apt-get install dcmtk");
        Path testFiles = Peers.requireFile(Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/"
                + "JPEG2000.dcm"), "apt-get install python3-pydicom").getParent();
        List<Path> files = List.of(testFiles.resolve("JPEG2000.dcm"), testFiles.resolve("SC_rgb_jpeg_dcmtk.dcm"),
                testFiles.resolve("MR_small_jpeg_ls_lossless.dcm"), testFiles.resolve("SC_rgb_rle.dcm"));
        try (Storescp storescp = Storescp.start(dir, "+xa")) {
            for (int target : List.of(port, storescp.port())) {
                List<String> command = new ArrayList<>(List.of(dcmsend.toString(), "-aec",
                        target == port ? "RX" : Storescp.AE_TITLE, "127.0.0.1", String.valueOf(target)));
                files.forEach(file -> command.add(file.toString()));
                ToolRun send = ToolRun.run(Duration.ofMinutes(2), command);
                assertThat(send.exitCode()).as(send.describe()).isZero();
            }
            for (Path original : files) {
                DicomFile sent = DicomReader.read(original, ReadOptions.IN_MEMORY);
                String uid = sent.dataSet().getString(Tags.SOPInstanceUID);
                Path byFerry = received.resolve(uid + ".dcm");
                Path byStorescp;
                try (Stream<Path> stored = Files.list(storescp.out())) {
                    byStorescp = stored.filter(p -> p.getFileName().toString().endsWith(uid)).findFirst().orElseThrow();
                }
                DicomFile kept = DicomReader.read(byFerry, ReadOptions.IN_MEMORY);
                assertThat(kept.transferSyntax().uid()).as(original.toString())
                        .isEqualTo(sent.transferSyntax().uid());
                assertThat(kept.dataSet().value(Tag.PIXEL_DATA)).as(original + ": the compressed pixel data")
                        .isEqualTo(sent.dataSet().value(Tag.PIXEL_DATA));
                assertThat(dataSetBytes(byFerry)).as(original.toString()).isEqualTo(dataSetBytes(byStorescp));
            }
        }
    }

    /** A listener whose port is taken says which address and port, for {@code receive} and {@code run} alike. */
    @Test
    void aListenerOnAPortInUseNamesItsAddressAndPort() throws Exception {
        Path log = dir.resolve("second.log");
        Process second = FerryProcess.builder(dir, "receive", "--port", String.valueOf(port), "--dir",
                dir.resolve("second").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nhttp: off\nlisteners:\n"
                + "  - port: " + port + "\n    bind: 127.0.0.1\nroutes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store}\n");
        Path runLog = dir.resolve("run.log");
        Process run = FerryProcess.builder(dir, "run", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(runLog.toFile()).start();

        assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("ferry receive: cannot listen on port " + port
                + " (every local address): Address already in use").doesNotContain("\tat ");
        assertThat(run.exitValue()).isEqualTo(1);
        assertThat(Files.readString(runLog)).contains("cannot listen on 127.0.0.1:" + port
                + ": Address already in use");
    }

    @Test
    void echoToAHostThatDoesNotExistSaysSo() {
        Result result = ferry("echo", "PACS@nonexistent.invalid:104");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("unknown host nonexistent.invalid");
    }

    @Test
    void sendToAPortWhereNobodyListensFailsClearly() throws IOException {
        Path file = makeObject(dir.resolve("one"), 1);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Result result = ferry("send", "RX@127.0.0.1:" + closed, file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("not sent").contains("Connection refused");
    }

    @Test
    void receiveTakesTheListenerLimitsAsOptions() throws Exception {
        Result invalid = ferry("receive", "--port", "1", "--dir", dir.toString(), "--max-pending", "0");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("--max-pending must be at least 1, not 0");
        int limitedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            limitedPort = socket.getLocalPort();
        }
        Path log = dir.resolve("limited.log");
        Process limited = startReceive(log, Map.of(), "--port", String.valueOf(limitedPort), "--dir",
                dir.resolve("limited").toString(), "--association-request-timeout", "1", "--max-pending-per-address",
                "1");
        try (Socket silent = new Socket("127.0.0.1", limitedPort)) {
            silent.setSoTimeout(60_000);
            Thread.sleep(600); // a pending connection counts against its address's limit once it waited half a second
            try (Socket second = new Socket("127.0.0.1", limitedPort)) {
                second.setSoTimeout(60_000);
                assertThat(second.getInputStream().read()).as("closed at once").isEqualTo(-1);
            }
            assertThat(silent.getInputStream().read()).as("closed after the association request time").isEqualTo(-1);
        } finally {
            limited.destroy();
            assertThat(limited.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log)).contains("at once: 1 connection from 127.0.0.1 is awaiting their association for half a second or more")
                .contains("no complete A-ASSOCIATE-RQ within 1 s of connecting");
    }
}
