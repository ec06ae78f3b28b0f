/**
 * Knowing when a study (or series) has arrived and telling about it: per route and study, what was stored and what
 * was reported lives in the journal's database; completions (quiet period, expected objects or series, a
 * force-after cap) write their notifications into an outbox in the same transaction, and a dispatcher delivers
 * them through the channels of {@link ferry.router.notify} with retries. The settings: {@link
 * ferry.router.study.CompletionConfig} per route, {@link ferry.router.study.RetryConfig} for the deliveries. The SQL
 * of the tables is in their stores, {@link ferry.router.study.StudyStore} and {@link ferry.router.study.OutboxStore};
 * {@link ferry.router.study.StudyTracker} keeps the completion rules.
 */
package ferry.router.study;
