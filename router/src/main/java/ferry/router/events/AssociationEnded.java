package ferry.router.events;

import java.time.Duration;

/**
 * An association ended, with what it brought.
 *
 * @param opened   the association, as {@link AssociationOpened} told of it
 * @param objects  instances received and acknowledged with success
 * @param bytes    their data sets' bytes
 * @param refused  C-STORE requests answered with a failure status
 * @param duration from the acceptance to the end
 * @param outcome  how it ended
 * @param detail   why, for an association not released ({@code null} when released): the abort's or the error's words
 */
public record AssociationEnded(AssociationOpened opened, long objects, long bytes, long refused, Duration duration,
                               Outcome outcome, String detail) implements FerryEvent {
    /** How an association ends. */
    public enum Outcome {
        /** The peer released it (A-RELEASE-RQ, PS3.8 §7.2). */
        RELEASED,
        /** Aborted by either side (A-ABORT, PS3.8 §7.3), a time limit, or a connection closed without a release. */
        ABORTED,
        /** Ended by an error of Ferry's side. */
        FAILED
    }
}
