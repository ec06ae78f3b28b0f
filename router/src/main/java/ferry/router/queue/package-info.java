/**
 * The durable forwarding queue: a job per (object, destination) in the journal's database, lanes of worker threads
 * per destination, retries with doubling jittered waits, circuit breakers, failed jobs kept with their reasons, and
 * what {@code ferry queue} shows and does.
 */
package ferry.router.queue;
