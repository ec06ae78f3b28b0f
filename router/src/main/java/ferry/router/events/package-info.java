/**
 * What happens in a running Ferry, told to whoever listens: immutable {@link ferry.router.events.FerryEvent}
 * records (an association opened or ended, an instance received or refused, a forward delivered or failed, a
 * destination down or back, a study complete, a notification sent or failed) published by
 * {@link ferry.router.events.Events} to {@link ferry.router.events.EventListener}s. Deciding and observing are
 * separate: the parts that decide (the receive pipeline, the queue, the study tracker, the notification dispatcher)
 * publish what they did and go on; listeners (the metrics, the log lines of {@link ferry.router.events.EventLog},
 * the counters of {@code ferry status}) observe and return nothing. The package knows no other part of Ferry
 * (docs/architecture.md, "Events").
 */
package ferry.router.events;
