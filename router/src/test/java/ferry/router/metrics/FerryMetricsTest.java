package ferry.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.events.InstanceReceived;
import ferry.router.queue.DestinationQueue;
import ferry.router.testing.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics without a running Ferry: label bounds, label values that need escaping, gauges that come and go. */
class FerryMetricsTest {
    @TempDir
    Path dir;

    private final AtomicReference<List<DestinationQueue>> queue = new AtomicReference<>(List.of());
    private FerryMetrics metrics;

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private FerryMetrics metrics() {
        metrics = new FerryMetrics(new FerryMetrics.Sources(queue::get, () -> List.of(dir), 1 << 20, () -> 2),
                "test");
        return metrics;
    }

    private PrometheusText scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static InstanceReceived instance(String callingAe, String route) {
        return new InstanceReceived(1, "11112", callingAe, "FERRY", List.of(route), 1000, 2_000_000);
    }

    @Test
    void theFirstHundredCallingAeTitlesAreLabelsAndEveryLaterOneIsCountedAsOther() throws Exception {
        metrics();
        for (int i = 0; i < 105; i++) {
            metrics.on(instance(String.format("SCU%03d", i), "mr"));
        }
        metrics.on(instance("SCU000", "mr")); // a title seen before keeps its label
        metrics.on(instance("SCU104", "mr"));

        PrometheusText scrape = scrape();
        List<PrometheusText.Sample> objects = scrape.samples("ferry_received_objects_total");
        assertThat(objects).hasSize(EventMeters.CALLING_AE_TITLES + 1);
        assertThat(scrape.value("ferry_received_objects_total", "calling_ae", "SCU000")).isEqualTo(2);
        assertThat(scrape.value("ferry_received_objects_total", "calling_ae", "SCU099")).isEqualTo(1);
        assertThat(scrape.value("ferry_received_objects_total", "calling_ae", "other")).isEqualTo(6);
        assertThat(scrape.value("ferry_received_bytes_total", "calling_ae", "other")).isEqualTo(6000);
        assertThat(objects.stream().mapToDouble(PrometheusText.Sample::value).sum()).isEqualTo(107);
    }

    @Test
    void labelValuesWithQuotesBackslashesAndLineBreaksAreEscaped() throws Exception {
        metrics();
        metrics.on(instance("A\"B\\C", "route \"one\"\nnext line"));

        PrometheusText scrape = scrape();
        assertThat(scrape.value("ferry_received_objects_total", "calling_ae", "A\"B\\C", "route",
                "route \"one\"\nnext line")).isEqualTo(1);
    }

    @Test
    void aDestinationGoneFromTheQueueLeavesTheNextScrape() throws Exception {
        metrics();
        Instant now = Instant.now();
        queue.set(List.of(new DestinationQueue("pacs", 3, 1, 2, now.minusSeconds(90), now.plusSeconds(5), true,
                "refused"), new DestinationQueue("old", 1, 0, 0, now.minusSeconds(10), null, false, null)));

        PrometheusText first = scrape();
        assertThat(first.value("ferry_queue_jobs", "destination", "pacs", "state", "pending")).isEqualTo(3);
        assertThat(first.value("ferry_queue_jobs", "destination", "pacs", "state", "in_flight")).isEqualTo(1);
        assertThat(first.value("ferry_queue_jobs", "destination", "pacs", "state", "failed")).isEqualTo(2);
        assertThat(first.value("ferry_queue_oldest_job_age_seconds", "destination", "pacs")).isBetween(90.0, 120.0);
        assertThat(first.value("ferry_destination_breaker_open", "destination", "pacs")).isEqualTo(1);
        assertThat(first.value("ferry_destination_breaker_open", "destination", "old")).isZero();
        assertThat(first.value("ferry_studies_awaiting")).isEqualTo(2);
        assertThat(first.value("ferry_disk_min_free_bytes")).isEqualTo(1 << 20);
        assertThat(first.value("ferry_disk_free_bytes", "path", dir.toString())).isPositive();

        queue.set(List.of(new DestinationQueue("pacs", 0, 0, 0, null, null, true, null)));
        PrometheusText second = scrape();
        assertThat(second.matching("ferry_queue_jobs", "destination", "old")).isEmpty();
        assertThat(second.value("ferry_queue_oldest_job_age_seconds", "destination", "pacs")).isZero();
        assertThat(second.value("ferry_destination_breaker_open", "destination", "pacs")).isZero();
    }
}
