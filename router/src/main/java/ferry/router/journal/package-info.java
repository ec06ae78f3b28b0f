/**
 * The journal: Ferry's durable routing record in an embedded SQLite database (WAL). A received object's record
 * and routing decision are written here before its C-STORE success response is sent ({@link
 * ferry.router.journal.Journal#recordReceived}), at one of two {@link ferry.router.journal.Durability} levels,
 * with group commit across concurrent associations; what each route then did to the object follows ({@link
 * ferry.router.journal.Journal#recordAction}) until it is finished. Records are kept after they are finished: the
 * journal is the audit trail. A commit that fails for the disk (full, read-only, an I/O error) is kept and written
 * again until it succeeds ({@link ferry.router.journal.Journal#problem}). The schema grows by numbered migrations ({@code schema_version}); all SQL text is in
 * {@code JournalSql}.
 */
package ferry.router.journal;
