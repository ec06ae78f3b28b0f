package ferry.router.metrics;

import ferry.router.events.EventListener;
import ferry.router.events.FerryEvent;
import ferry.router.queue.DestinationQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Ferry's Prometheus metrics (docs/metrics.md): an {@link EventListener} of Ferry's events for the counters and the
 * store latency histogram, gauges read from {@link Sources} at each scrape, and Micrometer's JVM meters, written by
 * {@link #scrape} in the Prometheus text format 0.0.4 for the HTTP server's {@code /metrics}. Publishing an event to
 * it costs a map lookup and an increment on the publishing thread; the reading is done by the scrape.
 */
public final class FerryMetrics implements EventListener, AutoCloseable {
    /** The Prometheus text format, version 0.0.4: what {@link #scrape} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * What the gauges read at each scrape.
     *
     * @param queue           each destination's part of the forwarding queue now
     * @param folders         the folders whose file systems' free space is reported: the data directory and the store
     *                        folders, as configured now
     * @param minimumFreeDisk {@code min-free-disk}, in bytes
     * @param studiesAwaiting the studies whose completion is awaited
     */
    public record Sources(QueueSummary queue, Supplier<Collection<Path>> folders, long minimumFreeDisk,
                         IntSupplier studiesAwaiting) {
    }

    /** Reads each destination's part of the forwarding queue. */
    @FunctionalInterface
    public interface QueueSummary {
        List<DestinationQueue> summary() throws IOException;
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventMeters events = new EventMeters(registry);
    private final SampledMeters sampled;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** @param version Ferry's version, the label of {@code ferry_build_info} */
    public FerryMetrics(Sources sources, String version) {
        this.sampled = new SampledMeters(registry, sources);
        Gauge.builder("ferry.build.info", () -> 1).description("Ferry's version, as its label")
                .tags("version", version).register(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    @Override
    public void on(FerryEvent event) {
        events.on(event);
    }

    /** The media type of what {@link #scrape} writes: the Prometheus text format, version 0.0.4. */
    public String contentType() {
        return CONTENT_TYPE;
    }

    /**
     * Writes every metric to {@code out} in the Prometheus text format 0.0.4, after reading the queue, the studies
     * and the disks once. Scrapes made at once are served one after the other.
     */
    public synchronized void scrape(OutputStream out) throws IOException {
        sampled.refresh();
        registry.scrape(out, CONTENT_TYPE);
    }

    /** Stops the JVM's garbage collection listener. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
