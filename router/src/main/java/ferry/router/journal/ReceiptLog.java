package ferry.router.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The receipt log: each received object's record is appended here, in one {@code write}, before its C-STORE
 * response, and committed to the journal's database shortly after in a batch with others. After a crash (at
 * durability {@code process}) or a power cut (at {@code power}, where the log is fdatasync'd before the response),
 * the records the database lacks are read back from here at the next start ({@link #read}), so an acknowledged
 * object is never without its record. The log starts again from its beginning whenever everything in it is
 * committed (at {@code power}: and on disk) and it has grown past a few hundred KiB.
 *
 * <p>The file starts with a header: a magic number and the log's <em>epoch</em>, which grows by one each time the
 * log starts again. An entry is its length (4 bytes), a CRC-32C of the rest (4 bytes), the epoch, the object's id
 * and the record's fields (the spool file checksum last). Starting again rewrites the header in place instead of
 * truncating the file: entries of an earlier epoch left behind the new ones end the reading like a torn entry does.
 * So at {@code power}, where the file is written full of zeros and fsync'd once when it opens, appending overwrites
 * blocks the file already has, and an fdatasync of the log writes those blocks and nothing of the file system's own
 * (no block allocation, no size change): on ext4 it needs no journal commit, about a third of an fsync of a file
 * that grew. A log written by Ferry before epochs (no header, entries from the first byte, without epoch) is still
 * read. Not thread-safe except {@link #force}: the {@link WriteQueue} appends under its lock.
 */
final class ReceiptLog implements AutoCloseable {
    /** An entry read back: the object's id and its record. */
    record Receipt(long id, ReceivedRecord record) {
    }

    /** Start again once everything in the log is committed and it is at least this long. */
    static final long EMPTY_AFTER_BYTES = 256 * 1024;
    /** How long the log is made when it opens at durability {@code power}: room for the entries of a busy spell. */
    static final long PREALLOCATED_BYTES = 4L << 20;
    /** {@code FRL2}: a log with a file header and epochs. An entry length never reaches it. */
    private static final int MAGIC = 0x46524C32;
    private static final int FILE_HEADER = 16;
    private static final int ENTRY_HEADER = 8;
    private static final int LONGEST_ENTRY = 1 << 20;

    private final Path file;
    /** Written with seek and write, never through the channel: these are not interruptible. */
    private final RandomAccessFile writes;
    /** Only for {@link #force}: an interrupt of a thread in a channel operation would close the file. */
    private final FileChannel channel;
    private long epoch;
    /** Bytes of this epoch's entries and the header. */
    private long size;

    private ReceiptLog(Path file, RandomAccessFile writes, long epoch) {
        this.file = file;
        this.writes = writes;
        this.channel = writes.getChannel();
        this.epoch = epoch;
        this.size = FILE_HEADER;
    }

    /**
     * Opens (creating) the log and starts it again: what it held must have been read and committed before. When
     * the file is shorter than {@code preallocate} bytes, it is filled with zeros up to that length; then (when
     * {@code preallocate} is positive) it is fsync'd, blocks and length.
     */
    static ReceiptLog open(Path file, long preallocate) throws IOException {
        long previousEpoch = epochOf(file);
        RandomAccessFile writes = new RandomAccessFile(file.toFile(), "rw");
        try {
            ReceiptLog log = new ReceiptLog(file, writes, previousEpoch);
            long length = writes.length();
            byte[] zeros = new byte[64 * 1024];
            writes.seek(length);
            while (length < preallocate) {
                int chunk = (int) Math.min(zeros.length, preallocate - length);
                writes.write(zeros, 0, chunk);
                length += chunk;
            }
            log.startAgain();
            if (preallocate > 0) {
                log.channel.force(true);
            }
            return log;
        } catch (IOException | RuntimeException e) {
            writes.close();
            throw e;
        }
    }

    /** The epoch in the header of the log at {@code file}; 0 when there is none (no file, or an older log). */
    private static long epochOf(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // read on
            }
            return !header.hasRemaining() && header.getInt(0) == MAGIC ? header.getLong(8) : 0;
        }
    }

    /**
     * The entries of the log at {@code file} (none when there is no file), up to the first torn or damaged one or
     * the first of an earlier epoch.
     */
    static List<Receipt> read(Path file) throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        if (!Files.exists(file)) {
            return receipts;
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer log = ByteBuffer.wrap(bytes);
        boolean epochs = bytes.length >= FILE_HEADER && log.getInt(0) == MAGIC;
        long epoch = epochs ? log.getLong(8) : 0;
        log.position(epochs ? FILE_HEADER : 0);
        while (log.remaining() >= ENTRY_HEADER) {
            int length = log.getInt();
            int crc = log.getInt();
            if (length <= 0 || length > LONGEST_ENTRY || length > log.remaining()
                    || (epochs && (length < Long.BYTES || log.getLong(log.position()) != epoch))) {
                break;
            }
            CRC32C check = new CRC32C();
            check.update(bytes, log.position(), length);
            if ((int) check.getValue() != crc) {
                break;
            }
            int body = epochs ? Long.BYTES : 0;
            receipts.add(decode(new DataInputStream(
                    new ByteArrayInputStream(bytes, log.position() + body, length - body))));
            log.position(log.position() + length);
        }
        return receipts;
    }

    /** Appends the record of object {@code id} in one write: handed to the operating system when it returns. */
    void append(long id, ReceivedRecord record) throws IOException {
        append(id, prepare(record));
    }

    /**
     * The entry of {@code record}, all but its epoch, id, length and checksum, which {@link #append(long, byte[])}
     * fills in: made by the receiving thread before it takes the lock under which entries are appended in id order,
     * so that only a few bytes are written under it.
     */
    static byte[] prepare(ReceivedRecord record) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        buffer.write(new byte[ENTRY_HEADER + 2 * Long.BYTES]); // length and checksum, epoch, id
        fields(record, new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    /** Appends a {@link #prepare prepared} entry as the record of object {@code id} in one write. */
    void append(long id, byte[] entry) throws IOException {
        int length = entry.length - ENTRY_HEADER;
        ByteBuffer.wrap(entry).putLong(ENTRY_HEADER, epoch).putLong(ENTRY_HEADER + Long.BYTES, id);
        CRC32C crc = new CRC32C();
        crc.update(entry, ENTRY_HEADER, length);
        ByteBuffer.wrap(entry).putInt(0, length).putInt(4, (int) crc.getValue());
        writes.seek(size);
        writes.write(entry);
        size += entry.length;
    }

    /** The length of this epoch's part of the log, header included. */
    long size() {
        return size;
    }

    /**
     * Writes the log's data to the device (fdatasync): every entry appended before the call is then durable. Safe
     * to call while another thread appends.
     */
    void force() throws IOException {
        channel.force(false);
    }

    /**
     * Starts the log again from its beginning under the next epoch: everything in it is committed (and, at
     * {@code power}, on disk), so nothing is read back from it any more.
     */
    void startAgain() throws IOException {
        epoch++;
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).putInt(0, MAGIC).putLong(8, epoch);
        writes.seek(0);
        writes.write(header.array());
        size = FILE_HEADER;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        writes.close();
    }

    /** A record's fields after its id, in the order {@link #decode} reads them. */
    private static void fields(ReceivedRecord record, DataOutputStream out) throws IOException {
        out.writeLong(record.receivedAt().getEpochSecond());
        out.writeInt(record.receivedAt().getNano());
        text(out, record.callingAeTitle());
        text(out, record.calledAeTitle());
        text(out, record.peerAddress());
        text(out, record.sopClassUid());
        text(out, record.sopInstanceUid());
        text(out, record.studyInstanceUid());
        text(out, record.seriesInstanceUid());
        text(out, record.transferSyntaxUid());
        out.writeLong(record.size());
        text(out, record.spoolFile().toString());
        out.writeInt(record.routes().size());
        for (String route : record.routes()) {
            text(out, route);
        }
        out.writeLong(record.spoolChecksum());
    }

    private static Receipt decode(DataInputStream in) throws IOException {
        try {
            long id = in.readLong();
            Instant receivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String calling = text(in);
            String called = text(in);
            String peer = text(in);
            String sopClass = text(in);
            String sopInstance = text(in);
            String study = text(in);
            String series = text(in);
            String syntax = text(in);
            long size = in.readLong();
            Path spoolFile = Path.of(text(in));
            int routeCount = in.readInt();
            List<String> routes = new ArrayList<>(routeCount);
            for (int i = 0; i < routeCount; i++) {
                routes.add(text(in));
            }
            // entries written before checksums end here
            long checksum = in.available() >= Long.BYTES ? in.readLong() : ReceivedRecord.NO_CHECKSUM;
            return new Receipt(id, new ReceivedRecord(receivedAt, calling, called, peer, sopClass, sopInstance, study,
                    series, syntax, size, spoolFile, routes, checksum));
        } catch (EOFException | RuntimeException e) {
            throw new IOException("a damaged entry whose checksum matches: " + e, e);
        }
    }

    /** UTF-8 with its length; null as length -1. */
    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
