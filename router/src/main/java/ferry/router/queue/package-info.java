/**
 * The durable forwarding queue: a job per (object, destination) in the journal's database, lanes of worker threads
 * per destination, retries with doubling jittered waits, circuit breakers, failed jobs kept with their reasons, jobs
 * claimed for a lease by one node at a time and breakers shared where several nodes share the database
 * ({@link ferry.router.queue.ClaimSettings}, docs/cluster.md), and
 * what {@code ferry queue} and {@code ferry status} show ({@link ferry.router.queue.DestinationQueue}); its settings
 * are {@link ferry.router.queue.QueueConfig}. The table's SQL is in one place, {@link ferry.router.queue.JobStore}
 * (text in {@code JobSql}), the breakers' in {@code Breakers}; {@link ferry.router.queue.ForwardQueue} schedules.
 */
package ferry.router.queue;
