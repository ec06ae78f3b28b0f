package ferry.router.queue;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.RetryWaits;
import ferry.router.config.yaml.Section;
import java.time.Duration;
import java.util.Objects;

/**
 * How the forwarding queue retries (top-level key {@code queue:}, docs/forwarding.md): the wait after a failed
 * delivery doubles from {@code retryFirst} up to {@code retryLongest}, with ±25 % jitter so many jobs do not retry
 * in step; after {@code attempts} failed deliveries a job is failed and kept. {@code breakerAfter} failures in a row
 * open a destination's circuit breaker: its jobs wait without attempts, and one probe at a time finds out when it
 * is back. Files of failed jobs are kept for {@code retention}, for {@code ferry queue retry}.
 *
 * @param retryFirst   the wait after the first failure
 * @param retryLongest the longest wait between attempts (and between probes of an open breaker)
 * @param attempts     failed deliveries after which a job is failed
 * @param breakerAfter failures in a row that open the destination's breaker
 * @param retention    how long the file of a failed job is kept
 */
public record QueueConfig(Duration retryFirst, Duration retryLongest, int attempts, int breakerAfter,
                          Duration retention) {
    /** 10 s doubling to 1 h, 50 attempts (more than two days), breaker after 5 failures, failed files kept 7 days. */
    public static final QueueConfig DEFAULT = new QueueConfig(Duration.ofSeconds(10), Duration.ofHours(1), 50, 5,
            Duration.ofDays(7));

    public QueueConfig {
        Objects.requireNonNull(retryFirst, "retryFirst");
        Objects.requireNonNull(retryLongest, "retryLongest");
        Objects.requireNonNull(retention, "retention");
    }

    /** The wait after {@code failures} failed attempts, before jitter. */
    public Duration waitAfter(int failures) {
        return new RetryWaits(retryFirst, retryLongest).after(failures);
    }

    /** Reads a {@code queue:} map; absent keys take {@code defaults}. */
    public static QueueConfig parse(ConfigNode node, ConfigProblems problems, QueueConfig defaults) {
        Section section = Section.of(node, problems);
        Duration first = section.duration("retry-first", defaults.retryFirst());
        Duration longest = section.duration("retry-longest", defaults.retryLongest());
        int attempts = (int) section.integer("attempts", defaults.attempts(), 1, 1_000_000);
        int breaker = (int) section.integer("breaker-after", defaults.breakerAfter(), 1, 1_000_000);
        Duration retention = section.duration("retention", defaults.retention());
        RetryWaits waits = RetryWaits.checked(section, first, longest, defaults.retryFirst());
        section.finish();
        return new QueueConfig(waits.first(), waits.longest(), attempts, breaker, retention);
    }
}
