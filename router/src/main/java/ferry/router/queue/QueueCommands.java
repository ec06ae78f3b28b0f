package ferry.router.queue;

import ferry.router.forward.Destination;
import ferry.router.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is done to failed jobs and jobs waiting for a retry, besides the workers' own attempts: {@code ferry queue
 * retry} and {@code purge} (docs/forwarding.md), and the purge of failed jobs past their destination's retention.
 * The changes are recorded in the journal first, then the lanes learn of them.
 */
final class QueueCommands {
    private static final Logger LOG = LoggerFactory.getLogger(QueueCommands.class);

    private final Journal journal;
    private final JobStore store;
    private final Supplier<Map<String, Destination>> destinations;
    private final Function<String, QueueConfig> settings;
    private final Map<String, Lane> lanes;
    private final Function<String, Lane> lane;
    private final ForwardQueue.FileRelease release;
    private final Clock clock;
    private final ClaimSettings claims;
    private final Breakers breakers;

    /**
     * @param lanes the lanes there are, by destination
     * @param lane  the lane of a destination, made when there is none yet
     */
    QueueCommands(Journal journal, JobStore store, Supplier<Map<String, Destination>> destinations,
                  Function<String, QueueConfig> settings, Map<String, Lane> lanes, Function<String, Lane> lane,
                  ForwardQueue.FileRelease release, Clock clock, ClaimSettings claims, Breakers breakers) {
        this.journal = journal;
        this.store = store;
        this.destinations = destinations;
        this.settings = settings;
        this.lanes = lanes;
        this.lane = lane;
        this.release = release;
        this.clock = clock;
        this.claims = claims;
        this.breakers = breakers;
    }

    /** {@link ForwardQueue#retry}. */
    String retry(List<String> arguments) throws IOException {
        JobSelection selection = JobSelection.read(arguments, destinations.get().keySet(), journal, store);
        List<JobSelection.Picked> picked = selection.pick(journal, store, "retried",
                Set.of(JobStore.State.FAILED, JobStore.State.PENDING));
        Instant now = clock.instant();
        List<ForwardJob> revived = new ArrayList<>();
        List<ForwardJob> claimed = new ArrayList<>();
        journal.write(transaction -> {
            revived.clear();
            claimed.clear();
            for (JobSelection.Picked job : picked) {
                JobStore.Revived how = job.failed() ? store.revive(transaction, job.job().id(), now, claims)
                        : JobStore.Revived.NOT_FAILED;
                if (how != JobStore.Revived.NOT_FAILED) {
                    revived.add(job.job().withNoAttempts());
                }
                if (how == JobStore.Revived.CLAIMED) {
                    claimed.add(job.job().withNoAttempts());
                }
            }
        });
        Set<String> concerned = new TreeSet<>(selection.destinations());
        picked.forEach(job -> concerned.add(job.job().destination()));
        if (selection.destinations().isEmpty() && selection.ids().isEmpty()) {
            concerned.addAll(lanes.keySet());
        }
        for (String name : concerned) {
            Destination destination = destinations.get().get(name);
            if (destination != null) {
                destination.reset();
            }
            breakers.probeNow(name);
        }
        // a job of another node's spool (no shared storage) is that node's to claim, at its next heartbeat
        claimed.forEach(job -> lane.apply(job.destination()).revive(job, now));
        Predicate<ForwardJob> waiting = selection.ids().isEmpty() ? job -> true
                : job -> selection.ids().contains(job.id());
        List<ForwardJob> due = new ArrayList<>();
        for (String name : concerned) {
            Lane existing = lanes.get(name);
            if (existing != null) {
                due.addAll(existing.dueNow(waiting));
            }
        }
        if (!due.isEmpty()) {
            journal.write(transaction -> {
                for (ForwardJob job : due) {
                    store.dueAt(transaction, job.id(), now);
                }
            });
        }
        return revived.size() + " failed job(s) queued again, " + due.size() + " waiting for a retry tried now"
                + (concerned.isEmpty() ? "" : " (" + String.join(", ", concerned) + ")") + "\n";
    }

    /** {@link ForwardQueue#purge}. */
    String purge(List<String> arguments) throws IOException {
        JobSelection selection = JobSelection.read(arguments, destinations.get().keySet(), journal, store);
        return purgeJobs(selection.pick(journal, store, "purged", Set.of(JobStore.State.FAILED)).stream()
                .map(JobSelection.Picked::job).toList());
    }

    private String purgeJobs(List<ForwardJob> failed) throws IOException {
        Instant now = clock.instant();
        List<Path> unneeded = new ArrayList<>();
        int[] purged = new int[1];
        journal.write(transaction -> {
            unneeded.clear();
            purged[0] = 0;
            for (ForwardJob job : failed) {
                if (store.purge(transaction, job.id(), now)) {
                    purged[0]++;
                }
                if (store.liveJobsOf(transaction, job.file()) == 0) {
                    unneeded.add(job.file());
                }
            }
        });
        for (Path file : unneeded) {
            release.release(file);
        }
        return purged[0] + " failed job(s) purged, " + unneeded.size() + " file(s) removed\n";
    }

    /** Purges failed jobs whose retention (of their destination, counted from their failure) has passed. */
    void expire() throws IOException {
        Instant now = clock.instant();
        List<ForwardJob> expired = journal.read(store::failed).stream()
                .filter(failed -> failed.failedAt().plus(settings.apply(failed.job().destination()).retention())
                        .isBefore(now))
                .map(JobStore.Failed::job).toList();
        if (!expired.isEmpty()) {
            purgeJobs(expired);
            LOG.info("forwarding queue: {} failed job(s) past their retention were purged", expired.size());
        }
    }
}
