package ferry.router.replicate.dicom;

import ferry.net.assoc.AssociationAbortedException;
import ferry.net.assoc.AssociationInfo;
import ferry.net.assoc.PresentationContext;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Status;
import ferry.net.service.FolderStore;
import ferry.net.service.RetrieveScu;
import ferry.net.service.StoreHandler;
import ferry.router.replicate.InstanceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one object a fetch from a DICOM node waits for: written to its target as it arrives ({@link FolderStore#write},
 * streamed), another instance refused. A C-GET hands it the C-STORE sub-operations of the fetch's own association; a
 * C-MOVE's {@link MoveListener} the object of its SOP Instance UID, on a thread of the listener: so what happened is
 * kept under a lock, and {@link #awaitEnd} waits for a store under way. After the retrieval's final response,
 * {@link #notFetched} says why it did not come.
 */
final class ExpectedObject implements StoreHandler {
    private final Path target;
    private final String sopInstanceUid;
    /** Whether a C-STORE of it began; guarded by {@code this}, as the rest. */
    private boolean arrived;
    /** Whether that C-STORE was answered. */
    private boolean ended;
    private boolean written;
    /** Why the object was refused (a broken data set, another instance), or null. */
    private String refusal;
    /** Why it could not be written, or null. */
    private IOException writeFailure;

    ExpectedObject(Path target, String sopInstanceUid) {
        this.target = target;
        this.sopInstanceUid = sopInstanceUid;
    }

    String sopInstanceUid() {
        return sopInstanceUid;
    }

    /** Marks it as arriving: its C-STORE is about to be handed to {@link #store}. */
    synchronized void claim() {
        arrived = true;
    }

    @Override
    public Status store(AssociationInfo association, PresentationContext context, CStoreRq request,
                        InputStream dataSet) throws IOException {
        claim();
        Status status = null;
        try {
            if (!request.affectedSopInstanceUid().equals(sopInstanceUid)) {
                status = Status.PROCESSING_FAILURE.withComment("not the instance asked for");
                refused(status + " (it sent " + request.affectedSopInstanceUid() + ")");
                return status;
            }
            try {
                status = FolderStore.write(target, association, context, request, dataSet);
            } catch (AssociationAbortedException e) {
                throw e;
            } catch (IOException e) {
                synchronized (this) {
                    writeFailure = e;
                }
                status = Status.OUT_OF_RESOURCES.withComment("cannot write it");
                return status;
            }
            if (!status.isSuccessOrWarning()) {
                refused(status.toString());
            }
            return status;
        } finally {
            synchronized (this) {
                written = written || status != null && status.isSuccessOrWarning();
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void refused(String why) {
        refusal = why;
    }

    /** Whether it was written to the target. */
    synchronized boolean written() {
        return written;
    }

    /**
     * Waits until a C-STORE of it under way is answered, or, none having begun, up to {@code grace} for one to
     * begin (and then end). A store under way ends by the listener's time limits if not by itself.
     */
    synchronized void awaitEnd(Duration grace) throws InterruptedException {
        long until = System.nanoTime() + grace.toNanos();
        while (!ended) {
            long left = until - System.nanoTime();
            if (!arrived && left <= 0) {
                return;
            }
            wait(arrived ? 1000 : Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Why it did not come by a retrieval answered {@code result}: an {@link InstanceException} when asking again would
     * not help.
     *
     * @param node        the node, as {@link DicomNode#describe()} says
     * @param operation   "C-GET" or "C-MOVE"
     * @param noStoreCame why no C-STORE may have come, when none did
     */
    synchronized IOException notFetched(String node, String operation, DicomLocator locator,
                                        RetrieveScu.Result result, String noStoreCame) {
        if (result.status().isSuccessOrWarning() && result.completed() == 0 && result.failed() == 0
                && result.warning() == 0 && !arrived) {
            return new InstanceException(node + " has no instance " + locator + " (a " + operation
                    + " at IMAGE level matched nothing: deleted since it was listed?)");
        }
        String answered = node + ": the " + operation + " of " + locator + " was answered " + result.status() + ", "
                + result.completed() + " completed, " + result.failed() + " failed";
        if (writeFailure != null) {
            return new IOException(answered + "; Ferry could not write it to " + target + ": "
                    + writeFailure.getMessage(), writeFailure);
        }
        if (result.status().category() == Status.Category.CANCEL) {
            return new IOException(answered);
        }
        if (refusal != null) {
            return new InstanceException(answered + "; Ferry refused its C-STORE with " + refusal);
        }
        if (!arrived) {
            return new InstanceException(answered + "; " + noStoreCame);
        }
        return new InstanceException(answered);
    }
}
