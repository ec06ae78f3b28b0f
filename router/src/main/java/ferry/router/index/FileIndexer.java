package ferry.router.index;

import ferry.router.database.Database;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.NotDicomException;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.router.journal.JournalAccess;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.Rows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code ferry index}: adds folders of DICOM files to the index. The files are walked on the calling thread, each
 * looked up in {@code index_file} (a file of the same path, size and modification time is skipped: a run stopped
 * half way goes on where it stopped), read up to Pixel Data by a few threads, and written by one writer in
 * transactions of a few hundred files, each committed with the files' {@code index_file} rows. Beside a running
 * Ferry: the transactions are short, its commits wait for them at most that long.
 *
 * <p>A file that is not DICOM, or is a DICOMDIR, is counted; a DICOM file that cannot be read (where, and which element: a
 * {@link DicomParseException}) or lacks the UIDs of the hierarchy is reported and counted; neither stops the run.
 */
public final class FileIndexer {
    /** Files written per transaction. */
    static final int BATCH = 500;
    /** The header: everything before the pixel data. */
    private static final ReadOptions HEADER = ReadOptions.DEFAULT.stoppingBefore(Tags.FloatPixelData);
    /** Files up to this size are read into memory once, checked and parsed there. */
    private static final int SMALL_FILE = 1 << 20;

    /**
     * How far a run got.
     *
     * @param indexed  files added to the index
     * @param skipped  files already in the index, unchanged
     * @param bad      DICOM files that could not be read or indexed
     * @param other    other files: not DICOM, or a DICOMDIR (a directory of files, no instance of its own)
     */
    public record Counts(long indexed, long skipped, long bad, long other) {
        /** Files looked at. */
        public long total() {
            return indexed + skipped + bad + other;
        }
    }

    private final Database journalDatabase;
    private final int threads;
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private final AtomicLong other = new AtomicLong();

