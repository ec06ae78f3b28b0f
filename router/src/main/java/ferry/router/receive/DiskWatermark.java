package ferry.router.receive;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Admission control: new objects are refused while the free space of the spool's file system is under the
 * configured minimum, so the disk never fills with half-written files. The free space is asked of the operating
 * system at most every {@link #RECHECK_NANOS} (a statfs call), and counted down by the bytes announced in between,
 * so a burst cannot overrun the watermark between checks.
 */
public final class DiskWatermark {
    /** How often the file system is asked for its free space. */
    static final long RECHECK_NANOS = 200_000_000L;

    private final FileStore store;
    private final long minimumFree;
    private final long recheckNanos;
    private long free;
    private long checkedAt;

    /** Watches the file system of {@code folder}; {@code minimumFree} 0 turns the check off. */
    public DiskWatermark(Path folder, long minimumFree) throws IOException {
        this(folder, minimumFree, RECHECK_NANOS);
    }

    DiskWatermark(Path folder, long minimumFree, long recheckNanos) throws IOException {
        this.store = Files.getFileStore(folder);
        this.minimumFree = minimumFree;
        this.recheckNanos = recheckNanos;
        this.checkedAt = System.nanoTime() - recheckNanos - 1;
    }

    public long minimumFree() {
        return minimumFree;
    }

    /** The free space last seen, in bytes. */
    public synchronized long free() throws IOException {
        refresh();
        return free;
    }

    /** Whether a new object may be received now: the free space last seen is above the minimum. */
    public synchronized boolean admits() throws IOException {
        if (minimumFree <= 0) {
            return true;
        }
        refresh();
        return free >= minimumFree;
    }

    /** Counts {@code bytes} just written against the free space until the next check. */
    public synchronized void written(long bytes) {
        free -= bytes;
    }

    private void refresh() throws IOException {
        long now = System.nanoTime();
        if (now - checkedAt > recheckNanos) {
            free = store.getUsableSpace();
            checkedAt = now;
        }
    }
}
