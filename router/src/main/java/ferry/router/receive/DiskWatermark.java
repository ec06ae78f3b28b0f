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
    private long free;
    private long checkedAt;

    /** Watches the file system of {@code folder}; {@code minimumFree} 0 turns the check off. */
    public DiskWatermark(Path folder, long minimumFree) throws IOException {
        this.store = Files.getFileStore(folder);
        this.minimumFree = minimumFree;
        this.checkedAt = System.nanoTime() - RECHECK_NANOS - 1;
    }

    public long minimumFree() {
        return minimumFree;
    }

    /** The free space last seen, in bytes. */
    public synchronized long free() throws IOException {
        refresh();
        return free;
    }

    /**
     * Whether an object of about {@code expectedBytes} may be received now; when admitted, its size is counted
     * against the free space until the next check.
     */
    public synchronized boolean admit(long expectedBytes) throws IOException {
        if (minimumFree <= 0) {
            return true;
        }
        refresh();
        if (free - expectedBytes < minimumFree) {
            return false;
        }
        free -= expectedBytes;
        return true;
    }

    private void refresh() throws IOException {
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS) {
            free = store.getUsableSpace();
            checkedAt = now;
        }
    }
}
