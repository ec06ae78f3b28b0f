package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.io.TransferSyntax;
import ferry.core.testing.Await;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.Association;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.pdu.PresentationContextRq;
import ferry.router.config.ConfigLoader;
import ferry.router.log.LogOutput;
import ferry.router.log.LogSettings;
import ferry.router.testing.Dcmtk;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log lines that tell what Ferry does (docs/operations.md, "What the log says"), written by a running Ferry to its
 * log file: one per association with its peer, AE titles, objects, bytes, duration and how it ended, one when a
 * destination goes down and one when it is back; as text and as JSON lines with their values as fields.
 */
class EventLogEndToEndTest {
    private static final String LOGGER = "ferry.router.events.EventLog";

    @TempDir
    Path dir;

    private FerryService service;
    private Storescp storescp;
    private int port;

    @AfterEach
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (storescp != null) {
            storescp.close();
        }
        LogOutput.apply(LogSettings.defaults());
    }

    /**
     * Ferry logging to {@code log} (as JSON lines when {@code json}) receives a study of 5 objects from storescu and
     * forwards it to a storescp that is down until the breaker opens, then back; then an association is aborted.
     */
    private void run(Path log, boolean json) throws Exception {
        LogOutput.apply(new LogSettings(LogSettings.Level.INFO, Map.of(), log, false, json,
                LogSettings.DEFAULT_MAX_FILE_SIZE, 30, LogSettings.DEFAULT_TOTAL_SIZE));
        storescp = Storescp.start(dir);
        storescp.stop();
        port = FreePorts.next();
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nlisteners:\n  - port: "
                + port + "\nqueue: {retry-first: 100ms, retry-longest: 500ms, breaker-after: 3}\n"
                + "destinations:\n  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: " + storescp.port()
                + ", max-parallel: 1}}\nroutes:\n  - name: relay\n    forward: [scp]\n");
        service = FerryService.start(ConfigLoader.load(config));
        TestStudy.of("P1", "2.25.83000", 5).write(dir.resolve("study"));

        ToolRun sent = Dcmtk.send("SCANNER", "FERRY", port, dir.resolve("study"));
        assertThat(sent.exitCode()).as(sent.describe()).isZero();
        Await.until("the breaker open", () -> service.queueReport().contains("breaker open"));
        storescp.restart();
        Await.until("the queue empty", () -> service.queueReport().matches("(?s).*scp\\s+0\\s+0\\s+0\\s+-\\s+ok.*"));
        RequestorSettings settings = new RequestorSettings("QUITTER", "FERRY", "127.0.0.1", port,
                List.of(new PresentationContextRq(1, TestStudy.MR,
                        List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()))), 0, null, Timeouts.DEFAULT, null);
        try (Association association = Requestor.connect(settings)) {
            association.abort();
        }
        Await.until("the aborted association's line", () -> Files.readString(log, StandardCharsets.UTF_8)
                .contains("QUITTER@"));
    }

    @Test
    void theTextLogHasALinePerAssociationAndPerDestinationStateChange() throws Exception {
        Path log = dir.resolve("logs/ferry.log");
        run(log, false);

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(" EventLog - ")).toList();
        assertThat(lines).hasSize(4);
        String time = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} ";
        assertThat(lines).filteredOn(line -> line.contains("SCANNER@")).singleElement().asString().matches(time
                + "INFO  \\[dicom-association\\] EventLog - association SCANNER@127\\.0\\.0\\.1:\\d+ → FERRY \\(port "
                + port + "\\) released after \\d+\\.\\d+ s: 5 object\\(s\\), \\d+\\.\\d kB, 0 refused");
        assertThat(lines).filteredOn(line -> line.contains("QUITTER@")).singleElement().asString().matches(time
                + "INFO  \\[dicom-association\\] EventLog - association QUITTER@127\\.0\\.0\\.1:\\d+ → FERRY \\(port "
                + port + "\\) aborted after \\d+\\.\\d+ s \\(.*aborted the association.*\\): 0 object\\(s\\), 0 B,"
                + " 0 refused");
        int down = indexOf(lines, "is down");
        int back = indexOf(lines, "is back");
        assertThat(lines.get(down)).matches(time + "WARN  \\[ferry-forward-scp-0\\] EventLog - destination scp is"
                + " down: 3 deliveries in a row failed, the last: .+; its jobs wait, the next probe in \\d+\\.\\d+ s");
        assertThat(lines.get(back)).matches(time + "INFO  \\[ferry-forward-scp-0\\] EventLog - destination scp is"
                + " back after \\d+\\.\\d+ s down: its jobs go out again");
        assertThat(down).isLessThan(back);
    }

    @Test
    void jsonLinesCarryTheAssociationsAndTheDestinationsValuesAsFields() throws Exception {
        Path log = dir.resolve("ferry.log");
        run(log, true);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            JsonNode node = new ObjectMapper().readTree(line);
            if (node.get("loggerName").asText().equals(LOGGER)) {
                lines.add(node);
            }
        }
        assertThat(lines).hasSize(4);
        Map<String, String> scanner = fields(lines.stream().filter(line -> "SCANNER".equals(fields(line)
                .get("calling_ae"))).findFirst().orElseThrow());
        assertThat(scanner).containsEntry("event", "association").containsEntry("listener", Integer.toString(port))
                .containsEntry("called_ae", "FERRY").containsEntry("objects", "5").containsEntry("refused", "0")
                .containsEntry("outcome", "released").containsEntry("bytes", Long.toString(5 * 2330L));
        assertThat(scanner.get("peer")).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(Double.parseDouble(scanner.get("seconds"))).isPositive();
        Map<String, String> down = fields(lines.stream().filter(line -> "destination-down".equals(fields(line)
                .get("event"))).findFirst().orElseThrow());
        assertThat(down).containsEntry("destination", "scp").containsEntry("failures_in_row", "3")
                .containsKey("reason");
        assertThat(lines).anySatisfy(line -> assertThat(fields(line)).containsEntry("event", "destination-recovered")
                .containsEntry("destination", "scp").containsKey("down_seconds"));
        assertThat(lines).anySatisfy(line -> assertThat(fields(line)).containsEntry("calling_ae", "QUITTER")
                .containsEntry("outcome", "aborted"));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + text + "' in " + lines);
    }

    /** The key-value pairs of a JSON line ({@code kvpList}: a list of one-entry objects), values as text. */
    private static Map<String, String> fields(JsonNode line) {
        Map<String, String> fields = new HashMap<>();
        JsonNode list = line.get("kvpList");
        if (list != null) {
            list.forEach(pair -> pair.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText())));
        }
        return fields;
    }
}
