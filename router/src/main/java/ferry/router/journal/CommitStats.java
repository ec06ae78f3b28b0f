package ferry.router.journal;

/**
 * What the journal's writer has done since it was opened: how well group commit batches, and how many fsyncs
 * durability {@code power} costs per object. At {@code power} each received object waits for an fdatasync of the
 * receipt log (shared by the records appended meanwhile) and an fsync of its spool file; the database commits end
 * with an fsync of the write-ahead log only when they hold other packages' work or the receipt log is due to start
 * again; SQLite's checkpoints (every ~1,000 pages) add a few more that are not counted here. At {@code process}
 * nothing is fsync'd on the way to a C-STORE response.
 *
 * @param transactions    transactions committed
 * @param logSyncs        transactions that ended with an fsync of the write-ahead log (none at {@code process})
 * @param receiptSyncs    fdatasyncs of the receipt log ({@code power}: at most one per object, fewer when callers
 *                        share one; none at {@code process})
 * @param objects         received objects recorded
 * @param actions         actions recorded
 * @param finishes        objects finished
 * @param spoolFileSyncs  spool files fsync'd (durability {@code power}: one per object)
 * @param directorySyncs  spool directories fsync'd (durability {@code power}: at most one per object whose name
 *                        the spool did not make ahead, fewer when callers share one)
 */
public record CommitStats(long transactions, long logSyncs, long receiptSyncs, long objects, long actions,
        long finishes, long spoolFileSyncs, long directorySyncs) {

    /** The fsyncs per received object: spool files, their directories, the receipt log and the write-ahead log. */
    public double fsyncsPerObject() {
        return objects == 0 ? 0 : (double) (spoolFileSyncs + directorySyncs + receiptSyncs + logSyncs) / objects;
    }
}
