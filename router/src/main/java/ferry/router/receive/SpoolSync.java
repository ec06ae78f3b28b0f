package ferry.router.receive;

import ferry.router.journal.GroupSync;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes spool files durable where the policy asks ({@link ferry.router.journal.DurabilityPolicy#syncsSpoolFiles}):
 * a file's fsync on the calling thread and, for a name not made ahead, an fsync of the folder by the folder syncer
 * at the same time, one for every object that asked until it began ({@link GroupSync}). Thread-safe.
 */
final class SpoolSync implements AutoCloseable {
    private final Path folder;
    private final ExecutorService folderSyncer;
    private final GroupSync folderSync;
    private final AtomicLong fileSyncs = new AtomicLong();
    private final AtomicLong folderSyncs = new AtomicLong();

    SpoolSync(Path folder) {
        this.folder = folder;
        this.folderSyncer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-spool-folder-sync");
            thread.setDaemon(true);
            return thread;
        });
        this.folderSync = new GroupSync(folderSyncer, this::syncFolder, 0, "spool " + folder + " is closed");
    }

    /** Fsyncs {@code file} and, unless {@code nameOnDisk}, its name in the folder; returns when both are done. */
    void sync(Path file, boolean nameOnDisk) throws IOException {
        CompletableFuture<Void> named = nameOnDisk ? null : folderSync.request();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw new IOException("spool " + folder + ": spool file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IOException("spool " + folder + ": could not fsync spool file " + file + ": " + e.getMessage(),
                    e);
        }
        fileSyncs.incrementAndGet();
        if (named != null) {
            await(named);
        }
    }

    /** Only the folder syncer calls this. */
    private void syncFolder() throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new IOException("spool " + folder + ": could not fsync the spool folder: " + e.getMessage(), e);
        }
        folderSyncs.incrementAndGet();
    }

    private static void await(CompletableFuture<Void> done) throws IOException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the spool folder is fsync'd");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    long fileSyncs() {
        return fileSyncs.get();
    }

    long folderSyncs() {
        return folderSyncs.get();
    }

    @Override
    public void close() {
        folderSyncer.shutdown();
        try {
            folderSyncer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
