package ferry.router.queue;

import ferry.router.journal.Journal;
import ferry.router.journal.JournalTransaction;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code ferry queue} prints (docs/forwarding.md): per destination the jobs pending, in flight and failed, the
 * oldest one's age, the circuit breaker and the last error; then the failed jobs and those waiting for a retry, by
 * id (for {@code ferry queue retry} and {@code purge}), at most {@value #LISTED} per destination.
 */
final class QueueReport {
    /** Jobs listed per destination, at most. */
    static final int LISTED = 20;

    /** Counts of one destination's jobs that are not done. */
    private static final class Counts {
        long pending;
        long failed;
        long oldest = Long.MAX_VALUE;
        String lastError;
        long listable;
        final List<String> listed = new ArrayList<>();
    }

    private QueueReport() {
    }

    /**
     * @param configured the destinations configured now (others with jobs are shown as not configured)
     * @param lanes      the lane of a destination, or null when it has none yet
     */
    static String of(Journal journal, Set<String> configured, Function<String, Lane> lanes, Instant now)
            throws IOException {
        Map<String, Counts> all = new TreeMap<>();
        configured.forEach(name -> all.put(name, new Counts()));
        journal.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(QueueSql.COUNT_BY_DESTINATION);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Counts counts = all.computeIfAbsent(row.getString(1), name -> new Counts());
                    if ("failed".equals(row.getString(2))) {
                        counts.failed += row.getLong(3);
                    } else {
                        counts.pending += row.getLong(3);
                    }
                    counts.oldest = Math.min(counts.oldest, row.getLong(4));
                }
            }
            try (PreparedStatement select = connection.prepareStatement(QueueSql.LAST_ERROR_BY_DESTINATION);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    all.computeIfAbsent(row.getString(1), name -> new Counts()).lastError = row.getString(2);
                }
            }
            try (PreparedStatement count = connection.prepareStatement(QueueSql.COUNT_LISTED);
                 PreparedStatement select = connection.prepareStatement(QueueSql.SELECT_LISTED)) {
                for (Map.Entry<String, Counts> entry : all.entrySet()) {
                    count.setString(1, entry.getKey());
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        entry.getValue().listable = row.getLong(1);
                    }
                    if (entry.getValue().listable == 0) {
                        continue;
                    }
                    select.setString(1, entry.getKey());
                    select.setInt(2, LISTED);
                    try (ResultSet row = select.executeQuery()) {
                        while (row.next()) {
                            entry.getValue().listed.add(jobLine(row, now));
                        }
                    }
                }
            }
            return null;
        });
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %9s %9s %9s %12s  %s%n",
                "destination", "pending", "in flight", "failed", "oldest", "state"));
        for (Map.Entry<String, Counts> entry : all.entrySet()) {
            String name = entry.getKey();
            Counts counts = entry.getValue();
            Lane lane = lanes.apply(name);
            int inFlight = lane == null ? 0 : lane.inFlight();
            String oldest = counts.oldest == Long.MAX_VALUE ? "-"
                    : age(Duration.between(JournalTransaction.instant(counts.oldest), now));
            Instant open = lane == null ? null : lane.breakerOpenUntil();
            String state = configured.contains(name) ? (open == null ? "ok"
                    : "breaker open, next probe in " + Math.max(0, Duration.between(now, open).toSeconds()) + " s")
                    : "not configured";
            out.append(String.format(Locale.ROOT, "%-20s %9d %9d %9d %12s  %s%n", name, counts.pending, inFlight,
                    counts.failed, oldest, state));
            if (counts.lastError != null) {
                out.append("  last error: ").append(counts.lastError).append('\n');
            }
            if (!counts.listed.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-7s %-9s %8s  %-12s %s%n", "job", "state", "attempts",
                        "when", "SOP Instance UID: last error"));
                counts.listed.forEach(out::append);
                if (counts.listable > counts.listed.size()) {
                    out.append("  ... and ").append(counts.listable - counts.listed.size())
                            .append(" more failed or waiting for a retry (the first ").append(LISTED)
                            .append(" are shown)\n");
                }
            }
        }
        return out.toString();
    }

    /** A failed job, with when it failed, or a job waiting for its retry, with when it is due. */
    private static String jobLine(ResultSet row, Instant now) throws java.sql.SQLException {
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
