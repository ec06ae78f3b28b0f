package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.testing.Await;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.ExportedTags;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.HecSink;
import ferry.router.testing.JournalRows;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tag export through the durable queue, with Ferry as a separate process: a route forwards the tags of every object
 * to a Splunk HTTP Event Collector ({@link HecSink}, made here) and to a JSON lines file.
 *
 * <p>{@code kill -9} while the collector holds a batch it took without answering (the window between a sent event
 * and its recorded "done") and while lines are written: after the restart every object storescu saw acknowledged
 * is in the JSON lines files exactly once, and at the collector under exactly one event id, the batch the kill cut
 * off having gone again (so it is there twice, with the same ids: HEC cannot do better, docs/tag-export.md).
 *
 * <p>The collector down, then answering 503, then well: the jobs wait (shown by {@code ferry queue}) and every
 * object's event arrives once, nothing lost.
 */
class TagExportEndToEndTest {
    private static final String TOKEN = "e2e-token";

    @TempDir
    Path dir;
    private Process ferry;
    private HecSink sink;

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.destroyForcibly();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private Path config(int port, String hecUrl) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, """
                data-directory: data
                http: off
                listeners:
                  - {port: %d, ae-titles: [FERRY]}
                queue: {retry-first: 100ms, retry-longest: 500ms}
                destinations:
                  splunk:
                    splunk-hec: {url: "%s", token-env: FERRY_E2E_HEC_TOKEN, index: dicom, batch-size: 20,
                                 timeout: 300s}
                  lines:
                    json-lines: {folder: tags, batch-size: 20}
                routes:
                  - name: all
                    default: true
                    forward: [splunk, lines]
                """.formatted(port, hecUrl));
        return config;
    }

    private Process start(Path config, String log) throws Exception {
        return FerryProcess.run(dir, dir.resolve(log), Map.of("FERRY_E2E_HEC_TOKEN", TOKEN), "--config",
                config.toString());
    }

    private Process send(int port, Path folder, Path log) throws IOException {
        ProcessBuilder sender = new ProcessBuilder(Dcmtk.storescu("SCANNER", "FERRY", port, folder, "-v"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        sender.environment().put("TCP_NODELAY", "1");
        return sender.start();
    }

    private List<JsonNode> lines() throws IOException {
        return ExportedTags.lines(dir.resolve("tags"));
    }

    private static Map<String, List<JsonNode>> bySop(List<JsonNode> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.path("sop_instance_uid").asText()));
    }

    private long unfinishedJobs() throws Exception {
        return JournalRows.count(dir.resolve("data").resolve("ferry.db"),
                "SELECT count(*) FROM forward_job WHERE state <> 'done'");
    }

    @Test
    void afterAKillDuringTheExportEachObjectIsOnceInTheLinesAndUnderOneEventIdAtTheCollector() throws Exception {
        sink = HecSink.start(0, TOKEN);
        int port = FreePorts.next();
        Path config = config(port, sink.url());
        TestStudy study = new TestStudy("TAGS", "2.25.8300", 2, 150, 512);
        study.write(dir.resolve("out"));

        ferry = start(config, "ferry.log");
        Path senderLog = dir.resolve("storescu.log");
        Process storescu = send(port, dir.resolve("out"), senderLog);
        Await.until("60 events at the collector and 60 lines", () -> sink.events().size() >= 60
                && lines().size() >= 60);
        int before = sink.requests();
        sink.hold();
        Await.until("a batch taken and held by the collector", () -> sink.requests() > before);
        ferry.destroyForcibly(); // SIGKILL: the held batch was sent, its "done" never recorded
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(storescu.waitFor(120, TimeUnit.SECONDS)).isTrue();
        sink.release();

        Set<String> acknowledged = new HashSet<>();
        for (Path file : CrashSafetyTest.acknowledged(Files.readAllLines(senderLog, StandardCharsets.UTF_8))) {
            acknowledged.add(SentObjects.sopInstanceUid(file));
        }
        assertThat(acknowledged).as("the kill came in the middle of the send or the export").isNotEmpty();
        ferry = start(config, "ferry-restarted.log");
        Await.until("every job of the acknowledged objects done after the restart", () -> unfinishedJobs() == 0
                && bySop(lines()).keySet().containsAll(acknowledged)
                && bySop(sink.events()).keySet().containsAll(acknowledged));

        Map<String, List<JsonNode>> lines = bySop(lines());
        assertThat(lines).allSatisfy((sop, events) -> assertThat(events).as("lines of " + sop).hasSize(1));
        Map<String, List<JsonNode>> events = bySop(sink.events());
        assertThat(events).allSatisfy((sop, copies) -> assertThat(copies.stream()
                .map(e -> e.path("event_id").asText()).distinct()).as("event ids of " + sop).hasSize(1));
        assertThat(sink.events().size()).as("the held batch went again after the restart: duplicates, same ids")
                .isGreaterThan(events.size());
        assertThat(events.keySet()).isEqualTo(lines.keySet());
    }

    @Test
    void aCollectorDownThenFailingThenWellGetsEveryEventOnceAndQueueShowsTheWait() throws Exception {
        int hecPort = FreePorts.next();
        int port = FreePorts.next();
        Path config = config(port, "http://127.0.0.1:" + hecPort + HecSink.EVENT_PATH);
        TestStudy study = new TestStudy("DOWN", "2.25.8301", 1, 40, 256);
        SentObjects sent = SentObjects.of(study.write(dir.resolve("out")));

        ferry = start(config, "ferry.log");
        Process storescu = send(port, dir.resolve("out"), dir.resolve("storescu.log"));
        assertThat(storescu.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Await.until("every line written while the collector is down", () -> lines().size() == 40);
        Process queue = FerryProcess.builder(dir, "queue", "--config", dir.resolve("ferry.yaml").toString())
                .redirectErrorStream(true).start();
        String shown = new String(queue.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(queue.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(shown).as(shown).contains("splunk").contains("40").contains("cannot connect");

        sink = HecSink.start(hecPort, TOKEN);
        sink.answer(new HecSink.Answer(503, "{\"text\":\"Server is busy\",\"code\":9}"));
        Await.until("the collector asked while it fails", () -> sink.requests() > 0);
        sink.answer(null);
        Await.until("every event at the collector", () -> unfinishedJobs() == 0);

        assertThat(bySop(sink.events()).keySet()).isEqualTo(sent.uids());
        assertThat(sink.events()).hasSize(40);
        assertThat(bySop(lines()).keySet()).isEqualTo(sent.uids());
    }
}