    /** An indexer of the journal database {@code journalDatabase} reading with {@code threads} threads. */
    public FileIndexer(Database journalDatabase, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, not " + threads);
        }
        this.journalDatabase = journalDatabase;
        this.threads = threads;
    }

    /** The counts so far (for a progress line, from any thread). */
    public Counts counts() {
        return new Counts(indexed.get(), skipped.get(), bad.get(), other.get());
    }

    /**
     * Indexes every regular file under {@code paths} (files or folders, walked recursively).
     *
     * @param problems told each bad file, as {@code path: why} (from the reading threads)
     * @throws IOException when the index cannot be written or a path cannot be walked; what was committed stays
     */
    public Counts run(List<Path> paths, Consumer<String> problems) throws IOException {
        BlockingQueue<Entry> written = new ArrayBlockingQueue<>(4 * BATCH);
        Writer writer = new Writer(JournalAccess.sideWriter(journalDatabase), written);
        Thread writing = new Thread(writer, "ferry-index-writer");
        writing.start();
        ThreadPoolExecutor readers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), runnable -> {
                    Thread thread = new Thread(runnable, "ferry-index-reader");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        try (Connection lookups = JournalAccess.readOnly(journalDatabase);
             PreparedStatement known = lookups.prepareStatement(IndexSql.SELECT_FILE)) {
            for (Path path : paths) {
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (writer.failure != null) {
                            return FileVisitResult.TERMINATE;
                        }
                        if (attributes.isRegularFile()) {
                            offer(file, attributes, known, readers, written, problems);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        bad.incrementAndGet();
                        problems.accept(file + ": cannot be read: " + e.getMessage());
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (SQLException e) {
            throw new IOException("the index in " + journalDatabase + " could not be read: " + e.getMessage(), e);
        } finally {
            readers.shutdown();
            try {
                readers.awaitTermination(1, TimeUnit.DAYS);
                written.put(Entry.END);
                writing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (writer.failure != null) {
            throw writer.failure;
        }
        return counts();
    }

    /** Skips {@code file} when it is indexed already, else hands it to a reader. */
    private void offer(Path file, BasicFileAttributes attributes, PreparedStatement known, ThreadPoolExecutor readers,
                       BlockingQueue<Entry> written, Consumer<String> problems) {
        Path absolute = file.toAbsolutePath().normalize();
        long modified = JournalTransaction.nanos(attributes.lastModifiedTime().toInstant());
        if (indexedAlready(known, absolute, attributes.size(), modified)) {
            skipped.incrementAndGet();
            return;
        }
        readers.execute(() -> read(absolute, attributes.size(), modified, written, problems));
    }

    private static boolean indexedAlready(PreparedStatement known, Path file, long size, long modified) {
        try {
            known.setString(1, file.toString());
            try (ResultSet row = known.executeQuery()) {
                return row.next() && row.getLong(1) == size && row.getLong(2) == modified;
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("the index could not be read: " + e.getMessage(), e));
        }
    }

    /** Reads one file; its entry goes to the writer, or its problem to {@code problems}. */
    private void read(Path file, long size, long modified, BlockingQueue<Entry> written, Consumer<String> problems) {
        try {
            DicomFile dicom = parse(file, size);
            if (dicom == null) {
                other.incrementAndGet();
                return;
            }
            DataSet meta = dicom.fileMeta();
            if (Uids.MediaStorageDirectoryStorage.equals(meta.getString(Tags.MediaStorageSOPClassUID))
                    || dicom.dataSet().contains(Tags.DirectoryRecordSequence)) {
                other.incrementAndGet();
                return;
            }
            Handling handling = new Handling(JournalTransaction.instant(modified),
                    meta.getString(Tags.SourceApplicationEntityTitle, ""), "", "", List.of(),
                    List.of(file.toString()), List.of(), dicom.transferSyntax().uid(), size, false);
            IndexedObject object = IndexedObject.of(dicom.dataSet(), handling, null);
            written.put(new Entry(file, size, modified, object));
        } catch (NotDicomException e) {
            other.incrementAndGet();
        } catch (DicomParseException e) {
            bad.incrementAndGet();
            problems.accept(file + ": unreadable at offset " + e.offset() + " " + e.elementPath() + ": "
                    + e.reason());
        } catch (IOException | RuntimeException e) {
            bad.incrementAndGet();
            problems.accept(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The file read up to Pixel Data, or null when it does not look like DICOM. */
    private static DicomFile parse(Path file, long size) throws IOException {
        if (size > SMALL_FILE) {
            return DicomFile.looksLikeDicom(file) ? DicomReader.read(file, HEADER) : null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (!DicomFile.looksLikeDicom(bytes, Math.min(bytes.length, DicomFile.SIGNATURE_LENGTH), bytes.length)) {
            return null;
        }
        return DicomReader.read(bytes, HEADER.withBulkDataThreshold(Long.MAX_VALUE));
    }

    /** A file read, to be written; {@link #END} ends the writer. */
    private record Entry(Path file, long size, long modified, IndexedObject object) {
        static final Entry END = new Entry(null, 0, 0, null);
    }

    /** Writes the entries in batches, until {@link Entry#END}; a failure stops the run. */
    private final class Writer implements Runnable {
        private final JournalAccess.SideWriter side;
        private final BlockingQueue<Entry> entries;
        private volatile IOException failure;

        Writer(JournalAccess.SideWriter side, BlockingQueue<Entry> entries) {
            this.side = side;
            this.entries = entries;
        }

        @Override
        public void run() {
            try (side) {
                List<Entry> batch = new ArrayList<>(BATCH);
                while (true) {
                    Entry entry = entries.poll(200, TimeUnit.MILLISECONDS);
                    boolean end = entry == Entry.END;
                    if (entry != null && !end) {
                        batch.add(entry);
                    }
                    if (!batch.isEmpty() && (end || entry == null || batch.size() >= BATCH)) {
                        write(batch);
                        batch.clear();
                    }
                    if (end) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void write(List<Entry> batch) {
            if (failure != null) {
                return; // drained, not written: the run ends with the failure
            }
            try {
                side.write(transaction -> {
                    IndexStore.Written written = new IndexStore.Written();
                    for (Entry entry : batch) {
                        IndexStore.write(transaction, entry.object(), written);
                        Rows.update(transaction, IndexSql.UPSERT_FILE, entry.file().toString(), entry.size(),
                                entry.modified(), entry.object().value(IndexKey.SOP_INSTANCE_UID));
                    }
                });
                indexed.addAndGet(batch.size());
            } catch (IOException e) {
                failure = e;
            }
        }
    }
}
