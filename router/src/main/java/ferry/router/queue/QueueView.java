package ferry.router.queue;

import java.time.Instant;
import java.util.List;

/**
 * The forwarding queue at one moment, per destination: what {@code ferry queue} prints, {@code ferry queue --json}
 * and {@code GET /api/queue} give (docs/forwarding.md, docs/api.md).
 *
 * @param at           when it was read
 * @param destinations each destination configured or with jobs not done, by name
 */
public record QueueView(Instant at, List<Destination> destinations) {
    public QueueView {
        destinations = List.copyOf(destinations);
    }

    /**
     * One destination's part of the queue.
     *
     * @param destination the destination's name
     * @param configured  false for jobs of a destination no longer in the configuration
     * @param waiting     jobs waiting for their first attempt or for a retry
     * @param inFlight    jobs being delivered now
     * @param failed      jobs given up, waiting for {@code ferry queue retry} or {@code purge}
     * @param oldestJobAt when the oldest job not done was made, or null
     * @param breaker     {@code closed}, or {@code open} while the destination keeps failing
     * @param nextProbeAt when an open breaker lets the next attempt through, or null
     * @param lastError   the latest error of a job not done, or null
     * @param listedTotal how many of its jobs are failed or waiting for a retry
     * @param listed      the first of those, by id
     */
    public record Destination(String destination, boolean configured, long waiting, int inFlight, long failed,
                              Instant oldestJobAt, String breaker, Instant nextProbeAt, String lastError,
                              long listedTotal, List<JobView> listed) {
        public Destination {
            listed = List.copyOf(listed);
        }

        /** Made from a destination's counts and its listed jobs. */
        static Destination of(DestinationQueue counts, JobStore.Listing listing) {
            return new Destination(counts.destination(), counts.configured(), counts.pending(), counts.inFlight(),
                    counts.failed(), counts.oldest(), counts.breakerOpenUntil() == null ? "closed" : "open",
                    counts.breakerOpenUntil(), counts.lastError(), listing.total(), listing.first());
        }

        /** As {@link DestinationQueue} (what {@code ferry status} prints of it). */
        public DestinationQueue counts() {
            return new DestinationQueue(destination, waiting, inFlight, failed, oldestJobAt, nextProbeAt, configured,
                    lastError);
        }
    }
}
