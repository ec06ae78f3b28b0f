package ferry.router.receive;

import ferry.router.journal.DurabilityPolicy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the spool's next files come from: names never used before, empty files made ahead, and recycled files.
 *
 * <p>Names made ahead: a background thread creates empty files for the next objects, {@value #NAMES_AHEAD} at a time,
 * again whenever fewer than half are left, so that creating a file (allocating its inode, 0.3 ms on a virtual disk) is
 * not on an object's way to its response; where the policy asks ({@link DurabilityPolicy#syncsNamesAhead}) it fsyncs
 * the folder once for all of them.
 *
 * <p>Recycled files ({@link DurabilityPolicy#recyclesSpoolFiles}): a spool file no longer needed is renamed
 * {@code recycled-N} at once, and a later object is written into it under a new name instead of into a new file.
 * Creating a file allocates an inode and deleting one frees it, and on a busy relay that pair was most of the
 * receiving thread's system time: ext4 without a journal, for one, searches past every inode freed in the last minutes
 * on each allocation. Only a file whose one name is the spool's is reused: a spool file hard-linked into a store
 * folder or a folder destination is the stored file too, so handing it back removes only its spool name. Thread-safe.
 */
final class SpoolNames implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolNames.class);
    /** How many names are made at once, and made again when fewer than half are left. */
    static final int NAMES_AHEAD = 64;
    /** Spools made in this process so far. */
    private static final AtomicInteger SPOOLS = new AtomicInteger();

    private final Path folder;
    private final Path absoluteFolder;
    private final boolean syncsNames;
    private final boolean recycles;
    private final AtomicLong counter = new AtomicLong();
    private final String prefix;
    private final ConcurrentLinkedQueue<Path> recycled = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recycledCount = new AtomicInteger();
    /** Empty files made ahead for the next objects (their names fsync'd into the folder where the policy asks). */
    private final ConcurrentLinkedQueue<Path> named = new ConcurrentLinkedQueue<>();
    private final AtomicInteger namedCount = new AtomicInteger();
    private final AtomicBoolean naming = new AtomicBoolean();
    /** Makes names ahead. */
    private final ExecutorService namer;
    private volatile boolean closed;

    /** Names in {@code folder}, which exists; the first names are made before this returns. */
    SpoolNames(Path folder, DurabilityPolicy policy) throws IOException {
        this.folder = folder;
        this.absoluteFolder = folder.toAbsolutePath().normalize();
        this.syncsNames = policy.syncsNamesAhead();
        this.recycles = policy.recyclesSpoolFiles();
        // The start time and this spool's number in the process: names never repeat across restarts or spools.
        this.prefix = Long.toString(System.currentTimeMillis(), 36) + "-" + SPOOLS.incrementAndGet() + "-";
        this.namer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-spool-names");
            thread.setDaemon(true);
            return thread;
        });
        try {
            makeNames();
        } catch (IOException | RuntimeException e) {
            namer.shutdown();
            throw e;
        }
    }

    /** A name never used before: a path once recorded in the journal never names another object. */
    Path newName() {
        return folder.resolve(prefix + counter.incrementAndGet() + ".dcm");
    }

    /** Whether a recycled file may be waiting. */
    boolean mayReuse() {
        return !recycled.isEmpty();
    }

    /**
     * Renames a recycled file, if there is one, to {@code file}; false when there is none (or they are gone).
     */
    boolean reuseAs(Path file) throws IOException {
        Path old;
        while ((old = recycled.poll()) != null) {
            recycledCount.decrementAndGet();
            try {
                Files.move(old, file);
                return true;
            } catch (NoSuchFileException e) {
                // removed from the spool by hand meanwhile: try the next
            }
        }
        return false;
    }

    /** The next name made ahead, or null when none is left; asks for more when half are used. */
    Path takeName() {
        Path name = named.poll();
        if (name != null) {
            namedCount.decrementAndGet();
        }
        if (namedCount.get() < NAMES_AHEAD / 2 && !closed && naming.compareAndSet(false, true)) {
            try {
                namer.execute(this::makeNamesQuietly);
            } catch (RejectedExecutionException e) {
                naming.set(false); // closed meanwhile
            }
        }
        return name;
    }

    /** Whether a name made ahead is on disk (its folder fsync'd) when taken. */
    boolean namesOnDisk() {
        return syncsNames;
    }

    private void makeNamesQuietly() {
        try {
            makeNames();
        } catch (IOException e) {
            // objects get names of their own meanwhile, and their folder is fsync'd with their record
            LOG.warn("spool {}: could not make names ahead: {}", folder, e.getMessage());
        } finally {
            naming.set(false);
        }
    }

    /** Creates {@value #NAMES_AHEAD} empty files (and fsyncs the folder once, if asked); then they may be taken. */
    private void makeNames() throws IOException {
        List<Path> made = new ArrayList<>(NAMES_AHEAD);
        try {
            for (int i = 0; i < NAMES_AHEAD; i++) {
                Path name = newName();
                Files.newByteChannel(name, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW).close();
                made.add(name);
            }
            if (syncsNames) {
                try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
                    directory.force(true);
                }
            }
        } catch (IOException e) {
            for (Path name : made) {
                Files.deleteIfExists(name);
            }
            throw e;
        }
        named.addAll(made);
        namedCount.addAndGet(made.size());
    }

    /**
     * Takes back a spool file nothing needs any more, for a later object to be written into: it is renamed
     * {@code recycled-N} at once (so the spool shows it holds no object). Up to {@value Spool#RECYCLED_FILES} such
     * files of at most {@value Spool#RECYCLED_SIZE_LIMIT} bytes are kept and the others deleted; {@link #close} and the
     * next start delete them. A file with another name (a store folder's or a folder destination's hard link to it), a
     * file outside the spool folder, one handed back after {@link #close}, or any where the policy does not recycle,
     * is deleted: only its spool name goes.
     */
    void recycle(Path file) throws IOException {
        if (closed || !recycles || !absoluteFolder.equals(file.toAbsolutePath().normalize().getParent())) {
            Files.deleteIfExists(file);
            return;
        }
        if (recycledCount.incrementAndGet() > Spool.RECYCLED_FILES) {
            recycledCount.decrementAndGet();
            Files.deleteIfExists(file);
            return;
        }
        Path slot = folder.resolve(Spool.RECYCLED_PREFIX + counter.incrementAndGet());
        boolean kept = false;
        try {
            if (!reusable(file)) {
                Files.delete(file); // the spool's name only: a stored copy keeps its bytes
                return;
            }
            Files.move(file, slot);
            recycled.add(slot);
            kept = true;
        } catch (NoSuchFileException e) {
            // removed by hand meanwhile: nothing to keep
        } finally {
            if (!kept) {
                recycledCount.decrementAndGet();
            }
        }
    }

    /**
     * Whether a later object may be written into {@code file}: it is at most {@value Spool#RECYCLED_SIZE_LIMIT}
     * bytes, and the spool's name is its only one. A store action and a folder destination place an object by a hard
     * link to its spool file, so the placed file is the same file: written into, it would hold the later object. Both
     * link it before its last forwarding job is done, and {@link #recycle} comes after that, so no link is made after
     * this check. Where the link count cannot be read, no file is reused.
     */
    private static boolean reusable(Path file) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, "unix:size,nlink"); // one stat, as Files.size
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixAttributes) {
            return false;
        }
        return ((Number) attributes.get("nlink")).longValue() == 1
                && ((Number) attributes.get("size")).longValue() <= Spool.RECYCLED_SIZE_LIMIT;
    }

    /** Names made ahead and not taken yet. */
    int namesAhead() {
        return namedCount.get();
    }

    /** Whether {@code file} is a name made ahead, not taken yet: an empty file that a start must not delete. */
    boolean isNameAhead(Path file) {
        return named.contains(file) || named.contains(file.toAbsolutePath().normalize());
    }

    /** Spool files waiting to be reused. */
    int recycled() {
        return recycledCount.get();
    }

    /** Stops making names and deletes the recycled files and the names made ahead. */
    @Override
    public void close() throws IOException {
        closed = true;
        namer.shutdown();
        try {
            namer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path slot;
        while ((slot = recycled.poll()) != null) {
            recycledCount.decrementAndGet();
            Files.deleteIfExists(slot);
        }
        while ((slot = named.poll()) != null) {
            namedCount.decrementAndGet();
            Files.deleteIfExists(slot);
        }
    }
}
