package ferry.router.events;

/**
 * A listener accepted an association (A-ASSOCIATE-AC sent).
 *
 * @param association    this association's number in the running Ferry, from 1; the same in the events of its
 *                       instances and in {@link AssociationEnded}
 * @param listener       the listener the peer called: its port, e.g. {@code 11112}
 * @param callingAeTitle the peer's AE title
 * @param calledAeTitle  the AE title the peer called
 * @param peer           the peer's address, {@code host:port}
 */
public record AssociationOpened(long association, String listener, String callingAeTitle, String calledAeTitle,
                                String peer) implements FerryEvent {
}
