package ferry.router.action;

import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import ferry.router.queue.ForwardQueue;
import ferry.router.receive.Spool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an object whose store actions all succeeded: forwarded, its forwarding jobs are written in the
 * transaction that finishes it and handed to the queue (which releases the spool file once every job is done);
 * otherwise it is finished, and its spool file released as the spool says ({@link Spool#release}). What counts once
 * per finished object (a study's arrivals) commits with the finish.
 */
final class Finishing {
    private static final Logger LOG = LoggerFactory.getLogger(Finishing.class);

    private final Journal journal;
    private final Spool spool;
    private final ForwardQueue queue;

    Finishing(Journal journal, Spool spool, ForwardQueue queue) {
        this.journal = journal;
        this.spool = spool;
        this.queue = queue;
    }

    /**
     * The object is stored everywhere and goes nowhere else: it is finished with {@code counted} (or null), committed
     * with the next batch (nothing waits for it), and its spool file is released once that commit is as safe as the
     * spool needs. A stop before the commit leaves the object unfinished with its spool file: the next start carries
     * it out again, finds it placed, and journals where.
     */
    void stored(long id, Path spoolFile, JournalWork counted) {
        try {
            CompletableFuture<Void> committed = journal.finishLater(id, counted);
            committed.whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.error("journal record {}: finishing failed (done again at the next start): {}", id,
                            failure.getMessage());
                }
            });
            spool.release(spoolFile, committed);
        } catch (IOException | IllegalStateException e) {
            LOG.error("journal record {}: finishing failed (done again at the next start): {}", id, e.getMessage());
        }
    }

    /**
     * The object is stored everywhere and is forwarded: its jobs are written in the transaction that finishes it,
     * then handed to the queue; the spool file stays, the queue releases it once every job is done. Nothing waits for
     * the commit (it rides with the next record): a crash before it leaves the object unfinished, to be queued at the
     * restart.
     */
    void forwarded(long id, ReceivedRecord record, List<ForwardQueue.Target> forwards, JournalWork counted) {
        ForwardQueue.Prepared jobs = queue.prepare(id, record, forwards);
        try {
            journal.finishLater(id, transaction -> {
                jobs.work().write(transaction);
                if (counted != null) {
                    counted.write(transaction);
                }
            }).whenComplete((committed, failure) -> {
                if (failure == null) {
                    jobs.afterCommit().run();
                } else {
                    LOG.error("journal record {}: queueing its forwards failed (done again at the next start): {}",
                            id, failure.getMessage());
                }
            });
        } catch (IOException | IllegalStateException e) {
            LOG.error("journal record {}: queueing its forwards failed (done again at the next start): {}", id,
                    e.getMessage());
        }
    }
}
