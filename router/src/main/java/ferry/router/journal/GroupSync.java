package ferry.router.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sync (an fsync or fdatasync) shared by every caller that asked for it meanwhile: group commit. A caller asks
 * after its change is written ({@link #request}); the sync runs on a single-threaded executor, and a caller whose
 * request came before a completed sync began finds its future done without another. Optionally the sync lingers
 * before it begins, to gather callers that nothing hurries. A failed sync fails the callers it was to cover.
 */
public final class GroupSync {
    /** The sync itself. */
    @FunctionalInterface
    public interface Action {
        void run() throws IOException;
    }

    private final Executor thread;
    private final Action action;
    private final long lingerMillis;
    private final String closedMessage;
    private final AtomicLong requests = new AtomicLong();
    /** Every request up to this one is covered by a completed sync (only the executor's thread touches it). */
    private long synced;

    /**
     * @param thread        a single-threaded executor: syncs of one group never overlap
     * @param lingerMillis  how long a sync waits before it begins, gathering callers (0: none)
     * @param closedMessage the failure of a request made once the executor is shut down
     */
    public GroupSync(Executor thread, Action action, long lingerMillis, String closedMessage) {
        this.thread = thread;
        this.action = action;
        this.lingerMillis = lingerMillis;
        this.closedMessage = closedMessage;
    }

    /** Completes once a sync begun after this call has completed (exceptionally when it failed). */
    public CompletableFuture<Void> request() {
        long ticket = requests.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    if (synced < ticket) {
                        linger();
                        long covered = requests.get(); // every request so far came before the sync begins
                        action.run();
                        synced = covered;
                    }
                    done.complete(null);
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException(closedMessage, e));
        }
        return done;
    }

    private void linger() throws IOException {
        if (lingerMillis == 0) {
            return;
        }
        try {
            Thread.sleep(lingerMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while gathering callers for a sync");
        }
    }
}
