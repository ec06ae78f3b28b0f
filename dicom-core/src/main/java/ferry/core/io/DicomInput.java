package ferry.core.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A buffered reader of DICOM-encoded bytes that knows its absolute position, the file it reads (if any, for bulk
 * data references) and how many bytes remain (when known), so that bad lengths are caught before any allocation.
 */
final class DicomInput implements AutoCloseable {
    private static final int BUFFER_SIZE = 16 * 1024;
    /** Values of unknown-length sources are read in chunks of this size, so a huge declared length cannot OOM. */
    private static final int CHUNK = 1 << 20;

    private InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private long consumedBeforeBuffer;
    private long totalLength;
    private Path file;
    private Inflater inflater;

    DicomInput(InputStream in, Path file, long totalLength) {
        this.in = in;
        this.file = file;
        this.totalLength = totalLength;
    }

    /** The absolute position of the next byte. */
    long position() {
        return consumedBeforeBuffer + pos;
    }

    /** The file being read, or {@code null} when values cannot be referenced by offset. */
    Path file() {
        return file;
    }

    /** Bytes left before the end, or -1 when unknown. */
    long remaining() {
        return totalLength < 0 ? -1 : totalLength - position();
    }

    /** True when no byte is left. */
    boolean atEnd() throws IOException {
        return !ensure(1);
    }

    /** Makes at least {@code n} (≤ buffer size) bytes available; false when the input ends first. */
    boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            consumedBeforeBuffer += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit < n) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    /** The number of bytes available without blocking beyond what {@link #ensure} loaded. */
    int buffered() {
        return limit - pos;
    }

    /** Looks at byte {@code index} ahead without consuming it; call {@link #ensure} first. */
    int peek(int index) {
        return buffer[pos + index] & 0xFF;
    }

    void require(int n) throws IOException {
        if (!ensure(n)) {
            throw new EOFException();
        }
    }

    int u8() throws IOException {
        require(1);
        return buffer[pos++] & 0xFF;
    }

    int u16(boolean bigEndian) throws IOException {
        require(2);
        int a = buffer[pos] & 0xFF;
        int b = buffer[pos + 1] & 0xFF;
        pos += 2;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    int s32(boolean bigEndian) throws IOException {
        require(4);
        int v;
        if (bigEndian) {
            v = (buffer[pos] & 0xFF) << 24 | (buffer[pos + 1] & 0xFF) << 16 | (buffer[pos + 2] & 0xFF) << 8
                    | buffer[pos + 3] & 0xFF;
        } else {
            v = (buffer[pos + 3] & 0xFF) << 24 | (buffer[pos + 2] & 0xFF) << 16 | (buffer[pos + 1] & 0xFF) << 8
                    | buffer[pos] & 0xFF;
        }
        pos += 4;
        return v;
    }

    /** Reads exactly {@code length} bytes; fails with EOF when the input ends first, never allocating past it. */
    byte[] bytes(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("value of " + length + " bytes is too large to hold in memory");
        }
        int n = (int) length;
        byte[] out = new byte[totalLength >= 0 ? n : Math.min(n, CHUNK)];
        int filled = 0;
        while (filled < n) {
            if (filled == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            if (pos == limit) {
                if (out.length - filled >= BUFFER_SIZE) {
                    int read = in.read(out, filled, out.length - filled);
                    if (read < 0) {
                        throw new EOFException();
                    }
                    consumedBeforeBuffer += read;
                    filled += read;
                    continue;
                }
                require(1);
            }
            int count = Math.min(limit - pos, out.length - filled);
            System.arraycopy(buffer, pos, out, filled, count);
            pos += count;
            filled += count;
        }
        return out;
    }

    /** Skips exactly {@code length} bytes. */
    void skip(long length) throws IOException {
        long left = length;
        int inBuffer = (int) Math.min(left, limit - pos);
        pos += inBuffer;
        left -= inBuffer;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            consumedBeforeBuffer += skipped;
            left -= skipped;
        }
    }

    /**
     * From here on, reads the raw-deflated rest of the input (PS3.5 §A.5). Positions count inflated bytes and
     * values can no longer be referenced in the file.
     */
    void inflateRest() {
        long base = position();
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buffer.clone(), pos, limit - pos), in);
        inflater = new Inflater(true);
        in = new InflaterInputStream(rest, inflater, 8192);
        consumedBeforeBuffer = base;
        pos = 0;
        limit = 0;
        totalLength = -1;
        file = null;
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
