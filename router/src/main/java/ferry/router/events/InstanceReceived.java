package ferry.router.events;

import java.time.Duration;
import java.util.List;

/**
 * An instance was received, recorded as safe as the durability level promises, and is about to be acknowledged with
 * success. Published on the association's thread just before the C-STORE response is sent.
 *
 * @param association    the association's number ({@link AssociationOpened#association()}), 0 outside a listener
 * @param listener       the listener's port, or empty outside a listener
 * @param callingAeTitle the sender's AE title
 * @param calledAeTitle  the AE title it called
 * @param routes         the routes that matched, in order; empty when none did (the object is kept as unrouted)
 * @param bytes          the data set's bytes as received (the stored file adds its File Meta Information)
 * @param storeNanos     from the C-STORE request to the response, in nanoseconds: receiving the data set, writing it,
 *                       routing it, recording it
 */
public record InstanceReceived(long association, String listener, String callingAeTitle, String calledAeTitle,
                               List<String> routes, long bytes, long storeNanos) implements FerryEvent {
    public InstanceReceived {
        routes = List.copyOf(routes);
    }

    /** {@link #storeNanos} as a duration. */
    public Duration storeTime() {
        return Duration.ofNanos(storeNanos);
    }
}
