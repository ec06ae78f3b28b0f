/**
 * Knowing when a study (or series) has arrived and telling about it: per route and study, what was stored and what
 * was reported lives in the journal's database; completions (quiet period, expected objects or series, a
 * force-after cap) write their notifications into an outbox in the same transaction, and a dispatcher delivers
 * them through the channels of {@link ferry.router.notify} with retries. The settings: {@link
 * ferry.router.study.CompletionConfig} per route, {@link ferry.router.study.RetryConfig} for the deliveries.
 */
package ferry.router.study;
