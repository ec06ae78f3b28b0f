/**
 * Housekeeping for a Ferry that runs for years (docs/operations.md, "Retention"): finished journal records,
 * delivered forward jobs, sent notifications and the state of reported studies older than their {@code retention:}
 * are deleted in small batches through the journal's own writer, so receiving never waits long for them; the
 * database gives the freed pages back to the file system; store folders with {@code keep:} lose their oldest files.
 * Nothing unfinished is ever touched: an object with an action or forward job not done, a pending notification, a
 * study not yet reported. The rows of the forwarding queue, the outbox and study state are read and deleted through
 * the stores that own those tables ({@link ferry.router.queue.JobStore}, {@link ferry.router.study.OutboxStore},
 * {@link ferry.router.study.StudyStore}); housekeeping decides what goes, and paces the batches.
 */
package ferry.router.retention;
