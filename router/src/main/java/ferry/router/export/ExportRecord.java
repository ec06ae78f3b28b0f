package ferry.router.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code ferry export-tags} sent to one destination, in a file of lines of its own ({@code
 * DATA/export-tags/NAME.log}): before a batch goes, {@code sending INSTANT UID...}; once the destination took it,
 * {@code done UID...}. A UID with a {@code done} line was exported; one with only its {@code sending} line is <em>in
 * doubt</em>: the run stopped (a {@code kill -9}) between sending and recording, and the destination may hold it
 * since that instant. A last line without its newline (a write cut short) is cut off when the record is opened.
 *
 * <p>Held with an exclusive lock while open, so that two exports to one destination do not run at once.
 */
final class ExportRecord implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean sync;
    private final Set<String> done = new HashSet<>();
    private final Map<String, Instant> inDoubt = new HashMap<>();

    private ExportRecord(Path file, FileChannel channel, FileLock lock, boolean sync) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.sync = sync;
    }

    /**
     * Opens (makes) the record {@code file} and reads it.
     *
     * @param sync whether each line is fsync'd (durability {@code power})
     * @throws IOException when it cannot be read or written, or another export holds it
     */
    static ExportRecord open(Path file, boolean sync) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("another ferry export-tags to this destination is running (it holds " + file
                        + ")");
            }
            ExportRecord record = new ExportRecord(file, channel, lock, sync);
            record.read();
            return record;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void read() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int whole = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                whole = i + 1;
                break;
            }
        }
        if (whole < bytes.length) {
            channel.truncate(whole);
        }
        for (String line : new String(bytes, 0, whole, StandardCharsets.US_ASCII).split("\n")) {
            String[] words = line.split(" ");
            if (words[0].equals("done")) {
                for (int i = 1; i < words.length; i++) {
                    done.add(words[i]);
                    inDoubt.remove(words[i]);
                }
            } else if (words[0].equals("sending") && words.length > 1) {
                Instant since;
                try {
                    since = Instant.parse(words[1]);
                } catch (DateTimeParseException e) {
                    throw new IOException(file + " is not a record of ferry export-tags: " + line);
                }
                for (int i = 2; i < words.length; i++) {
                    if (!done.contains(words[i])) {
                        inDoubt.put(words[i], since);
                    }
                }
            } else if (!line.isEmpty()) {
                throw new IOException(file + " is not a record of ferry export-tags: " + line);
            }
        }
    }

    /** Whether {@code sopInstanceUid} was exported. */
    boolean done(String sopInstanceUid) {
        return done.contains(sopInstanceUid);
    }

    /** Since when the destination may hold {@code sopInstanceUid}, sent by a run that did not record it. */
    Optional<Instant> inDoubtSince(String sopInstanceUid) {
        return Optional.ofNullable(inDoubt.get(sopInstanceUid));
    }

    /**
     * Records that {@code uids} are being sent now (before they go); fsync'd as {@code done} lines are, so that no
     * power cut leaves a batch in the destination that the record knows nothing of.
     */
    void sending(Instant now, List<String> uids) throws IOException {
        if (!uids.isEmpty()) {
            append("sending " + now + " " + String.join(" ", uids) + "\n", sync);
        }
    }

    /** Records that the destination took {@code uids}. */
    void done(List<String> uids) throws IOException {
        if (!uids.isEmpty()) {
            append("done " + String.join(" ", uids) + "\n", sync);
            done.addAll(uids);
            uids.forEach(inDoubt::remove);
        }
    }

    private void append(String line, boolean force) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
        long start = channel.size();
        long at = start;
        try {
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            channel.truncate(start);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
