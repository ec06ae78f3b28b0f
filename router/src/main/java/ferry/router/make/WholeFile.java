package ferry.router.make;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whole or not at all: into a temporary file beside it ({@code .NAME.RANDOM.part}), moved into place when
 * complete, so that a failure, a full disk or Ctrl-C leaves no half-written object where a router or a script would
 * pick it up. An existing file of that name is replaced. Not fsync'd: these are test objects.
 */
public final class WholeFile {
    /** What goes into the file, written to a buffered stream that the caller neither flushes nor closes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private WholeFile() {
    }

    /**
     * Writes {@code content} to {@code target}, creating its folder when missing.
     *
     * @throws IOException when {@code target} is a folder (a rename would replace an empty one), or it cannot be written
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + " is a folder");
        }
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        // not Files.createTempFile: its file is private to the user (0600), and the renamed file would stay so
        Path part = folder.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(
                ThreadLocalRandom.current().nextLong(), 36) + ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 64 * 1024)) {
                content.writeTo(out);
            }
            try {
                Files.move(part, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
