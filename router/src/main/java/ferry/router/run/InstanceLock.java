package ferry.router.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One running Ferry per data directory: an exclusive lock on {@code ferry.pid}, which holds the process id. The
 * operating system drops the lock when the process dies, however it dies, so a stale pid file never blocks a start.
 */
public final class InstanceLock implements AutoCloseable {
    /** The pid file's name in the data directory. */
    public static final String FILE_NAME = "ferry.pid";

    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private InstanceLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /** Takes the lock and writes our pid, or fails naming the process that holds it. */
    public static InstanceLock acquire(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            String pid = Files.readString(file).trim();
            throw new IOException("Ferry already runs with data directory " + dataDirectory.toAbsolutePath()
                    + (pid.isEmpty() ? "" : " (pid " + pid + ")"));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(
                StandardCharsets.US_ASCII)));
        return new InstanceLock(channel, lock, file);
    }

    /**
     * Whether some process holds the lock of {@code dataDirectory} now. Looking takes a shared lock for a moment, so
     * reading the pid file is enough.
     *
     * @throws IOException when the pid file exists but cannot be read (another user's Ferry)
     */
    public static boolean held(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (NoSuchFileException none) {
            return false;
        } catch (OverlappingFileLockException ours) {
            return true;
        }
    }

    /** The pid the pid file of {@code dataDirectory} holds, or an empty string. */
    public static String pid(Path dataDirectory) {
        try {
            return Files.readString(dataDirectory.resolve(FILE_NAME)).trim();
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /** Releases the lock and removes the pid file. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
        lock.release();
        channel.close();
    }
}
