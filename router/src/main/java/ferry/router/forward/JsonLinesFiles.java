package ferry.router.forward;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a JSON lines destination: lines appended to the file of the day ({@code NAME-YYYY-MM-DD.jsonl}, or
 * {@code NAME.jsonl} without daily files, in the clock's time zone), the next one begun ({@code NAME-….1.jsonl},
 * {@code .2}, ...) before a file would grow past its size. Files are never renamed, so a reader tailing one is never
 * surprised. Not thread-safe: its destination writes one batch at a time.
 *
 * <p>What makes a line count: only a whole line, ending in a newline. A batch is appended with one write; when it
 * fails the file is cut back to where the batch began (and, if even that fails, before the next append), and a file
 * found ending in part of a line (Ferry was killed in the middle of a write) is cut back to its last whole line
 * when it is opened to append, as is, at the first append, the file written last (where a kill the day before left
 * it). So a line is in the file exactly when its write was reported done.
 *
 * <p>Finding lines written before a restart ({@link #holds}): each line begins with its event id. A line can only
 * be in a file modified at or after its object was queued, so the files modified since then (less a minute for the
 * clock) are read once for their ids, and the ids kept.
 */
final class JsonLinesFiles implements Closeable {
    /** How much earlier than a job's time a file holding its line may say it was modified. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);
    /** How every line begins: {@code {"event_id":"} and a 36-character UUID. */
    private static final byte[] PREFIX = "{\"event_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int ID_LENGTH = 36;

    private final Path folder;
    private final String name;
    private final long maxSize;
    private final boolean daily;
    private final Clock clock;
    private final Pattern ours;

    private FileChannel channel;
    private Path current;
    private LocalDate day;
    private int part;
    private long size;
    /** When not negative, the length the current file must be cut back to before the next append. */
    private long cutBackTo = -1;
    /** Whether the file written last before this instance was checked for a line cut short. */
    private boolean lastWrittenChecked;

    private final Set<String> found = new HashSet<>();
    private final Set<Path> scanned = new HashSet<>();
    private Instant scannedSince;

    JsonLinesFiles(Path folder, String name, long maxSize, boolean daily, Clock clock) {
        this.folder = folder;
        this.name = name;
        this.maxSize = maxSize;
        this.daily = daily;
        this.clock = clock;
        this.ours = Pattern.compile(Pattern.quote(name) + "(-\\d{4}-\\d{2}-\\d{2})?(?:\\.(\\d+))?\\.jsonl");
    }

    /** The file lines go to now (null before the first append). */
    Path current() {
        return current;
    }

    /** What the files are called, for messages: {@code /data/tags/ferry-tags-YYYY-MM-DD.jsonl}. */
    String describe() {
        return folder.resolve(name + (daily ? "-YYYY-MM-DD" : "") + ".jsonl").toString();
    }

    /**
     * Appends {@code length} bytes of whole lines in one write, then fsyncs the file when {@code force}.
     *
     * @throws IOException when they could not all be written (the file then holds none of them)
     */
    void append(byte[] bytes, int length, boolean force) throws IOException {
        cutBack();
        LocalDate today = LocalDate.now(clock);
        if (channel == null || daily && !today.equals(day)) {
            open(today, 0, force);
        } else if (size > 0 && size + length > maxSize) {
            open(today, part + 1, force);
        }
        long before = size;
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(false);
            }
            size = before + length;
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException again) {
                cutBackTo = before;
            }
            throw e;
        }
    }

    /**
     * Opens the file of {@code today} to append to, from part {@code from} on: the last part that exists, or the
     * next one when that is full. A file ending in part of a line is cut back to its last whole line.
     */
    private void open(LocalDate today, int from, boolean force) throws IOException {
        close();
        Files.createDirectories(folder);
        int at = from;
        while (Files.exists(file(today, at + 1))) {
            at++;
        }
        if (Files.exists(file(today, at)) && Files.size(file(today, at)) >= maxSize) {
            at++;
        }
        Path path = file(today, at);
        if (!lastWrittenChecked) {
            Optional<Path> lastWritten = lastWritten();
            if (lastWritten.isPresent()) {
                cutToWholeLines(lastWritten.get());
            }
            lastWrittenChecked = true;
        }
        boolean created = !Files.exists(path);
        if (!created) {
            cutToWholeLines(path);
        }
        FileChannel opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (created && force) {
            try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
                directory.force(true);
            } catch (IOException e) {
                opened.close();
                throw e;
            }
        }
        channel = opened;
        current = path;
        day = today;
        part = at;
        size = channel.size();
    }

    private Path file(LocalDate date, int number) {
        return folder.resolve(name + (daily ? "-" + date : "") + (number == 0 ? "" : "." + number) + ".jsonl");
    }

    /** Cuts {@code path} back to the end of its last whole line, if it ends in part of one. */
    private static void cutToWholeLines(Path path) throws IOException {
        try (FileChannel existing = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long length = wholeLines(existing);
            if (length < existing.size()) {
                existing.truncate(length);
            }
        }
    }

    /**
     * The file of this destination modified last: the one a {@code kill -9} in the middle of a write left a line
     * cut short in, which need not be the one lines go to now (the kill came the day before, or the file is full).
     */
    private Optional<Path> lastWritten() throws IOException {
        Path last = null;
        FileTime lastTime = null;
        for (Path file : ourFiles()) {
            FileTime time = Files.getLastModifiedTime(file);
            if (last == null || time.compareTo(lastTime) > 0) {
                last = file;
                lastTime = time;
            }
        }
        return Optional.ofNullable(last);
    }

    /** The length of the file up to the end of its last whole line. */
    private static long wholeLines(FileChannel file) throws IOException {
        long end = file.size();
        ByteBuffer one = ByteBuffer.allocate(4096);
        while (end > 0) {
            long start = Math.max(0, end - one.capacity());
            one.clear().limit((int) (end - start));
            file.read(one, start);
            for (int i = one.position() - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * Whether a file of this destination holds a whole line with {@code eventId}, written for an object queued at
     * {@code queuedAt}: the files modified since then (less {@link #CLOCK_MARGIN}) are read for it once.
     */
    boolean holds(String eventId, Instant queuedAt) throws IOException {
        Instant since = queuedAt.minus(CLOCK_MARGIN);
        if (scannedSince == null || since.isBefore(scannedSince)) {
            for (Path file : modifiedSince(since)) {
                if (scanned.add(file)) {
                    readIds(file);
                }
            }
            scannedSince = since;
        }
        return found.contains(eventId);
    }

    private List<Path> modifiedSince(Instant since) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path file : ourFiles()) {
            if (!Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                files.add(file);
            }
        }
        return files;
    }

    /** The files of this destination in its folder: its name, daily or not. */
    private List<Path> ourFiles() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(folder)) {
            for (Path file : (Iterable<Path>) all::iterator) {
                Matcher m = ours.matcher(file.getFileName().toString());
                if (m.matches() && (m.group(1) != null) == daily && Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /** Adds the event ids of the whole lines of {@code file} to {@link #found}. */
    private void readIds(Path file) throws IOException {
        byte[] head = new byte[PREFIX.length + ID_LENGTH];
        byte[] chunk = new byte[1 << 16];
        long inLine = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(chunk)) >= 0) {
                for (int i = 0; i < read; i++) {
                    byte b = chunk[i];
                    if (b == '\n') {
                        if (inLine >= head.length && startsWithPrefix(head)) {
                            found.add(new String(head, PREFIX.length, ID_LENGTH, StandardCharsets.US_ASCII));
                        }
                        inLine = 0;
                    } else {
                        if (inLine < head.length) {
                            head[(int) inLine] = b;
                        }
                        inLine++;
                    }
                }
            }
        }
    }

    private static boolean startsWithPrefix(byte[] head) {
        for (int i = 0; i < PREFIX.length; i++) {
            if (head[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** Cuts the current file back to where a failed batch began, if that is still to do. */
    private void cutBack() throws IOException {
        if (cutBackTo < 0) {
            return;
        }
        if (channel != null) {
            channel.truncate(cutBackTo);
        } else {
            try (FileChannel file = FileChannel.open(current, StandardOpenOption.WRITE)) {
                file.truncate(cutBackTo);
            }
        }
        size = cutBackTo;
        cutBackTo = -1;
    }

    /** Closes the current file, first cutting back a failed batch (else the file would keep it). */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            try {
                cutBack();
            } finally {
                channel.close();
                channel = null;
            }
        }
    }
}
