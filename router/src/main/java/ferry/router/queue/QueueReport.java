package ferry.router.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

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

    /** The queue {@code view} as text, ages counted to {@link QueueView#at()}. */
    static String of(QueueView view) {
        Instant now = view.at();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %9s %9s %9s %12s  %s%n",
                "destination", "pending", "in flight", "failed", "oldest", "state"));
        for (QueueView.Destination destination : view.destinations()) {
            DestinationQueue counts = destination.counts();
            out.append(String.format(Locale.ROOT, "%-20s %9d %9d %9d %12s  %s%n", destination.destination(),
                    counts.pending(), counts.inFlight(), counts.failed(), counts.oldestAge(now), counts.state(now)));
            if (destination.lastError() != null) {
                out.append("  last error: ").append(destination.lastError()).append('\n');
            }
            if (!destination.listed().isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-7s %-9s %8s  %-12s %s%n", "job", "state", "attempts",
                        "when", "SOP Instance UID: last error"));
                destination.listed().forEach(job -> out.append(jobLine(job, now)));
                long more = destination.listedTotal() - destination.listed().size();
                if (more > 0) {
                    out.append("  ... and ").append(more).append(" more failed or waiting for a retry (the first ")
                            .append(destination.listed().size()).append(" are shown)\n");
                }
            }
        }
        return out.toString();
    }

    /** A failed job, with when it failed, or a job waiting for its retry, with when it is due. */
    private static String jobLine(JobView job, Instant now) {
        String when;
        if (job.failed()) {
            when = job.failedAt() == null ? "-" : age(Duration.between(job.failedAt(), now)) + " ago";
        } else {
            Duration wait = Duration.between(now, job.nextAttemptAt());
            when = wait.isNegative() || wait.isZero() ? "due" : "in " + age(wait.plusMillis(999));
        }
        return String.format(Locale.ROOT, "  %-7d %-9s %8d  %-12s %s%s%n", job.id(), job.state(), job.attempts(),
                when, job.sopInstanceUid(), job.lastError() == null ? "" : ": " + job.lastError());
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
