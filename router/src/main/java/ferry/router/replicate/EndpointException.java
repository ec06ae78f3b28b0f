package ferry.router.replicate;

import java.io.IOException;

/**
 * A replication's source or destination cannot be used at all: unreachable, credentials refused, not the server
 * expected. The message names which one and why, never a secret; {@code ferry replicate} exits with
 * {@link Side#exitCode()}.
 */
public final class EndpointException extends IOException {
    /** Which end failed. */
    public enum Side {
        SOURCE(3), DESTINATION(4);

        private final int exitCode;

        Side(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The exit code of {@code ferry replicate} when this end cannot be used (docs/replication.md). */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Side side;

    public EndpointException(Side side, String message) {
        super(message);
        this.side = side;
    }

    public EndpointException(Side side, String message, Throwable cause) {
        super(message, cause);
        this.side = side;
    }

    public Side side() {
        return side;
    }
}
