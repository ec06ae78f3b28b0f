package ferry.router.run;

import ferry.net.assoc.DicomServer;
import ferry.router.action.StoreActions;
import ferry.router.queue.DestinationQueue;
import ferry.router.queue.ForwardQueue;
import ferry.router.action.StoreRetry;
import ferry.router.study.NotificationDispatcher;
import ferry.router.study.PendingStudy;
import ferry.router.study.StudyTracker;
import ferry.router.config.FerryConfig;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalCounts;
import ferry.router.journal.JournalProblem;
import ferry.router.receive.DiskWatermark;
import ferry.router.receive.ReceiveCounters;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text of {@code ferry status}: what a running Ferry is doing, for an administrator at a terminal. */
final class StatusReport {
    /** The studies awaiting completion listed, the next to complete first. */
    private static final int STUDIES_LISTED = 10;
    /** How many objects with failing store actions are listed one by one. */
    static final int LISTED_RETRIES = 10;

    private StatusReport() {
    }

    static String of(FerryService service, Journal journal, StoreActions actions, ForwardQueue queue,
                     DiskWatermark watermark, StudyTracker studies, NotificationDispatcher dispatcher, Instant started) {
        FerryConfig config = service.config();
        StringBuilder out = new StringBuilder();
        Duration up = Duration.between(started, Instant.now());
        out.append("Ferry ").append(FerryVersion.version()).append(" running, pid ")
                .append(ProcessHandle.current().pid()).append(", up ").append(duration(up))
                .append(" (since ").append(started).append(")\n");
        out.append("configuration: ").append(config.source() == null ? "embedded default" : config.source())
                .append("\ndata directory: ").append(config.dataDirectory().toAbsolutePath())
                .append(" (durability ").append(config.durability().name().toLowerCase(Locale.ROOT)).append(")\n");
        out.append("listeners:\n");
        for (Map.Entry<Integer, DicomServer> entry : service.servers().entrySet()) {
            DicomServer server = entry.getValue();
            var policy = server.policy();
            out.append(String.format(Locale.ROOT, "  port %-5d %-24s %d active association(s), at most %d%n",
                    server.port(), policy.calledAeTitles().isEmpty() ? "any AE title"
                            : String.join(",", policy.calledAeTitles()), server.activeAssociations(),
                    policy.maxAssociations()));
        }
        ReceiveCounters counters = service.counters();
        out.append("received since start (objects, bytes) per route:\n");
        if (counters.perRoute().isEmpty()) {
            out.append("  nothing yet\n");
        }
        counters.perRoute().forEach((route, count) -> out.append(String.format(Locale.ROOT,
                "  %-24s %10d  %s%n", route, count.objects(), bytes(count.bytes()))));
        out.append(String.format(Locale.ROOT, "refused for disk space: %d, unreadable: %d%n",
                counters.refusedForDisk(), counters.unreadable()));
        out.append(String.format(Locale.ROOT, "queues: store actions waiting %d, failed since start %d%n",
                actions.queued(), actions.failures()));
        forwardQueue(queue, out);
        List<String> replications = service.replicationStatus();
        if (!replications.isEmpty()) {
            out.append("replications:\n");
            replications.forEach(line -> out.append("  ").append(line).append('\n'));
        }
        List<PendingStudy> pending = studies.pending();
        out.append("studies awaiting completion: ").append(pending.size()).append('\n');
        Instant now = Instant.now();
        for (PendingStudy study : pending.subList(0, Math.min(pending.size(), STUDIES_LISTED))) {
            Duration left = Duration.between(now, study.dueAt());
            out.append(String.format(Locale.ROOT, "  %-16s %-40s %6d object(s), last %s ago, complete in %s%n",
                    study.route(), study.studyUid(), study.objects(), duration(Duration.between(study.lastAt(), now)),
                    duration(left.isNegative() ? Duration.ZERO : left)));
        }
        if (pending.size() > STUDIES_LISTED) {
            out.append("  (and ").append(pending.size() - STUDIES_LISTED).append(" more)\n");
        }
        storeRetries(out, actions.retrying());
        try {
            NotificationDispatcher.OutboxStatus outbox = dispatcher.status();
            out.append(String.format(Locale.ROOT, "notifications: %d pending (%d retrying), %d sent, %d failed%n",
                    outbox.pending(), outbox.retrying(), outbox.sent(), outbox.failed()));
            if (outbox.lastError() != null) {
                out.append("  last notification error: ").append(outbox.lastError()).append('\n');
            }
        } catch (IOException e) {
            out.append("notifications: unreadable: ").append(e.getMessage()).append('\n');
        }
        JournalProblem problem = journal.problem();
        if (problem != null) {
            out.append("journal: cannot write since ").append(problem.since()).append(", ")
                    .append(problem.attempts()).append(" failed attempt(s), next in ")
                    .append(duration(untilNow(problem.nextAttempt()))).append("; ").append(problem.waiting())
                    .append(" write(s) held, new objects refused (0xA700): ").append(problem.reason()).append('\n');
        }
        try {
            JournalCounts totals = journal.counts();
            out.append(String.format(Locale.ROOT, "journal (all time): %d objects, %s, unrouted %d%n",
                    totals.objects(), bytes(totals.bytes()), totals.unrouted()));
        } catch (IOException e) {
            out.append("journal: unreadable: ").append(e.getMessage()).append('\n');
        }
        out.append("housekeeping: ").append(service.housekeeping().last()
                .map(last -> "last run " + last.finishedAt() + ": " + last.describe())
                .orElse("not run yet")).append(" (every ").append(duration(config.retention().every()))
                .append(")\n");
        try {
            out.append("free disk: ").append(bytes(watermark.free())).append(" (new objects refused under ")
                    .append(bytes(watermark.minimumFree())).append(")\n");
        } catch (IOException e) {
            out.append("free disk: unknown: ").append(e.getMessage()).append('\n');
        }
        return out.toString();
    }

