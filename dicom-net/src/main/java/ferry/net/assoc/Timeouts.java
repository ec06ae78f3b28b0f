package ferry.net.assoc;

import java.time.Duration;

/**
 * The time limits of a {@link Requestor} (PS3.8 §9.1.5 for ARTIM); an acceptor's are its {@link AcceptorLimits}.
 *
 * @param connect how long a requestor waits for the TCP connection
 * @param artim   how long a requestor waits for the A-ASSOCIATE-AC (a TLS handshake included)
 * @param dimse   how long a requestor waits for each read of a DIMSE response
 */
public record Timeouts(Duration connect, Duration artim, Duration dimse) {
    /** 10 s to connect, 10 s ARTIM, 60 s per DIMSE response. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
