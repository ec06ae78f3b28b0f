package ferry.router.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * One destination's part of the forwarding queue now, as {@code ferry queue} and {@code ferry status} show it.
 *
 * @param destination     the destination's name
 * @param pending         jobs waiting for their (next) attempt
 * @param inFlight        jobs being delivered now
 * @param failed          jobs given up, waiting for {@code ferry queue retry} or {@code purge}
 * @param oldest          when the oldest job not done was made, or null when there is none
 * @param breakerOpenUntil when the open circuit breaker lets the next probe through, or null when it is closed
 * @param configured      false for jobs of a destination no longer in the configuration
 * @param lastError       the latest error of a job not done, or null
 */
public record DestinationQueue(String destination, long pending, int inFlight, long failed, Instant oldest,
                               Instant breakerOpenUntil, boolean configured, String lastError) {

    /** The age of the oldest job not done, {@code 95s}, {@code 12m}, {@code 3h20m}; {@code -} when there is none. */
    public String oldestAge(Instant now) {
        return oldest == null ? "-" : QueueReport.age(Duration.between(oldest, now));
    }

    /** {@code ok}, {@code breaker open, next probe in N s}, or {@code not configured}. */
    public String state(Instant now) {
        if (!configured) {
            return "not configured";
        }
        return breakerOpenUntil == null ? "ok"
                : "breaker open, next probe in " + Math.max(0, Duration.between(now, breakerOpenUntil).toSeconds())
                + " s";
    }
}
