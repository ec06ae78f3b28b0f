package ferry.router.events;

import java.time.Duration;

/**
 * A destination whose circuit breaker was open answered again: the breaker is closed and its jobs go out.
 *
 * @param destination the destination's name
 * @param downFor     how long the breaker was open
 */
public record DestinationRecovered(String destination, Duration downFor) implements FerryEvent {
}
