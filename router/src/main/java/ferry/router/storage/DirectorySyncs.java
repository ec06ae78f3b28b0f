package ferry.router.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes new names in directories durable for many placed files at once: {@link #sync} asks for an fsync of a
 * directory and returns at once; one thread gathers the requests for a short while after the first of a round
 * ({@link #GATHER}), then fsyncs, one after the other, every directory asked for, and completes every request of a
 * directory with that directory's fsync. A request made while a round's fsyncs run waits for the next round (a
 * running fsync may have missed its name). So the objects of one series placed within a round share one fsync of
 * their folder, and the threads that placed them go on meanwhile. (Without the gathering a round would hold one
 * request: one sender's objects arrive slower than a folder's fsync takes, 0.2 ms on a virtual disk.)
 *
 * <p>Used where the durability policy forces placed files ({@code durability: power}, docs/configuration.md): a
 * stored file's record in the journal is written only once its name is durable, so a power cut never leaves a
 * record naming a file the disk lost. Thread-safe.
 */
public final class DirectorySyncs implements AutoCloseable {
    /** What makes one directory's entries durable. */
    @FunctionalInterface
    public interface Syncer {
        void sync(Path directory) throws IOException;
    }

    /**
     * How long a round gathers requests after its first: what it adds to the time until a stored object is
     * journaled, never to a C-STORE response (the journal's own fsync for a spool name's release gathers 20 ms).
     */
    public static final Duration GATHER = Duration.ofMillis(10);

    private final Syncer syncer;
    private final long gatherNanos;
    private final Thread thread;
    /** Directories asked for since the running round took its own, with their requests; guarded by itself. */
    private final Map<Path, List<CompletableFuture<Void>>> asked = new LinkedHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private boolean closed;

    /** Fsyncs with {@link Placement#forceDirectory}, gathering requests for {@link #GATHER}. */
    public DirectorySyncs() {
        this(Placement::forceDirectory, GATHER);
    }

    /** Fsyncs with {@code syncer} (a test's, to hold a round or make it fail), gathering for {@code gather}. */
    public DirectorySyncs(Syncer syncer, Duration gather) {
        this.syncer = syncer;
        this.gatherNanos = gather.toNanos();
        this.thread = new Thread(this::run, "ferry-directory-sync");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Completes when {@code directory}'s entries as they are now are durable, or exceptionally with an
     * {@link IOException} naming the directory when its fsync failed (also when closed before).
     */
    public CompletableFuture<Void> sync(Path directory) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        requests.incrementAndGet();
        synchronized (asked) {
            if (closed) {
                done.completeExceptionally(new IOException("cannot fsync directory " + directory
                        + ": Ferry is stopping"));
                return done;
            }
            if (asked.isEmpty()) {
                asked.notifyAll(); // a round's first request; later ones wait for the gathering to end
            }
            asked.computeIfAbsent(directory, d -> new ArrayList<>()).add(done);
        }
        return done;
    }

    /** {@link #sync} of each of {@code directories}: completes when all are durable (at once when there are none). */
    public CompletableFuture<Void> syncAll(Collection<Path> directories) {
        if (directories.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(directories.stream().distinct().map(this::sync)
                .toArray(CompletableFuture[]::new));
    }

    private void run() {
        while (true) {
            Map<Path, List<CompletableFuture<Void>>> round;
            synchronized (asked) {
                while (asked.isEmpty() && !closed) {
                    try {
                        asked.wait();
                    } catch (InterruptedException e) {
                        // only close() stops this thread
                    }
                }
                if (asked.isEmpty()) {
                    return; // closed, and every request answered
                }
                long until = System.nanoTime() + gatherNanos;
                for (long left = gatherNanos; left > 0 && !closed; left = until - System.nanoTime()) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(asked, left);
                    } catch (InterruptedException e) {
                        // only close() stops this thread
                    }
                }
                round = new LinkedHashMap<>(asked);
                asked.clear();
            }
            round.forEach(this::syncOne);
        }
    }

    private void syncOne(Path directory, List<CompletableFuture<Void>> waiting) {
        try {
            syncer.sync(directory);
            syncs.incrementAndGet();
            waiting.forEach(done -> done.complete(null));
        } catch (IOException | RuntimeException e) {
            IOException failure = new IOException("could not fsync directory " + directory + " (the new names in it"
                    + " may not survive a power cut): " + e.getMessage(), e);
            waiting.forEach(done -> done.completeExceptionally(failure));
        }
    }

    /** Directories asked for so far (one per placed file that needed it). */
    public long requests() {
        return requests.get();
    }

    /** Fsyncs made so far: fewer than {@link #requests} when placed files shared them. */
    public long syncs() {
        return syncs.get();
    }

    /** Answers every request made so far (the fsyncs are made), then stops the thread; later requests fail. */
    @Override
    public void close() {
        synchronized (asked) {
            closed = true;
            asked.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
