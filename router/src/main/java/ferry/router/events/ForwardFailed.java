package ferry.router.events;

/**
 * An attempt at a forward job failed.
 *
 * @param destination the destination's name
 * @param route       the route that forwarded it
 * @param job         the job's id
 * @param attempts    the attempts counted so far, this one included
 * @param reason      what the destination answered, or why it could not be reached
 * @param next        what becomes of the job
 */
public record ForwardFailed(String destination, String route, long job, int attempts, String reason, Next next)
        implements FerryEvent {
    /** What becomes of a job whose attempt failed. */
    public enum Next {
        /** Tried again after a doubling wait. */
        RETRY,
        /** It was the circuit breaker's probe: the destination is still down, the job waits for the next probe. */
        PROBE_AGAIN,
        /** Failed for good after the configured attempts: kept for {@code ferry queue retry} or {@code purge}. */
        GIVEN_UP,
        /** The destination refused it for good (trying again cannot help): kept as failed. */
        REJECTED
    }
}
