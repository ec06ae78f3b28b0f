package ferry.router.metrics;

import ferry.router.queue.DestinationQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauges read when the metrics are scraped (docs/metrics.md): each destination's jobs by state, the age of its
 * oldest job and its circuit breaker, from one read of the queue's summary per scrape; the free space of the data
 * directory's and the store folders' file systems; the studies awaiting completion. Destinations and folders that
 * a reload removed disappear from the next scrape.
 */
final class SampledMeters {
    private static final Logger LOG = LoggerFactory.getLogger(SampledMeters.class);

    private final FerryMetrics.Sources sources;
    private final MultiGauge jobs;
    private final MultiGauge oldest;
    private final MultiGauge breaker;
    private final MultiGauge diskFree;

    SampledMeters(MeterRegistry registry, FerryMetrics.Sources sources) {
        this.sources = sources;
        this.jobs = MultiGauge.builder("ferry.queue.jobs")
                .description("Forward jobs not done, by state: pending (waiting for an attempt), in_flight, failed")
                .register(registry);
        this.oldest = MultiGauge.builder("ferry.queue.oldest.job.age").baseUnit("seconds")
                .description("Age of the oldest forward job not done (0 when there is none)").register(registry);
        this.breaker = MultiGauge.builder("ferry.destination.breaker.open")
                .description("1 while the destination's circuit breaker is open (its deliveries kept failing), else 0")
                .register(registry);
        this.diskFree = MultiGauge.builder("ferry.disk.free").baseUnit(BaseUnits.BYTES)
                .description("Free space of the file system of the data directory and of each store folder")
                .register(registry);
        Gauge.builder("ferry.disk.min.free", sources, s -> s.minimumFreeDisk()).baseUnit(BaseUnits.BYTES)
                .description("min-free-disk: under this free space in the data directory new objects are refused")
                .register(registry);
        Gauge.builder("ferry.studies.awaiting", sources, s -> s.studiesAwaiting().getAsInt())
                .description("Studies received whose completion is awaited").register(registry);
    }

    /** Reads the queue and the disks once, for the scrape that follows. */
    void refresh() {
        try {
            queue(sources.queue().summary(), Instant.now());
        } catch (IOException | RuntimeException e) {
            LOG.warn("metrics: the forwarding queue could not be read, its gauges keep their last values: {}",
                    e.toString());
        }
        disks();
    }

    private void queue(List<DestinationQueue> summary, Instant now) {
        List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
        List<MultiGauge.Row<?>> oldestRows = new ArrayList<>();
        List<MultiGauge.Row<?>> breakerRows = new ArrayList<>();
        for (DestinationQueue destination : summary) {
            Tags tags = Tags.of("destination", destination.destination());
            jobRows.add(MultiGauge.Row.of(tags.and("state", "pending"), destination.pending()));
            jobRows.add(MultiGauge.Row.of(tags.and("state", "in_flight"), destination.inFlight()));
            jobRows.add(MultiGauge.Row.of(tags.and("state", "failed"), destination.failed()));
            oldestRows.add(MultiGauge.Row.of(tags, destination.oldest() == null ? 0
                    : Math.max(0, Duration.between(destination.oldest(), now).toMillis() / 1e3)));
            breakerRows.add(MultiGauge.Row.of(tags, destination.breakerOpenUntil() == null ? 0 : 1));
        }
        jobs.register(jobRows, true);
        oldest.register(oldestRows, true);
        breaker.register(breakerRows, true);
    }

    private void disks() {
        Set<Path> folders = new LinkedHashSet<>();
        sources.folders().get().forEach(folder -> folders.add(folder.toAbsolutePath().normalize()));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Path folder : folders) {
            try {
                rows.add(MultiGauge.Row.of(Tags.of("path", folder.toString()), fileStore(folder).getUsableSpace()));
            } catch (IOException e) {
                LOG.debug("metrics: no free space for {}: {}", folder, e.toString());
            }
        }
        diskFree.register(rows, true);
    }

    /**
     * The file system of {@code folder}, or of its nearest existing parent (a store folder is made at its first
     * object).
     */
    private static FileStore fileStore(Path folder) throws IOException {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("no part of " + folder + " exists");
        }
        return Files.getFileStore(existing);
    }
}
