package ferry.router.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
 * The receipt log of durability {@code process}: each received object's record is appended here, in one
 * {@code write}, before its C-STORE response, and committed to the journal's database shortly after in a batch
 * with others. After a crash or {@code kill -9}, the records the database lacks are read back from here at the
 * next start ({@link #read}), so an acknowledged object is never without its record. The log is emptied whenever
 * everything in it is committed and it has grown past a few hundred KiB.
 *
 * <p>An entry is its length (4 bytes), a CRC-32C of the rest (4 bytes), the object's id and the record's fields
 * (the spool file checksum last: entries of older Ferry versions end before it).
 * A torn entry at the end (a write cut short by a crash of the machine, never acknowledged) ends the reading.
 * Not thread-safe: the {@link JournalWriter} appends under its lock.
 */
final class ReceiptLog implements AutoCloseable {
    /** An entry read back: the object's id and its record. */
    record Receipt(long id, ReceivedRecord record) {
    }

    /** Empty the log once everything in it is committed and it is at least this long. */
    static final long EMPTY_AFTER_BYTES = 256 * 1024;
    private static final int HEADER = 8;
    private static final int LONGEST_ENTRY = 1 << 20;
    private static final byte[] HEADER_PLACE = new byte[HEADER];

    private final Path file;
    private final FileChannel channel;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private long size;

    private ReceiptLog(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** The log beside the journal's database file {@code databaseFile}. */
    static Path beside(Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + "-receipts");
    }

    /** Opens (creating) the log for appending after what it holds. */
    static ReceiptLog open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long size = channel.size();
        channel.position(size);
        return new ReceiptLog(file, channel, size);
    }

    /**
     * The entries of the log at {@code file} (none when there is no file), up to the first torn or damaged one.
     */
    static List<Receipt> read(Path file) throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        if (!Files.exists(file)) {
            return receipts;
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer log = ByteBuffer.wrap(bytes);
        while (log.remaining() >= HEADER) {
            int length = log.getInt();
            int crc = log.getInt();
            if (length <= 0 || length > LONGEST_ENTRY || length > log.remaining()) {
                break;
            }
            CRC32C check = new CRC32C();
            check.update(bytes, log.position(), length);
            if ((int) check.getValue() != crc) {
                break;
            }
            receipts.add(decode(new DataInputStream(new ByteArrayInputStream(bytes, log.position(), length))));
            log.position(log.position() + length);
        }
        return receipts;
    }

    /** Appends the record of object {@code id} in one write: handed to the operating system when it returns. */
    void append(long id, ReceivedRecord record) throws IOException {
        buffer.reset();
        buffer.write(HEADER_PLACE, 0, HEADER);
        encode(id, record, new DataOutputStream(buffer));
        byte[] entry = buffer.toByteArray();
        int length = entry.length - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(entry, HEADER, length);
        ByteBuffer out = ByteBuffer.wrap(entry);
        out.putInt(0, length).putInt(4, (int) crc.getValue());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        size += entry.length;
    }

    long size() {
        return size;
    }

    /** Empties the log (everything in it is committed). */
    void empty() throws IOException {
        channel.truncate(0);
        channel.position(0);
        size = 0;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void encode(long id, ReceivedRecord record, DataOutputStream out) throws IOException {
        out.writeLong(id);
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
