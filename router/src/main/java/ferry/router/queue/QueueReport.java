package ferry.router.queue;

import ferry.router.journal.Journal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ferry queue} prints (docs/forwarding.md): per destination the jobs pending, in flight and failed, the
 * oldest one's age, the circuit breaker and the last error; then the failed jobs and those waiting for a retry, by
 * id (for {@code ferry queue retry} and {@code purge}), at most {@value #LISTED} per destination.
 */
final class QueueReport {
    /** Jobs listed per destination, at most. */
    static final int LISTED = 20;

    private QueueReport() {
    }

    /**
     * The report of {@code summary} ({@link ForwardQueue#summary()}), each destination followed by its failed jobs
     * and those waiting for a retry, read from the journal.
     */
    static String of(Journal journal, JobStore store, List<DestinationQueue> summary, Instant now)
            throws IOException {
        Map<String, JobStore.Listing> listed = journal.read(connection -> {
            Map<String, JobStore.Listing> listings = new TreeMap<>();
            for (DestinationQueue destination : summary) {
                listings.put(destination.destination(), store.listing(connection, destination.destination(), LISTED));
            }
            return listings;
        });
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %9s %9s %9s %12s  %s%n",
                "destination", "pending", "in flight", "failed", "oldest", "state"));
        for (DestinationQueue destination : summary) {
            String name = destination.destination();
            out.append(String.format(Locale.ROOT, "%-20s %9d %9d %9d %12s  %s%n", name, destination.pending(),
                    destination.inFlight(), destination.failed(), destination.oldestAge(now),
                    destination.state(now)));
            if (destination.lastError() != null) {
                out.append("  last error: ").append(destination.lastError()).append('\n');
            }
            JobStore.Listing listing = listed.get(name);
            if (!listing.first().isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-7s %-9s %8s  %-12s %s%n", "job", "state", "attempts",
                        "when", "SOP Instance UID: last error"));
                listing.first().forEach(job -> out.append(jobLine(job, now)));
                long more = listing.total() - listing.first().size();
                if (more > 0) {
                    out.append("  ... and ").append(more).append(" more failed or waiting for a retry (the first ")
                            .append(LISTED).append(" are shown)\n");
                }
            }
        }
        return out.toString();
    }

    /** A failed job, with when it failed, or a job waiting for its retry, with when it is due. */
    private static String jobLine(JobStore.Listed job, Instant now) {
        String when;
        if (job.failed()) {
            when = job.failedAt() == null ? "-" : age(Duration.between(job.failedAt(), now)) + " ago";
        } else {
            Duration wait = Duration.between(now, job.nextAttempt());
            when = wait.isNegative() || wait.isZero() ? "due" : "in " + age(wait.plusMillis(999));
        }
        return String.format(Locale.ROOT, "  %-7d %-9s %8d  %-12s %s%s%n", job.id(),
                job.failed() ? "failed" : "retrying", job.attempts(), when, job.sopInstanceUid(),
                job.lastError() == null ? "" : ": " + job.lastError());
    }

    /** A duration as a short age: 42s, 17m, 3h12m. */
    static String age(Duration age) {
        long seconds = age.toSeconds();
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return seconds / 60 + "m";
        }
        return seconds / 3600 + "h" + (seconds % 3600 / 60) + "m";
    }
}
