package ferry.router.journal;

/**
 * What the journal's writer has done since it was opened: how well group commit batches, and how many fsyncs of its
 * own durability {@code power} costs per object. At {@code power} each received object waits for an fdatasync of the
 * receipt log (shared by the records appended meanwhile), beside the spool's fsync of its file (the spool counts
 * those: {@code Spool#fileSyncs}, {@code Spool#folderSyncs}); the database commits end with an fsync of the
 * write-ahead log only when they hold other packages' work or the receipt log is due to start again; SQLite's
 * checkpoints (every ~1,000 pages) add a few more that are not counted here. At {@code process} nothing is fsync'd on the way to a C-STORE response.
 *
 * @param transactions transactions committed
 * @param logSyncs     fsyncs of the write-ahead log: transactions that ended with one, and those made for
 *                     {@link Journal#whenDurable} (none at {@code process})
 * @param receiptSyncs fdatasyncs of the receipt log ({@code power}: at most one per object, fewer when callers
 *                     share one; none at {@code process})
 * @param objects      received objects recorded
 * @param actions      actions recorded
 * @param finishes     objects finished
 */
public record CommitStats(long transactions, long logSyncs, long receiptSyncs, long objects, long actions,
        long finishes) {

    /** The journal's fsyncs per received object: the receipt log's and the write-ahead log's. */
    public double fsyncsPerObject() {
        return objects == 0 ? 0 : (double) (receiptSyncs + logSyncs) / objects;
    }
}
