/**
 * The durable forwarding queue: a job per (object, destination) in the journal's database, lanes of worker threads
 * per destination, retries with doubling jittered waits, circuit breakers, failed jobs kept with their reasons, and
 * what {@code ferry queue} and {@code ferry status} show ({@link ferry.router.queue.DestinationQueue}); its settings
 * are {@link ferry.router.queue.QueueConfig}. The table's SQL is in one place, {@link ferry.router.queue.JobStore}
 * (text in {@code JobSql}); {@link ferry.router.queue.ForwardQueue} schedules.
 */
package ferry.router.queue;
