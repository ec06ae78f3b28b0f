package ferry.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A large value left in its file: where it is and how long. Reading a file with a bulk data threshold turns
 * every value longer than the threshold into one of these, so pixel data of any size never enters the heap.
 *
 * @param file      the file holding the value
 * @param offset    the offset of the first value byte in the file
 * @param length    the value length in bytes
 * @param bigEndian true when the bytes in the file are big endian (they are swapped when written little endian)
 */
public record BulkData(Path file, long offset, long length, boolean bigEndian) implements Value {

    /** Opens the value's bytes, exactly {@link #length()} of them, as they are in the file. */
    public InputStream open() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        InputStream in = Channels.newInputStream(channel);
        return new BoundedInputStream(in, length);
    }

    /** The value's bytes in memory, in the file's byte order; for values known to be small enough. */
    public byte[] readAll() throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("bulk data of " + length + " bytes is too large to read into memory");
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }
}
