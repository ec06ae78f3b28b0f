package ferry.core.json;

import java.io.IOException;
import java.io.InputStream;

/** Big-endian binary values read as little endian: every {@code unit} bytes reversed. */
final class SwappedInput extends InputStream {
    private final InputStream in;
    private final int unit;
    private final byte[] buffer;
    private int position;
    private int limit;

    SwappedInput(InputStream in, int unit) {
        this.in = in;
        this.unit = unit;
        this.buffer = new byte[8192];
    }

    /** Swaps {@code bytes} in place, in units of {@code unit} bytes; a trailing partial unit is left alone. */
    static byte[] swap(byte[] bytes, int unit) {
        swap(bytes, bytes.length, unit);
        return bytes;
    }

    private static void swap(byte[] bytes, int length, int unit) {
        for (int start = 0; start + unit <= length; start += unit) {
            for (int i = 0, j = unit - 1; i < j; i++, j--) {
                byte t = bytes[start + i];
                bytes[start + i] = bytes[start + j];
                bytes[start + j] = t;
            }
        }
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        limit = in.readNBytes(buffer, 0, buffer.length);
        position = 0;
        swap(buffer, limit, unit);
        return limit > 0;
    }

    @Override
    public int read() throws IOException {
        return fill() ? buffer[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
