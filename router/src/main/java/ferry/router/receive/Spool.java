package ferry.router.receive;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationInfo;
import ferry.net.dimse.CStoreRq;
import ferry.router.edit.EditedCopy;
import ferry.router.edit.TagEdit;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import ferry.router.storage.LayoutFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where received objects are written first, and the one owner of those files: one Part 10 file per object in the
 * spool folder, streamed from the association as it arrives (never whole in memory), made durable with its record,
 * placed into store folders, and released once its object no longer needs it. Callers say what happened to the
 * object ({@link #write received}, {@link #refused}, {@link #place placed}, {@link #release finished},
 * {@link #noLongerNeeded delivered}); the spool decides what that means for the file, as the journal's
 * {@link DurabilityPolicy} says, and gates each step on the journal's commit or its {@link Journal#whenDurable
 * durable} future. A spool file without a journal record was never acknowledged: a start deletes it
 * ({@link #removeUnneeded}).
 *
 * <p>The first bytes of the data set are kept as they pass, so the routing header can usually be parsed without
 * reading the file back. A file is written into a name made ahead or a recycled file when there is one
 * ({@link SpoolNames}); a recycled file is renamed when taken back and again when reused, so a path once recorded in
 * the journal never names another object; it is overwritten in place and cut to its new length (never truncated to
 * zero first, which would make ext4 flush it on close, {@code auto_da_alloc}).
 *
 * <p>See docs/architecture.md (section "Durability levels") for the life of a spool file among the other classes.
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
    /**
     * Where each thread keeps the start of the data set it spools, for the header parse that follows on the same
     * thread: one array per thread instead of a new 64 KiB one per object (zeroed, and garbage a moment later).
     */
    private static final ThreadLocal<byte[]> HEADS = ThreadLocal.withInitial(() -> new byte[HEAD_BYTES]);
    /** Spool files kept for reuse at most; more are deleted. */
    public static final int RECYCLED_FILES = 32;
    /** Larger files are deleted rather than kept (a multi-frame object's gigabytes should not wait on disk). */
    static final long RECYCLED_SIZE_LIMIT = 4L << 20;
    /** The names of recycled files: {@code recycled-N}. */
    public static final String RECYCLED_PREFIX = "recycled-";
    /** How many names are made ahead at once. */
    static final int NAMES_AHEAD = SpoolNames.NAMES_AHEAD;
    /** Spool files asked about at once at a start, whether a job still needs them. */
    private static final int IN_USE_BATCH = 500;

    private final Path folder;
    private final Journal journal;
    private final DurabilityPolicy policy;
    private final SpoolNames names;
    /** Where the policy syncs spool files; else null. */
    private final SpoolSync sync;

    /**
     * One spooled object.
     *
     * @param file   the Part 10 file in the spool
     * @param size   its size in bytes
     * @param dataSetSize the data set's bytes as received, the file less its File Meta Information
     * @param syntax the transfer syntax of its data set
     * @param head   the first bytes of the data set (all of it when {@code complete}) in its first
     *               {@code headLength} bytes: the writing thread's buffer, which its next {@link #write} reuses, so
     *               read it on that thread before
     * @param headLength how many bytes of {@code head} hold the data set's start
     * @param complete whether the head is the whole data set
     * @param checksum the CRC-32C of the whole file, or {@link ReceivedRecord#NO_CHECKSUM} when the spool takes none
     * @param nameOnDisk whether the file's name was already fsync'd into the folder (a name made ahead where the
     *                   policy syncs them): only the file itself then needs an fsync
     */
    public record Spooled(Path file, long size, long dataSetSize, TransferSyntax syntax, byte[] head, int headLength,
                          boolean complete, long checksum, boolean nameOnDisk) {
    }

    /** Which of some spool files a forwarding job still needs (asked at a start). */
    @FunctionalInterface
    public interface InUse {
        Set<Path> among(List<Path> files) throws IOException;
    }

    /**
     * A spool in {@code folder}, created if needed, for objects recorded in {@code journal}, at its durability. The
     * first names are made before this returns.
     */
    public Spool(Path folder, Journal journal) throws IOException {
        this.journal = journal;
        this.policy = journal.policy();
        this.folder = Files.createDirectories(folder);
        this.names = new SpoolNames(this.folder, policy);
        this.sync = policy.syncsSpoolFiles() ? new SpoolSync(this.folder) : null;
    }

    public Path folder() {
        return folder;
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
        if (names.mayReuse()) {
            file = names.newName();
            reused = names.reuseAs(file);
            if (reused) {
                channel = openReused(file);
            }
        }
        for (Path name; channel == null && (name = names.takeName()) != null; ) {
            try {
                channel = FileChannel.open(name, StandardOpenOption.WRITE); // empty
                file = name;
                nameOnDisk = names.namesOnDisk();
            } catch (NoSuchFileException e) {
                // removed from the spool by hand: take the next
            }
        }
        if (channel == null) {
            file = names.newName();
            // a new file, never one of the same name written into (it could be a stored file's other name)
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        }
        boolean written = false;
        try (FileChannel open = channel) {
            HeadCapture capture = new HeadCapture(open, STAGING.get(), HEADS.get(),
                    policy.checksumsSpoolFiles() ? new CRC32C() : null);
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
            return new Spooled(file, size, capture.captured(), syntax, capture.head(), capture.headLength(),
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

    /**
     * What makes {@code spooled} durable while the journal makes its record so ({@link Journal#recordReceived}):
     * where the policy syncs spool files, an fsync of the file on the calling thread and, for a name not made ahead,
     * of the folder by the folder syncer at the same time, once for every object that asked meanwhile; else nothing.
     */
    public Journal.FileSync syncing(Spooled spooled) {
        return sync == null ? Journal.FileSync.NOTHING : () -> sync.sync(spooled.file(), spooled.nameOnDisk());
    }

    /** Spool files fsync'd so far (one per object where the policy syncs them). */
    public long fileSyncs() {
        return sync == null ? 0 : sync.fileSyncs();
    }

    /** Fsyncs of the spool folder for objects whose name was not made ahead (fewer when they share one). */
    public long folderSyncs() {
        return sync == null ? 0 : sync.folderSyncs();
    }

    /** The object was refused (never recorded, never acknowledged): its file goes at once. */
    public void refused(Spooled spooled) throws IOException {
        Files.deleteIfExists(spooled.file());
    }

    /**
     * Places the object of spool file {@code file} (its data set header {@code header}) into {@code folder} by its
     * layout, as a hard link (or a copy where the folder is on another file system). The spool's name is never moved
     * away: it stays until the object's finish is committed ({@link #release}), so a stop at any moment before that
     * leaves the next start the file to carry the object out again, and to journal where it went. Where the policy
     * forces placed files, the fsync of the directory that got the new name is left to the caller
     * ({@link LayoutFolder.Stored#unsynced}), who journals the place only once it is made.
     */
    public LayoutFolder.Stored place(Path file, LayoutFolder folder, DataSet header) throws IOException {
        return folder.storeLeavingSync(file, header);
    }

    /**
     * {@link #place} for an object carried out again (after a stop, or a failure): when the file is already at its
     * place (linked before the stop, not yet journaled), it counts as placed, its directory left to sync as by
     * {@link #place}.
     */
    public LayoutFolder.Stored placeAgain(Path file, LayoutFolder folder, DataSet header) throws IOException {
        Path intended = folder.folder().resolve(folder.layout().resolve(header));
        if (Files.exists(intended) && Files.isSameFile(intended, file)) {
            return folder.foundInPlace(intended);
        }
        return folder.storeLeavingSync(file, header);
    }

    /**
     * Places a copy of the object of spool file {@code file} with {@code edits} applied into {@code folder}, named
     * by the edited object (an edit of PatientID moves it to that patient's folder); the spool file stays as it is.
     * The copy is written beside it under a name of its own ({@code number}: one per store of the object).
     */
    public LayoutFolder.Stored placeEdited(Path file, LayoutFolder folder, List<TagEdit> edits, int number)
            throws IOException {
        Path edited = file.resolveSibling(file.getFileName() + ".edit-" + number);
        try {
            EditedCopy.write(file, edits, edited);
            DataSet editedHeader = DicomReader.read(edited, ReadOptions.DEFAULT.stoppingBefore(
                    folder.layout().stopBefore())).dataSet();
            return folder.store(edited, editedHeader, true);
        } finally {
            Files.deleteIfExists(edited);
        }
    }

    /**
     * The object of spool file {@code file} is finished, stored: {@code finishCommitted} is the commit of its finish
     * ({@link Journal#finishLater(long, ferry.router.journal.JournalWork)}). The spool's name goes once that finish
     * is as safe as the policy asks ({@link DurabilityPolicy#releasesSpoolNamesOnceDurable}): when it is committed,
     * or after the journal's next fsync of its write-ahead log. A finish that failed keeps the file (the next start
     * finds the object unfinished, or finished, and acts on it). Stored files keep their bytes: a hard link is
     * another name of the same file.
     */
    public void release(Path file, CompletableFuture<Void> finishCommitted) {
        if (!policy.releasesSpoolNamesOnceDurable()) {
            finishCommitted.thenRun(() -> delete(file)); // on the committing thread, or at once when committed
            return;
        }
        finishCommitted.thenCompose(committed -> journal.whenDurable()).whenComplete((durable, failure) -> {
            if (failure == null) {
                delete(file);
            } // else the start after will find the record finished and delete the file
        });
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("its object is finished, but spool file {} could not be deleted: {}", file, e.getMessage());
        }
    }

    /**
     * No forwarding job needs spool file {@code file} any more (each was recorded done, or purged, in a commit that
     * is as durable as the policy asks before this is called): recycled for a later object where the policy recycles
     * ({@link DurabilityPolicy#recyclesSpoolFiles}) and the spool's name is its only one, else deleted.
     */
    public void noLongerNeeded(Path file) throws IOException {
        names.recycle(file);
    }

    /**
     * A new spool name for {@code file}, a file of a store folder that is to be sent again ({@code resend}): a hard
     * link to it, or a copy where it lies on another file system. The forwarding queue releases the name like any
     * spool file's once its jobs are done ({@link #noLongerNeeded}); the stored file keeps its own name.
     */
    public Path adopt(Path file) throws IOException {
        Path name = names.newName();
        try {
            Files.createLink(name, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, name);
        }
        return name;
    }

    /** Whether the spool still holds {@code file} (it goes only once its object's finish is committed). */
    public boolean holds(Path file) {
        return Files.exists(file);
    }

    /**
     * At a start, before anything is received: deletes every file in the spool folder that neither an unfinished
     * record ({@code recorded}) nor a forwarding job ({@code inUse}, asked a few hundred files at a time) needs, nor
     * is a name just made ahead: objects never acknowledged, and leftovers. Returns how many were deleted.
     */
    public int removeUnneeded(Collection<Path> recorded, InUse inUse) throws IOException {
        Set<Path> keep = new HashSet<>();
        recorded.forEach(file -> keep.add(file.toAbsolutePath().normalize()));
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            List<Path> batch = new ArrayList<>();
            for (Path file : files) {
                Path normal = file.toAbsolutePath().normalize();
                if (!keep.contains(normal) && !names.isNameAhead(file)) {
                    batch.add(normal);
                }
                if (batch.size() == IN_USE_BATCH) {
                    removed += removeUnused(batch, inUse);
                }
            }
            removed += removeUnused(batch, inUse);
        }
        return removed;
    }

    /** Deletes those of {@code files} that no job needs; empties the list; returns how many. */
    private static int removeUnused(List<Path> files, InUse inUse) throws IOException {
        Set<Path> needed = inUse.among(files);
        int removed = 0;
        for (Path file : files) {
            if (!needed.contains(file) && Files.deleteIfExists(file)) {
                removed++;
            }
        }
        files.clear();
        return removed;
    }

    /** Names made ahead and not taken yet. */
    int namesAhead() {
        return names.namesAhead();
    }

    /** Whether {@code file} is a name made ahead, not taken yet. */
    boolean isNameAhead(Path file) {
        return names.isNameAhead(file);
    }

    /** Spool files waiting to be reused. */
    int recycled() {
        return names.recycled();
    }

    /**
     * Deletes the recycled files and the names made ahead (a stop: the spool then holds only what journal records
     * still need), and stops the spool's threads.
     */
    @Override
    public void close() throws IOException {
        if (sync != null) {
            sync.close();
        }
        names.close();
    }
}
