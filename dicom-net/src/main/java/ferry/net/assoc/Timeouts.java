package ferry.net.assoc;

import java.time.Duration;

/**
 * The time limits of an association (PS3.8 §9.1.5 for ARTIM).
 *
 * @param connect how long a requestor waits for the TCP connection
 * @param artim   how long an acceptor waits for the A-ASSOCIATE-RQ after a connection opens, and a requestor for
 *                the A-ASSOCIATE-AC; also the wait for the connection to close after a rejection or release
 * @param dimse   how long a requestor waits for a DIMSE response
 * @param idle    how long an acceptor waits for the next request before it aborts the association
 */
public record Timeouts(Duration connect, Duration artim, Duration dimse, Duration idle) {
    /** 10 s to connect, 10 s ARTIM, 60 s per DIMSE response, 5 minutes idle. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofMinutes(5));

    static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
