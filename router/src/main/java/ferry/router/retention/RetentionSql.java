package ferry.router.retention;

/**
 * The SQL of housekeeping on the journal's own tables ({@code received_object}, {@code object_action}) and on the
 * database file; the rows of the forwarding queue, the outbox and study state are read and deleted by the stores
 * that own those tables ({@code JobStore}, {@code OutboxStore}, {@code StudyStore}). Candidates are read in id order
 * a batch at a time, so no query scans a table more than once per run, and deleted by primary key or by an index;
 * rows are only ever deleted when they are done with.
 *
 * <p>The deletions are the same text on SQLite and PostgreSQL. The {@code PRAGMA}s are SQLite's: PostgreSQL's
 * autovacuum makes the space of deleted rows reusable by itself, so {@link Housekeeping} leaves its vacuum step out
 * there rather than run other text.
 */
final class RetentionSql {
    private RetentionSql() {
    }

    static final String OBJECTS_AFTER = """
            SELECT id, received_at, finished_at FROM received_object WHERE id > ? ORDER BY id LIMIT ?""";
    static final String COUNT_ACTIONS_OF_OBJECT = "SELECT count(*) FROM object_action WHERE object_id = ?";
    static final String DELETE_ACTIONS_OF_OBJECT = "DELETE FROM object_action WHERE object_id = ?";
    static final String DELETE_OBJECT = "DELETE FROM received_object WHERE id = ? AND finished_at IS NOT NULL";

    static final String AUTO_VACUUM = "PRAGMA auto_vacuum";
    static final String FREE_PAGES = "PRAGMA freelist_count";
    static final String PAGE_SIZE = "PRAGMA page_size";
    /** Gives up to this many free pages back to the file system (with auto_vacuum = INCREMENTAL). */
    static final String INCREMENTAL_VACUUM = "PRAGMA incremental_vacuum(1000)";
    /** SQLite's auto_vacuum value of INCREMENTAL. */
    static final int AUTO_VACUUM_INCREMENTAL = 2;
}
