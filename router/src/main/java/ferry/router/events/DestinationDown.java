package ferry.router.events;

import java.time.Duration;

/**
 * A destination's circuit breaker opened: its deliveries kept failing, so its jobs wait and one probe at a time
 * tries it (docs/forwarding.md).
 *
 * @param destination   the destination's name
 * @param reason        the last failure
 * @param failuresInRow the deliveries that failed in a row
 * @param nextProbeIn   when the first probe goes
 */
public record DestinationDown(String destination, String reason, int failuresInRow, Duration nextProbeIn)
        implements FerryEvent {
}
