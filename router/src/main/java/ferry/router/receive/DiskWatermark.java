package ferry.router.receive;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Admission control: new objects are refused while the free space of the spool's file system is under the
 * configured minimum, so the disk never fills with half-written files. The free space is asked of the operating
 * system for every object (one statvfs call, about a microsecond): an estimate counted down by the bytes written
 * since an earlier look only ever shrinks, while spool files recycled, deleted or moved to another file system give
 * their space back, and so it refused objects while the disk had room.
 */
public final class DiskWatermark {
    private final FileStore store;
    private final long minimumFree;

    /** Watches the file system of {@code folder}; {@code minimumFree} 0 turns the check off. */
    public DiskWatermark(Path folder, long minimumFree) throws IOException {
        this.store = Files.getFileStore(folder);
        this.minimumFree = minimumFree;
    }

    public long minimumFree() {
        return minimumFree;
    }

    /** The free space now, in bytes (what this user may use). */
    public long free() throws IOException {
        return store.getUsableSpace();
    }

    /** Whether a new object may be received now: the free space is at least the minimum. */
    public boolean admits() throws IOException {
        return minimumFree <= 0 || free() >= minimumFree;
    }

    /**
     * Whether {@code e} is the operating system saying that the disk, or the user's quota, is full (ENOSPC, EDQUOT):
     * an object that met it while being written is refused like one refused by the watermark.
     */
    public static boolean isDiskFull(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }
}
