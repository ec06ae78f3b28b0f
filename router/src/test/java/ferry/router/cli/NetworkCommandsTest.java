package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void sendStoresAFolderInParallelAndSummarises() throws IOException {
        for (int i = 1; i <= 12; i++) {
            makeObject(dir.resolve("out/sub"), i);
        }
        Files.writeString(dir.resolve("out/notes.txt"), "not DICOM");

        Result result = ferry("send", "--parallel", "3", "RX@127.0.0.1:" + port, dir.resolve("out").toString());

        assertThat(result.exitCode()).as("a non-DICOM file makes the run fail").isEqualTo(1);
        assertThat(result.out()).contains("12 sent").contains("1 failed");
        assertThat(result.err()).contains("notes.txt");
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
        try (Socket silent = new Socket("127.0.0.1", limitedPort);
             Socket second = new Socket("127.0.0.1", limitedPort)) {
            silent.setSoTimeout(60_000);
            second.setSoTimeout(60_000);

            assertThat(second.getInputStream().read()).as("closed at once").isEqualTo(-1);
            assertThat(silent.getInputStream().read()).as("closed after the association request time").isEqualTo(-1);
        } finally {
            limited.destroy();
            assertThat(limited.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log)).contains("at once: 1 connection from 127.0.0.1 is awaiting")
                .contains("no complete A-ASSOCIATE-RQ within 1 s of connecting");
    }
}
