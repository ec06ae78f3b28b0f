package ferry.router.replicate;

import java.io.IOException;

/**
 * A destination that cannot say what it holds (a storescp takes C-STORE only and refuses C-FIND): the replication
 * then relies on its record alone, and the destination's own handling of duplicates.
 */
public final class PresenceUnknownException extends IOException {
    public PresenceUnknownException(String message) {
        super(message);
    }
}
