package ferry.router.queue;

import java.time.Instant;
import java.util.List;

/**
 * A job of the forwarding queue as {@code ferry queue} and the REST API show it (docs/forwarding.md): its id is what
 * {@code ferry queue retry} and {@code purge} take.
 *
 * @param id               the job's id
 * @param destination      where it goes
 * @param route            the route that forwards it ({@code resend} for a resend)
 * @param state            {@code pending} (waiting for its first attempt), {@code retrying} (failed before, waiting
 *                         for its next attempt) or {@code failed} (given up)
 * @param attempts         failed deliveries so far
 * @param createdAt        when the job was made
 * @param nextAttemptAt    when it is tried next; null when failed
 * @param failedAt         when it was given up; null unless failed
 * @param sopInstanceUid   of the object
 * @param studyInstanceUid of the object, may be empty
 * @param callingAeTitle   who sent the object to Ferry
 * @param lastError        why its last attempt failed, or null
 */
public record JobView(long id, String destination, String route, String state, int attempts, Instant createdAt,
                      Instant nextAttemptAt, Instant failedAt, String sopInstanceUid, String studyInstanceUid,
                      String callingAeTitle, String lastError) {
    /** The states a job not done can be in, as {@link #state()} writes them. */
    public static final List<String> STATES = List.of("pending", "retrying", "failed");

    public boolean failed() {
        return "failed".equals(state);
    }
}
