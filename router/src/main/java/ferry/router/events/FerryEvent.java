package ferry.router.events;

/**
 * Something that happened in a running Ferry, published by {@link Events}. Every event is an immutable record of
 * plain values (names, counts, durations), made on the thread where it happened, after the decision it tells of.
 */
public sealed interface FerryEvent permits AssociationOpened, AssociationEnded, InstanceReceived, InstanceRefused,
        ForwardDelivered, ForwardFailed, DestinationDown, DestinationRecovered, StudyCompleted, NotificationSent,
        NotificationFailed {
}
