package ferry.router.make;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file whole or not at all: into a temporary file beside it ({@code .NAME.part}), moved into place when
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

    /** Writes {@code content} to {@code target}, creating its folder when missing. */
    public static void write(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path part = folder.resolve("." + target.getFileName() + ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 64 * 1024)) {
                content.writeTo(out);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
