package ferry.router.receive;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationInfo;
import ferry.net.dimse.CStoreRq;
import ferry.router.journal.Durability;
import ferry.router.journal.ReceivedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where received objects are written first: one Part 10 file per object in the spool folder, streamed from the
 * association as it arrives (never whole in memory). The first bytes of the data set are kept as they pass, so
 * the routing header can usually be parsed without reading the file back. A spool file without a journal record
 * was never acknowledged: a restart deletes it.
 *
 * <p>A spool file that is no longer needed (its object was forwarded and nothing else keeps it) can be handed back
 * with {@link #recycle}: a later object is written into it, under a new name, instead of into a new file. Creating a
 * file allocates an inode and deleting one frees it, and on a busy relay that pair was most of the receiving
 * thread's system time: ext4 without a journal, for one, searches past every inode freed in the last minutes on
 * each allocation. A recycled file is renamed when taken back and again when reused, so a path once recorded in
 * the journal never names another object; it is overwritten in place and cut to its new length (never truncated
 * to zero first, which would make ext4 flush it on close, {@code auto_da_alloc}). Only a file whose one name is
 * the spool's is reused: a spool file hard-linked into a store folder or a folder destination is the stored file too,
 * so handing it back removes only its spool name.
 *
 * <p>The spool names files ahead: a background thread creates empty files for the next objects,
 * {@value #NAMES_AHEAD} at a time, so that creating a file (allocating its inode, 0.3 ms on a virtual disk) is not on
 * an object's way to its response. At durability {@code power} that thread also fsyncs the folder once for all of
 * them, so that an object written into one needs no fsync of the folder before its response
 * ({@link Spooled#nameOnDisk}), and the spool takes each file's CRC-32C as it writes it ({@link Spooled#checksum}).
 * Recycling is off at {@code power}: a recycled file's new name would need that fsync again; at {@code process} a
 * recycled file is used before a name made ahead.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    /** How much of the start of each data set is kept in memory for the header parse. */
    static final int HEAD_BYTES = 64 * 1024;
    /**
     * Where each association's thread gathers bytes for the spool file: direct memory, written to the file as it
     * is (a heap array would be copied into a temporary direct buffer by every write).
     */
    private static final ThreadLocal<ByteBuffer> STAGING =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    /** Spool files kept for reuse at most; more are deleted. */
    public static final int RECYCLED_FILES = 32;
    /** Larger files are deleted rather than kept (a multi-frame object's gigabytes should not wait on disk). */
    static final long RECYCLED_SIZE_LIMIT = 4L << 20;
    /** The names of recycled files: {@code recycled-N}. */
    public static final String RECYCLED_PREFIX = "recycled-";

    /** Spools made in this process so far. */
    private static final AtomicInteger SPOOLS = new AtomicInteger();

    private final Path folder;
    private final Path absoluteFolder;
    private final AtomicLong counter = new AtomicLong();
    private final String prefix;
    private final ConcurrentLinkedQueue<Path> recycled = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recycledCount = new AtomicInteger();
    /** How many names are made at once, and made again when fewer than half are left. */
    static final int NAMES_AHEAD = 64;

    private final boolean power;
    /** Empty files made ahead for the next objects (at power, with their names fsync'd into the folder). */
    private final ConcurrentLinkedQueue<Path> named = new ConcurrentLinkedQueue<>();
    private final AtomicInteger namedCount = new AtomicInteger();
    private final AtomicBoolean naming = new AtomicBoolean();
    /** Makes names ahead. */
    private final ExecutorService namer;
    private volatile boolean closed;

    /**
     * A spool in {@code folder}, created if needed, for objects received at {@code durability}. The first names
     * are made before this returns.
     */
    public Spool(Path folder, Durability durability) throws IOException {
        this.power = durability == Durability.POWER;
        this.folder = Files.createDirectories(folder);
        this.absoluteFolder = folder.toAbsolutePath().normalize();
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

    public Path folder() {
        return folder;
    }

    /**
     * One spooled object.
     *
     * @param file   the Part 10 file in the spool
     * @param size   its size in bytes
     * @param syntax the transfer syntax of its data set
     * @param head   the first bytes of the data set (all of it when {@code complete}) in its first
     *               {@code headLength} bytes
     * @param headLength how many bytes of {@code head} hold the data set's start
     * @param complete whether the head is the whole data set
     * @param checksum the CRC-32C of the whole file, or {@link ReceivedRecord#NO_CHECKSUM} when the spool takes none
     * @param nameOnDisk whether the file's name was already fsync'd into the folder (a name made ahead at
     *                   {@code power}): only the file itself then needs an fsync
     */
    public record Spooled(Path file, long size, TransferSyntax syntax, byte[] head, int headLength,
                          boolean complete, long checksum, boolean nameOnDisk) {
    }

    /**
     * Writes the object arriving on {@code dataSet} to a new spool file with a file meta group describing it. On
     * any failure the partial file is removed and the exception rethrown.
     */
    public Spooled write(AssociationInfo association, String transferSyntaxUid, CStoreRq request,
                         InputStream dataSet) throws IOException {
        DataSet meta = new DataSet();
        meta.setString(Tags.MediaStorageSOPClassUID, Vr.UI, request.affectedSopClassUid());
        meta.setString(Tags.MediaStorageSOPInstanceUID, Vr.UI, request.affectedSopInstanceUid());
        meta.setString(Tags.SourceApplicationEntityTitle, Vr.AE, association.callingAeTitle());
        TransferSyntax syntax = TransferSyntax.of(transferSyntaxUid);
        Path file = null;
        FileChannel channel = null;
        boolean nameOnDisk = false;
        boolean reused = false;
        if (!recycled.isEmpty()) { // never at power
            file = folder.resolve(prefix + counter.incrementAndGet() + ".dcm");
            reused = reuse(file);
            if (reused) {
                channel = openReused(file);
            }
        }
        for (Path name; channel == null && (name = takeName()) != null; ) {
            try {
                channel = FileChannel.open(name, StandardOpenOption.WRITE); // empty
                file = name;
                nameOnDisk = power;
            } catch (NoSuchFileException e) {
                // removed from the spool by hand: take the next
            }
        }
        if (channel == null) {
            file = folder.resolve(prefix + counter.incrementAndGet() + ".dcm");
            // a new file, never one of the same name written into (it could be a stored file's other name)
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        }
        boolean written = false;
        try (FileChannel open = channel) {
            HeadCapture capture = new HeadCapture(open, STAGING.get(), power ? new CRC32C() : null);
            DicomWriter.writeHeader(capture.raw(), DicomWriter.completeMeta(meta, new DataSet(), syntax));
            long metaBytes = capture.rawCount();
            capture.startCapturing();
            dataSet.transferTo(capture);
            capture.flush();
            long size = metaBytes + capture.captured();
            if (reused) {
                open.truncate(size); // the rest of the earlier object
            }
            written = true;
            return new Spooled(file, size, syntax, capture.head(), capture.headLength(),
                    capture.captured() <= HEAD_BYTES, capture.checksum(), nameOnDisk);
        } finally {
            if (!written) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Opens {@code file}, a recycled file renamed to it, for writing; when that fails, deletes it. */
    private static FileChannel openReused(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** The next name made ahead, or null when none is left; asks for more when half are used. */
    private Path takeName() {
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

    /** Creates {@value #NAMES_AHEAD} empty files (at power, then fsyncs the folder once); then they may be taken. */
    private void makeNames() throws IOException {
        List<Path> made = new ArrayList<>(NAMES_AHEAD);
        try {
            for (int i = 0; i < NAMES_AHEAD; i++) {
                Path name = folder.resolve(prefix + counter.incrementAndGet() + ".dcm");
                Files.newByteChannel(name, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW).close();
                made.add(name);
            }
            if (power) {
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
     * Takes back a spool file nothing needs any more (every action and job of its object is done and recorded), for
     * a later object to be written into: it is renamed {@code recycled-N} at once (so the spool shows it holds no
     * object). The spool keeps up to {@value #RECYCLED_FILES} such files of at most {@value #RECYCLED_SIZE_LIMIT}
     * bytes and deletes the others; {@link #close} and the next start delete them. A file with another name (a
     * store folder's or a folder destination's hard link to it), a file outside the spool folder, one handed back
     * after {@link #close}, or any at durability {@code power}, is deleted: only its spool name goes.
     */
    public void recycle(Path file) throws IOException {
        if (closed || power || !absoluteFolder.equals(file.toAbsolutePath().normalize().getParent())) {
            Files.deleteIfExists(file);
            return;
        }
        if (recycledCount.incrementAndGet() > RECYCLED_FILES) {
            recycledCount.decrementAndGet();
            Files.deleteIfExists(file);
            return;
        }
        Path slot = folder.resolve(RECYCLED_PREFIX + counter.incrementAndGet());
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
     * Whether a later object may be written into {@code file}: it is at most {@value #RECYCLED_SIZE_LIMIT} bytes, and
     * the spool's name is its only one. A store action and a folder destination place an object by a hard link to its
     * spool file, so the placed file is the same file: written into, it would hold the later object. Both link it
     * before its last forwarding job is done, and {@link #recycle} comes after that, so no link is made after this
     * check. Where the link count cannot be read, no file is reused.
     */
    private static boolean reusable(Path file) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, "unix:size,nlink"); // one stat, as Files.size
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixAttributes) {
            return false;
        }
        return ((Number) attributes.get("nlink")).longValue() == 1
                && ((Number) attributes.get("size")).longValue() <= RECYCLED_SIZE_LIMIT;
    }

    /**
     * Deletes the recycled files and the names made ahead (a stop: the spool then holds only what journal records
     * still need).
     */
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

    /** Names made ahead and not taken yet. */
    int namesAhead() {
        return namedCount.get();
    }

    /** Whether {@code file} is a name made ahead, not taken yet: an empty file that a start must not delete. */
    public boolean isNameAhead(Path file) {
        return named.contains(file) || named.contains(file.toAbsolutePath().normalize());
    }

    /** Spool files waiting to be reused. */
    int recycled() {
        return recycledCount.get();
    }

    /**
     * Renames a recycled file, if there is one, to {@code file}; false when there is none (or they are gone).
     */
    private boolean reuse(Path file) throws IOException {
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

    /**
     * Gathers writes into the thread's 64 KiB staging buffer for the file and keeps a copy of the first
     * {@link #HEAD_BYTES} of the data set.
     */
    private static final class HeadCapture extends OutputStream {
        private final FileChannel file;
        private final ByteBuffer buffer;
        private final CRC32C crc;
        private long rawCount;
        private byte[] head;
        private int headLength;
        private long captured;
        private boolean capturing;

        /** {@code crc}: takes the checksum of everything written, or null. */
        HeadCapture(FileChannel file, ByteBuffer staging, CRC32C crc) {
            this.file = file;
            this.buffer = staging.clear();
            this.crc = crc;
        }

        long checksum() {
            return crc == null ? ReceivedRecord.NO_CHECKSUM : crc.getValue();
        }

        /** The stream for the file meta group: buffered, not captured. */
        OutputStream raw() {
            return this;
        }

        long rawCount() {
            return rawCount;
        }

        void startCapturing() {
            capturing = true;
            head = new byte[HEAD_BYTES]; // at once: growing it copied up to 60 KiB per object
        }

        long captured() {
            return captured;
        }

        byte[] head() {
            return head == null ? new byte[0] : head;
        }

        int headLength() {
            return headLength;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (capturing) {
                keep(bytes, offset, length);
                captured += length;
            } else {
                rawCount += length;
            }
            while (length > 0) {
                if (!buffer.hasRemaining()) {
                    flushBuffer();
                }
                int n = Math.min(length, buffer.remaining());
                buffer.put(bytes, offset, n);
                offset += n;
                length -= n;
            }
        }

        private void keep(byte[] bytes, int offset, int length) {
            int n = Math.min(HEAD_BYTES - headLength, length);
            if (n > 0) {
                System.arraycopy(bytes, offset, head, headLength, n);
                headLength += n;
            }
        }

        private void flushBuffer() throws IOException {
            buffer.flip();
            if (crc != null) {
                crc.update(buffer);
                buffer.rewind();
            }
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
        }
    }
}
