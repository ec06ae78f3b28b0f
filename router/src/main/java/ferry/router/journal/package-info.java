/**
 * The journal: Ferry's durable routing record in an embedded SQLite database (WAL). A received object's record
 * and routing decision are written here before its C-STORE success response is sent ({@link
 * ferry.router.journal.Journal#recordReceived}); what each route then did to the object follows ({@link
 * ferry.router.journal.Journal#recordAction}) until it is finished. Records are kept after they are finished: the
 * journal is the audit trail.
 *
 * <p>{@link ferry.router.journal.DurabilityPolicy} is the one place that states what each durability level promises
 * and decides; the spool, the store actions and the folder destinations ask it, and so does the journal, whose
 * commits go through one {@code BatchCommitter} (a batch per transaction, a failed commit held and written again,
 * {@link ferry.router.journal.Journal#problem}) driven by one of two strategies: {@code CallerCommits} at
 * {@code process}, {@code WriterThread} (with group syncs, {@link ferry.router.journal.GroupSync}) at {@code power}.
 * The journal's own rows are bound by {@code JournalStore}; the schema grows by numbered migrations
 * ({@code schema_version}); all SQL text is in {@code JournalSql}. See docs/architecture.md (sections "Durability
 * levels" and "The stores and SQL").
 */
package ferry.router.journal;
