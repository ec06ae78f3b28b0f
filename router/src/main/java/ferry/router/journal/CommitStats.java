package ferry.router.journal;

/**
 * What the journal's writer has done since it was opened: how well group commit batches, and how many fsyncs
 * durability {@code power} costs per object. At {@code power} a transaction with received objects ends with one
 * fsync of the write-ahead log; SQLite's checkpoints (every ~1,000 pages) add a few more that are not counted here. At
 * {@code process} nothing is fsync'd on the way to a C-STORE response.
 *
 * @param transactions    transactions committed
 * @param logSyncs        transactions that ended with an fsync of the write-ahead log (at {@code power} those
 *                        with received objects or other packages' work, none at {@code process})
 * @param objects         received objects recorded
 * @param actions         actions recorded
 * @param finishes        objects finished
 * @param spoolFileSyncs  spool files fsync'd (durability {@code power}: one per object)
 * @param directorySyncs  spool directories fsync'd (durability {@code power}: one per directory per transaction)
 */
public record CommitStats(long transactions, long logSyncs, long objects, long actions, long finishes,
        long spoolFileSyncs, long directorySyncs) {

    /** The fsyncs per received object: spool files, their directories and the log. */
    public double fsyncsPerObject() {
        return objects == 0 ? 0 : (double) (spoolFileSyncs + directorySyncs + logSyncs) / objects;
    }
}
