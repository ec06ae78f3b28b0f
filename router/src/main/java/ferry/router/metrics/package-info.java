/**
 * Prometheus metrics (docs/metrics.md): {@link ferry.router.metrics.FerryMetrics} listens to Ferry's events
 * ({@code ferry.router.events}) for its counters and the store latency histogram, samples the forwarding queue, the
 * studies awaiting completion and the free disk space when scraped, adds Micrometer's JVM meters, and writes it
 * all in the Prometheus text format for the HTTP server's {@code /metrics}.
 */
package ferry.router.metrics;
