package ferry.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import ferry.router.events.AssociationEnded;
import ferry.router.events.AssociationOpened;
import ferry.router.events.DestinationDown;
import ferry.router.events.DestinationRecovered;
import ferry.router.events.FerryEvent;
import ferry.router.events.ForwardDelivered;
import ferry.router.events.ForwardFailed;
import ferry.router.events.InstanceReceived;
import ferry.router.events.InstanceRefused;
import ferry.router.events.NotificationFailed;
import ferry.router.events.NotificationSent;
import ferry.router.events.StudyCompleted;
import ferry.router.queue.DestinationQueue;
import ferry.router.testing.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/metrics.md lists every metric Ferry writes and no other; Prometheus's own {@code promtool} finds nothing to
 * say of Ferry's metrics, and reads the page's queries.
 */
class MetricsDocsTest {
    private static final Path PAGE = Path.of("..", "docs", "metrics.md");

    @TempDir
    Path dir;

    /** A scrape after one event of every kind, with a destination in the queue. */
    private String scrapeOfEverything() throws Exception {
        Instant now = Instant.now();
        try (FerryMetrics metrics = new FerryMetrics(new FerryMetrics.Sources(() -> List.of(new DestinationQueue(
                "pacs", 1, 0, 0, now, now, true, "down")), () -> List.of(dir), 1 << 20, () -> 1), "test")) {
            AssociationOpened opened = new AssociationOpened(1, "11112", "CT01", "FERRY", "127.0.0.1:40000");
            List<FerryEvent> events = List.of(opened,
                    new InstanceReceived(1, "11112", "CT01", "FERRY", List.of("ct"), 1000, 3_000_000),
                    new InstanceRefused(1, "11112", "CT01", "2.25.1", 0xA700, "disk full"),
                    new AssociationEnded(opened, 1, 1000, 1, Duration.ofSeconds(1), AssociationEnded.Outcome.RELEASED,
                            null),
                    new ForwardFailed("pacs", "ct", 1, 1, "refused", ForwardFailed.Next.RETRY),
                    new DestinationDown("pacs", "refused", 3, Duration.ofSeconds(1)),
                    new DestinationRecovered("pacs", Duration.ofSeconds(5)),
                    new ForwardDelivered("pacs", "ct", 1, 2, false),
                    new StudyCompleted("ct", "study", "2.25.2", null, 1, 0, "quiet-period", false, 1),
                    new NotificationFailed("ct", "email", "e-mail to a@example.org", 1, 1, "down", false),
                    new NotificationSent("ct", "email", "e-mail to a@example.org", 1, 2));
            assertThat(events.stream().map(Object::getClass).collect(Collectors.toSet()))
                    .as("one event of every kind").hasSize(FerryEvent.class.getPermittedSubclasses().length);
            events.forEach(metrics::on);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            metrics.scrape(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyMetricFerryWritesIsInTheTableOfDocsMetricsMdAndNoOther() throws Exception {
        Set<String> written = new TreeSet<>(PrometheusText.parse(scrapeOfEverything()).types().keySet());
        written.removeIf(name -> !name.startsWith("ferry_"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(ferry_[a-z_]+)` \\|").matcher(Files.readString(PAGE));
        while (row.find()) {
            documented.add(row.group(1));
        }

        assertThat(documented).isEqualTo(written);
    }

    @Test
    void promtoolFindsNothingToSayOfFerrysMetrics() throws Exception {
        Path promtool = Peers.requireExecutable("promtool", "apt-get install prometheus");
        Path scrape = Files.writeString(dir.resolve("scrape.txt"), scrapeOfEverything());

        ToolRun run = ToolRun.run("sh", "-c", promtool + " check metrics < " + scrape);

        // Micrometer's own JVM and system meters draw remarks (process_cpu_time_ns_total, system_cpu_count)
        String remarks = run.out(StandardCharsets.UTF_8) + run.err();
        assertThat(remarks.lines().filter(line -> line.contains("ferry_")).toList()).as(run.describe()).isEmpty();
    }

    @Test
    void theQueriesOfDocsMetricsMdArePromqlThatPrometheusReads() throws Exception {
        Path promtool = Peers.requireExecutable("promtool", "apt-get install prometheus");
        List<String> queries = new ArrayList<>();
        Matcher block = Pattern.compile("```promql\n(.*?)\n```", Pattern.DOTALL).matcher(Files.readString(PAGE));
        while (block.find()) {
            queries.add(block.group(1).strip());
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
        StringBuilder rules = new StringBuilder("groups:\n  - name: docs\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: docs:example").append(i).append("\n        expr: '")
                    .append(queries.get(i).replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("rules.yml"), rules);

        ToolRun run = ToolRun.run(promtool.toString(), "check", "rules", file.toString());

        assertThat(run.exitCode()).as(run.describe() + "\n" + run.out(StandardCharsets.UTF_8) + "\n" + rules).isZero();
    }
}
