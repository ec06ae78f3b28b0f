package ferry.router.queue;

import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    static String of(Journal journal, List<DestinationQueue> summary, Instant now) throws IOException {
        Map<String, List<String>> listed = new TreeMap<>();
        Map<String, Long> listable = new TreeMap<>();
        journal.read(connection -> {
            try (PreparedStatement count = connection.prepareStatement(QueueSql.COUNT_LISTED);
                 PreparedStatement select = connection.prepareStatement(QueueSql.SELECT_LISTED)) {
                for (DestinationQueue destination : summary) {
                    count.setString(1, destination.destination());
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        listable.put(destination.destination(), row.getLong(1));
                    }
                    if (listable.get(destination.destination()) == 0) {
                        continue;
                    }
                    select.setString(1, destination.destination());
                    select.setInt(2, LISTED);
                    List<String> lines = new ArrayList<>();
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            lines.add(jobLine(row, now));
                        }
                    }
                    listed.put(destination.destination(), lines);
                }
            }
            return null;
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
            List<String> lines = listed.getOrDefault(name, List.of());
            if (!lines.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-7s %-9s %8s  %-12s %s%n", "job", "state", "attempts",
                        "when", "SOP Instance UID: last error"));
                lines.forEach(out::append);
                long more = listable.getOrDefault(name, 0L) - lines.size();
                if (more > 0) {
                    out.append("  ... and ").append(more).append(" more failed or waiting for a retry (the first ")
                            .append(LISTED).append(" are shown)\n");
                }
            }
        }
        return out.toString();
    }

    /** A failed job, with when it failed, or a job waiting for its retry, with when it is due. */
    private static String jobLine(ResultSet row, Instant now) throws SQLException {
        boolean failed = "failed".equals(row.getString(2));
        String when;
        if (failed) {
            when = row.getObject(6) == null ? "-"
                    : age(Duration.between(JournalTransaction.instant(row.getLong(6)), now)) + " ago";
        } else {
            Duration wait = Duration.between(now, JournalTransaction.instant(row.getLong(7)));
            when = wait.isNegative() || wait.isZero() ? "due" : "in " + age(wait.plusMillis(999));
        }
        String error = row.getString(5);
        return String.format(Locale.ROOT, "  %-7d %-9s %8d  %-12s %s%s%n", row.getLong(1),
                failed ? "failed" : "retrying", row.getInt(3), when, row.getString(4),
                error == null ? "" : ": " + error);
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
