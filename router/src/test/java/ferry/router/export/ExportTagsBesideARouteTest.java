package ferry.router.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.router.testing.FerryRun;
import ferry.router.testing.HecSink;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestStudy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry export-tags} beside a running Ferry (a process) one of whose routes forwards the tags of what it
 * receives to the same Splunk HTTP Event Collector ({@link HecSink}): the instances that route forwarded are left to
 * the forwarding queue and counted ("forwarded to it by a route"), the others are exported, and the collector holds
 * each instance's event once, also after a second export.
 */
class ExportTagsBesideARouteTest {
    private static final String TOKEN = "route-token";
    private static final String TOKEN_VARIABLE = "FERRY_ROUTE_HEC_TOKEN";

    @TempDir
    Path dir;
    private HecSink sink;
    private Process ferry;

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.destroyForcibly();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void instancesARouteForwardedToTheCollectorAreLeftToTheQueueAndTheOthersExportedOnce() throws Exception {
        sink = HecSink.start(0, TOKEN);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, """
                data-directory: data
                min-free-disk: 0
                http: off
                listeners:
                  - {port: %d, ae-titles: [TAGGED, PLAIN]}
                destinations:
                  splunk:
                    splunk-hec: {url: "%s", token-env: %s, batch-size: 2}
                routes:
                  - name: tagged
                    when: {called: TAGGED}
                    store: {folder: store}
                    forward: [splunk]
                  - name: plain
                    when: {called: PLAIN}
                    store: {folder: store}
                """.formatted(port, sink.url(), TOKEN_VARIABLE));
        ferry = FerryProcess.run(dir, dir.resolve("ferry.log"), Map.of(TOKEN_VARIABLE, TOKEN), "--config",
                config.toString());
        SentObjects tagged = SentObjects.of(TestStudy.of("PID-T", "2.25.601", 3).write(dir.resolve("tagged")));
        SentObjects plain = SentObjects.of(TestStudy.of("PID-P", "2.25.602", 2).write(dir.resolve("plain")));
        for (String calledAe : List.of("TAGGED", "PLAIN")) {
            ToolRun run = Dcmtk.send("SCANNER", calledAe, port, dir.resolve(calledAe.toLowerCase(Locale.ROOT)));
            assertThat(run.exitCode()).as(run.describe()).isZero();
        }
        Await.until("the route's 3 events at the collector and 5 instances indexed", () -> sink.events().size() == 3
                && FerryRun.of("find", "--local", "-c", config.toString(), "--level", "image", "--count-by",
                "Modality").out().contains("ferry find: 5 matches"));
        assertThat(bySop(sink.events()).keySet()).isEqualTo(tagged.uids());

        String first = export(config, "export.log");
        assertThat(first).contains("5 matched: 2 sent, 0 exported before, 3 forwarded to it by a route");
        Map<String, List<JsonNode>> events = bySop(sink.events());
        assertThat(events.keySet()).isEqualTo(union(tagged.uids(), plain.uids()));
        assertThat(events).allSatisfy((sop, copies) -> assertThat(copies).as(sop).hasSize(1));
        assertThat(events).allSatisfy((sop, copies) -> assertThat(copies.get(0).has("job"))
                .as(sop + ": sent by the route's forwarding job, not by the export")
                .isEqualTo(tagged.uids().contains(sop)));

        String again = export(config, "again.log");
        assertThat(again).contains("5 matched: 0 sent, 2 exported before, 3 forwarded to it by a route");
        assertThat(sink.events()).hasSize(5);
    }

    /** Runs {@code ferry export-tags --to splunk} as a process to its end; its output. */
    private String export(Path config, String log) throws Exception {
        ProcessBuilder builder = FerryProcess.builder(dir, "export-tags", "--config", config.toString(), "--to",
                "splunk");
        builder.environment().put(TOKEN_VARIABLE, TOKEN);
        Process export = builder.redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        assertThat(export.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(dir.resolve(log), StandardCharsets.UTF_8);
        assertThat(export.exitValue()).as(output).isZero();
        return output;
    }

    private static Map<String, List<JsonNode>> bySop(List<JsonNode> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.path("sop_instance_uid").asText()));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
