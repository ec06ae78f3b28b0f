package ferry.router.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.cli.FerryCommand;
import ferry.router.config.ConfigLoader;
import ferry.router.run.FerryService;
import ferry.router.testing.DatabaseYaml;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.ExportedTags;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.router.testing.HecSink;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry export-tags} over what a running Ferry received from storescu and indexed: the matched instances, each
 * once, with the tags of their files, to a JSON lines file and to a Splunk HTTP Event Collector ({@link HecSink});
 * nothing again on a second run, nor after a run stopped between sending and recording; bad destinations refused.
 */
@Tag("database")
class ExportTagsEndToEndTest {
    private static final String TOKEN = "export-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FerryService service;
    private HecSink sink;
    private Path config;
    private final Map<String, Path> sent = new HashMap<>();

    @BeforeEach
    void receiveTwoPatients() throws Exception {
        sink = HecSink.start(0, TOKEN);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        String ferry = """
                data-directory: data
                min-free-disk: 0
                http: off
                listeners:
                  - {port: %d, ae-titles: [FERRY]}
                destinations:
                  lines:
                    json-lines: {folder: tags, batch-size: 2}
                  archive:
                    folder: {folder: archive}
                routes:
                  - name: all
                    default: true
                    store: {folder: store}
                """.formatted(port) + DatabaseYaml.fresh(dir);
        Files.writeString(dir.resolve("ferry.yaml"), ferry);
        // the same, with the collector (whose token the running Ferry has not: only the export's process has it)
        config = dir.resolve("export.yaml");
        Files.writeString(config, ferry.replace("destinations:\n", """
                destinations:
                  splunk:
                    splunk-hec: {url: "%s", token-env: FERRY_EXPORT_HEC_TOKEN, index: dicom, batch-size: 2}
                """.formatted(sink.url())));
        service = FerryService.start(ConfigLoader.load(dir.resolve("ferry.yaml")));
        for (TestStudy study : List.of(TestStudy.of("PID-A", "2.25.501", 3), TestStudy.of("PID-B", "2.25.502", 2))) {
            Path folder = dir.resolve(study.patientId());
            for (Path file : study.write(folder)) {
                sent.put(SentObjects.sopInstanceUid(file), file);
            }
            ToolRun run = Dcmtk.send("SCANNER", "FERRY", port, folder);
            assertThat(run.exitCode()).as(run.describe()).isZero();
        }
        Await.until("5 instances indexed", () -> ferry("find", "--local", "--level", "image", "--count-by",
                "Modality").out().contains("ferry find: 5 matches"));
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private FerryRun ferry(String... args) {
        return FerryRun.of(Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
                .toArray(String[]::new));
    }

    private List<JsonNode> lines() throws IOException {
        return ExportedTags.lines(dir.resolve("tags"));
    }

    /** Each event's tags are those of the file storescu sent, each instance once, and only {@code uids}. */
    private void assertEventsOf(List<JsonNode> events, String uidPrefix, int count) throws IOException {
        assertThat(events).hasSize(count);
        assertThat(events.stream().map(e -> e.get("sop_instance_uid").asText()).distinct().count())
                .isEqualTo(count);
        for (JsonNode event : events) {
            String uid = event.get("sop_instance_uid").asText();
            assertThat(uid).startsWith(uidPrefix);
            assertThat(event.get("tags")).as(uid).isEqualTo(JSON.readTree(ExportedTags.simplified(sent.get(uid))));
            assertThat(event.get("calling_ae_title").asText()).isEqualTo("SCANNER");
            assertThat(event.has("job")).as("sent by no forwarding job").isFalse();
        }
    }

    @Test
    void theMatchedInstancesGoToAJsonLinesFileOnceAndARunAgainSendsNothingNew() throws Exception {
        FerryRun first = ferry("export-tags", "--to", "lines", "--query", "PatientID=PID-A");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("3 matched: 3 sent, 0 exported before");
        assertEventsOf(lines(), "2.25.501.", 3);

        FerryRun again = ferry("export-tags", "--to", "lines", "--query", "PatientID=PID-A");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 matched: 0 sent, 3 exported before");
        assertThat(lines()).hasSize(3);

        FerryRun all = ferry("export-tags", "--to", "lines");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("5 matched: 2 sent, 3 exported before");
        List<JsonNode> events = lines();
        assertThat(events).hasSize(5);
        assertThat(events.stream().map(e -> e.get("sop_instance_uid").asText())).containsExactlyInAnyOrderElementsOf(
                sent.keySet());
    }

    @Test
    void aRunStoppedAfterWritingButBeforeRecordingIsNotWrittenAgain() throws Exception {
        FerryRun first = ferry("export-tags", "--to", "lines", "--query", "PatientID=PID-A");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path record = dir.resolve("data/export-tags/lines.log");
        List<String> kept = Files.readAllLines(record).stream().filter(line -> !line.startsWith("done")).toList();
        Files.writeString(record, String.join("\n", kept) + "\ndone 2.25.50", StandardCharsets.US_ASCII);

        FerryRun again = ferry("export-tags", "--to", "lines", "--query", "PatientID=PID-A");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 matched: 0 sent, 0 exported before, 3 found already there");
        assertEventsOf(lines(), "2.25.501.", 3);
        assertThat(ferry("export-tags", "--to", "lines", "--query", "PatientID=PID-A").out())
                .contains("3 matched: 0 sent, 3 exported before");
    }

    @Test
    void theMatchedInstancesGoToASplunkCollectorOnce() throws Exception {
        Path log = dir.resolve("export.log");
        ProcessBuilder builder = FerryProcess.builder(dir, "export-tags", "--config", config.toString(), "--to",
                "splunk", "--query", "PatientID=PID-B");
        builder.environment().put("FERRY_EXPORT_HEC_TOKEN", TOKEN);
        Process export = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(export.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(export.exitValue()).as(output).isZero();
        assertThat(output).contains("2 matched: 2 sent");
        assertEventsOf(sink.events(), "2.25.502.", 2);
        assertThat(sink.envelopes()).allSatisfy(e -> assertThat(e.get("index").asText()).isEqualTo("dicom"));
        assertThat(sink.authorizations()).containsOnly("Splunk " + TOKEN);

        export = builder.start();
        assertThat(export.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).isZero();
        assertThat(sink.events()).hasSize(2);
    }

    @Test
    void anInstanceWhoseFileIsGoneIsReportedAndTheOthersExported() throws Exception {
        Path gone;
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            gone = files.filter(file -> file.getFileName().toString().equals("2.25.501.1.2.dcm")).findFirst()
                    .orElseThrow();
        }
        Files.delete(gone);
        FerryRun export = ferry("export-tags", "--to", "lines", "--query", "PatientID=PID-A");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("3 matched: 2 sent, 0 exported before, 1 without a stored file");
        assertThat(export.err()).contains("2.25.501.1.2: its stored file is gone: " + gone);
        assertThat(lines()).hasSize(2);
    }

    @Test
    void aJsonLinesDestinationARouteOfTheRunningFerryWritesIsRefused() throws Exception {
        Path routed = dir.resolve("routed.yaml");
        Files.writeString(routed, Files.readString(dir.resolve("ferry.yaml"))
                .replace("store: {folder: store}", "store: {folder: store}\n    forward: [lines]"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FerryCommand.execute(new String[] {"export-tags", "--to", "lines", "--config", routed.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("Ferry runs").contains("route all forwards to lines")
                .contains("two processes must not append to one JSON lines file");
        assertThat(lines()).isEmpty();
    }

    @Test
    void aQueryMatchingNothingSendsNothing() throws Exception {
        FerryRun export = ferry("export-tags", "--to", "lines", "--query", "PatientID=NOBODY", "StudyDate=2024");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("0 matched: 0 sent");
        assertThat(lines()).isEmpty();
    }

    @Test
    void anUnknownOrNonTagDestinationOrABadQueryIsAUsageError() {
        FerryRun unknown = ferry("export-tags", "--to", "splonk");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--to splonk: no destination of that name under destinations:")
                .contains("it names lines, splunk");

        FerryRun folder = ferry("export-tags", "--to", "archive");
        assertThat(folder.exitCode()).isEqualTo(2);
        assertThat(folder.err()).contains("--to archive: a folder destination, not a tag export");

        FerryRun badKey = ferry("export-tags", "--to", "lines", "--query", "PatientID");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("'PatientID' is not KEY=VALUE");

        FerryRun badDate = ferry("export-tags", "--to", "lines", "--query", "StudyDate=2024-13-45");
        assertThat(badDate.exitCode()).isEqualTo(2);
        assertThat(Stream.of(unknown, folder, badKey, badDate)).allSatisfy(r -> assertThat(r.out()).isEmpty());
    }
}
