package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Await;
import ferry.core.testing.Storescp;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.metrics.FerryMetrics;
import ferry.router.testing.BrokenDataSet;
import ferry.router.testing.Dcmtk;
import ferry.core.testing.FreePorts;
import ferry.router.testing.PrometheusText;
import ferry.router.testing.TestStudy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus metrics of a running Ferry (docs/metrics.md), scraped and parsed as Prometheus reads the text format:
 * dcmtk's storescu sends a study that a route stores and forwards to a storescp that is down and then comes back,
 * a stranger's object goes unrouted, a broken data set is refused; the counters, gauges and the latency histogram
 * say so with their labels and values.
 */
class MetricsEndToEndTest {
    @TempDir
    Path dir;

    @AutoClose
    private FerryService service;
    @AutoClose
    private Storescp storescp;

    private PrometheusText scrape() throws IOException {
        FerryMetrics metrics = service.metrics().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    /** The data set's bytes of a Part 10 file: what follows its File Meta Information (PS3.10 §7.1). */
    private static long dataSetBytes(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // preamble, "DICM", then (0002,0000) UL of 4 bytes: the meta group's length
        long groupLength = ByteBuffer.wrap(bytes, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return bytes.length - 144 - groupLength;
    }

    @Test
    void aScrapeCountsWhatWasReceivedRefusedForwardedAndCompletedWithItsLabels() throws Exception {
        storescp = Storescp.start(dir);
        storescp.stop();
        int port = FreePorts.next();
        String listener = Integer.toString(port);
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\nlisteners:\n  - port: "
                + port + "\nqueue: {retry-first: 100ms, retry-longest: 500ms, breaker-after: 3}\n"
                + "destinations:\n  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: " + storescp.port()
                + ", max-parallel: 1}}\nroutes:\n  - name: mr\n    when: {calling: SCANNER}\n"
                + "    store: {folder: kept}\n    forward: [scp]\n    completion: {quiet-period: 1s}\n"
                + "    notify: [{command: /bin/true}]\n");
        service = FerryService.start(ConfigLoader.load(config));
        List<Path> study = TestStudy.of("P1", "2.25.81000", 5).write(dir.resolve("study"));
        long studyBytes = 0;
        for (Path file : study) {
            studyBytes += dataSetBytes(file);
        }
        List<Path> stranger = TestStudy.of("P2", "2.25.82000", 1).write(dir.resolve("stranger"));

        send("SCANNER", port, dir.resolve("study"));
        send("STRANGER", port, dir.resolve("stranger"));
        assertThat(BrokenDataSet.send("BROKEN", port).code()).isEqualTo(0xC000);
        Await.until("the breaker open with the 5 jobs waiting",
                () -> service.queueReport().matches("(?s).*scp\\s+5\\s+0\\s+0\\s+\\S+\\s+breaker open.*"));
        // the sender is done when its association is released; Ferry tells of the end just after
        Await.until("the three associations ended", () -> scrape().value("ferry_associations_total", "listener",
                listener, "outcome", "released") == 3);

        PrometheusText down = scrape();
        assertThat(down.type("ferry_received_objects_total")).isEqualTo("counter");
        assertThat(down.value("ferry_received_objects_total", "listener", listener, "route", "mr", "calling_ae",
                "SCANNER")).isEqualTo(5);
        assertThat(down.value("ferry_received_bytes_total", "listener", listener, "route", "mr", "calling_ae",
                "SCANNER")).isEqualTo(studyBytes);
        assertThat(down.value("ferry_received_objects_total", "route", "(unrouted)", "calling_ae", "STRANGER"))
                .isEqualTo(1);
        assertThat(down.value("ferry_received_bytes_total", "route", "(unrouted)", "calling_ae", "STRANGER"))
                .isEqualTo(dataSetBytes(stranger.get(0)));
        assertThat(down.value("ferry_refused_objects_total", "listener", listener, "status", "0xC000")).isEqualTo(1);
        assertThat(down.value("ferry_associations_total", "listener", listener, "outcome", "released")).isEqualTo(3);
        assertThat(down.value("ferry_associations_open", "listener", listener)).isZero();
        assertLatencyHistogram(down, listener, 6);
        assertThat(down.value("ferry_destination_breaker_open", "destination", "scp")).isEqualTo(1);
        assertThat(down.value("ferry_destination_down_total", "destination", "scp")).isEqualTo(1);
        assertThat(down.value("ferry_queue_jobs", "destination", "scp", "state", "pending")).isEqualTo(5);
        assertThat(down.value("ferry_queue_jobs", "destination", "scp", "state", "failed")).isZero();
        assertThat(down.value("ferry_queue_oldest_job_age_seconds", "destination", "scp")).isPositive();
        assertThat(down.value("ferry_forward_failures_total", "destination", "scp", "next", "retry")).isPositive();
        assertThat(down.matching("ferry_forward_deliveries_total")).isEmpty();

        storescp.restart();
        Await.until("the 5 objects delivered and the queue empty", () -> service.queueReport()
                .matches("(?s).*scp\\s+0\\s+0\\s+0\\s+-\\s+ok.*"));
        Await.until("the study complete and its notification sent", () -> !scrape()
                .matching("ferry_notifications_total", "outcome", "sent").isEmpty());

        PrometheusText back = scrape();
        assertThat(back.value("ferry_forward_deliveries_total", "destination", "scp")).isEqualTo(5);
        assertThat(back.value("ferry_destination_breaker_open", "destination", "scp")).isZero();
        assertThat(back.value("ferry_queue_jobs", "destination", "scp", "state", "pending")).isZero();
        assertThat(back.value("ferry_queue_oldest_job_age_seconds", "destination", "scp")).isZero();
        assertThat(back.value("ferry_studies_completed_total", "route", "mr", "level", "study", "completed_by",
                "quiet-period")).isEqualTo(1);
        assertThat(back.value("ferry_notifications_total", "route", "mr", "channel", "command", "outcome", "sent"))
                .isEqualTo(1);
        assertThat(back.value("ferry_studies_awaiting")).isZero();
        assertThat(back.value("ferry_disk_free_bytes", "path", dir.resolve("data").toAbsolutePath().toString()))
                .isPositive();
        assertThat(back.value("ferry_disk_free_bytes", "path", dir.resolve("kept").toAbsolutePath().toString()))
                .isPositive();
        assertThat(back.value("ferry_disk_min_free_bytes")).isEqualTo(500L << 20);
        assertThat(back.value("ferry_build_info", "version", FerryVersion.version())).isEqualTo(1);
        assertThat(back.matching("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(back.value("process_uptime_seconds")).isPositive();
        assertThat(service.metrics().orElseThrow().contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        // Prometheus's conventions: counters end in _total, units are base units spelled out at the end
        back.types().forEach((family, type) -> {
            if (family.startsWith("ferry_")) {
                assertThat(family.endsWith("_total")).as(family + " is a " + type).isEqualTo(type.equals("counter"));
            }
        });
    }

    /** The store latency histogram of {@code listener}: {@code count} observations, cumulative buckets up to +Inf. */
    private static void assertLatencyHistogram(PrometheusText scrape, String listener, int count) {
        assertThat(scrape.type("ferry_store_latency_seconds")).isEqualTo("histogram");
        assertThat(scrape.value("ferry_store_latency_seconds_count", "listener", listener)).isEqualTo(count);
        assertThat(scrape.value("ferry_store_latency_seconds_sum", "listener", listener)).isPositive();
        List<PrometheusText.Sample> buckets = scrape.matching("ferry_store_latency_seconds_bucket", "listener",
                listener);
        assertThat(buckets).extracting(b -> b.labels().get("le")).startsWith("0.001").endsWith("+Inf")
                .hasSize(14);
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(buckets.get(i).value()).as("cumulative").isGreaterThanOrEqualTo(buckets.get(i - 1).value());
        }
        assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(count);
    }

    private static void send(String callingAe, int port, Path folder) {
        ToolRun run = Dcmtk.send(callingAe, "FERRY", port, folder);
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }
}
