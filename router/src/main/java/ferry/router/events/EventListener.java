package ferry.router.events;

/**
 * Observes {@link FerryEvent}s. It is called on the thread where the event happened, for
 * {@link InstanceReceived} the association's own thread before the C-STORE response goes out, so it must be quick:
 * count, remember, hand over; never block, never wait for I/O. What it throws is logged by {@link Events} and
 * changes nothing else.
 */
@FunctionalInterface
public interface EventListener {
    void on(FerryEvent event);
}