    /** The forward queue per destination: waiting, in flight, failed, oldest, breaker. */
    private static void forwardQueue(ForwardQueue queue, StringBuilder out) {
        List<DestinationQueue> destinations;
        try {
            destinations = queue.summary();
        } catch (IOException e) {
            out.append("forward queue: unreadable: ").append(e.getMessage()).append('\n');
            return;
        }
        if (destinations.isEmpty()) {
            out.append("forward queue: no destinations\n");
            return;
        }
        Instant now = Instant.now();
        out.append(String.format(Locale.ROOT, "forward queue:%n  %-20s %9s %9s %9s %8s  %s%n", "destination",
                "waiting", "in flight", "failed", "oldest", "state"));
        for (DestinationQueue destination : destinations) {
            out.append(String.format(Locale.ROOT, "  %-20s %9d %9d %9d %8s  %s%n", destination.destination(),
                    destination.pending(), destination.inFlight(), destination.failed(), destination.oldestAge(now),
                    destination.state(now)));
            if (destination.lastError() != null) {
                out.append("    last error: ").append(destination.lastError()).append('\n');
            }
        }
    }

    /** Up to {@value #LISTED_RETRIES} objects whose store actions failed, with why and when they are tried again. */
    private static void storeRetries(StringBuilder out, List<StoreRetry> retrying) {
        if (retrying.isEmpty()) {
            return;
        }
        long givenUp = retrying.stream().filter(r -> r.nextAttempt() == null).count();
        out.append(String.format(Locale.ROOT, "store actions failing: %d object(s) kept in the spool, %d retrying,"
                + " %d given up until the next start%n", retrying.size(), retrying.size() - givenUp, givenUp));
        for (StoreRetry retry : retrying.subList(0, Math.min(LISTED_RETRIES, retrying.size()))) {
            out.append("  ").append(retry.sopInstanceUid()).append(" (route ").append(retry.route())
                    .append(", folder ").append(retry.folder()).append("): ").append(retry.failures())
                    .append(" failed attempt(s), ").append(retry.nextAttempt() == null ? "given up"
                            : "next in " + duration(untilNow(retry.nextAttempt())))
                    .append(": ").append(retry.reason()).append('\n');
        }
        if (retrying.size() > LISTED_RETRIES) {
            out.append("  … and ").append(retrying.size() - LISTED_RETRIES).append(" more (see the log)\n");
        }
    }

    /** From now until {@code instant}, 0 when it has passed. */
    private static Duration untilNow(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        return left.isNegative() ? Duration.ZERO : left;
    }

    static String duration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
