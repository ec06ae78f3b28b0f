package ferry.core.io;

import java.io.IOException;
import java.io.OutputStream;

/** A buffered writer of DICOM-encoded numbers and bytes in either byte order. */
final class DicomOutput {
    private final OutputStream out;
    private final byte[] buffer;
    private int pos;

    DicomOutput(OutputStream out) {
        this(out, 64 * 1024);
    }

    /** @param bufferSize bytes gathered before a write to {@code out} (at least 8) */
    DicomOutput(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[Math.max(8, bufferSize)];
    }

    void u16(int value, boolean bigEndian) throws IOException {
        room(2);
        if (bigEndian) {
            buffer[pos++] = (byte) (value >>> 8);
            buffer[pos++] = (byte) value;
        } else {
            buffer[pos++] = (byte) value;
            buffer[pos++] = (byte) (value >>> 8);
        }
    }

    void u32(long value, boolean bigEndian) throws IOException {
        if (bigEndian) {
            u16((int) (value >>> 16), true);
            u16((int) value, true);
        } else {
            u16((int) value, false);
            u16((int) (value >>> 16), false);
        }
    }

    void tag(int tag, boolean bigEndian) throws IOException {
        u16(tag >>> 16, bigEndian);
        u16(tag & 0xFFFF, bigEndian);
    }

    void bytes(byte[] bytes, int offset, int length) throws IOException {
        if (length >= buffer.length) {
            flush();
            out.write(bytes, offset, length);
            return;
        }
        room(length);
        System.arraycopy(bytes, offset, buffer, pos, length);
        pos += length;
    }

    void bytes(byte[] bytes) throws IOException {
        bytes(bytes, 0, bytes.length);
    }

    /** Writes bytes swapped in units of {@code unit} without changing the caller's array. */
    void swapped(byte[] bytes, int offset, int length, int unit) throws IOException {
        int done = 0;
        while (done < length) {
            int chunk = Math.min(length - done, buffer.length - (buffer.length % 8));
            room(chunk);
            System.arraycopy(bytes, offset + done, buffer, pos, chunk);
            ByteOrder.swap(buffer, pos, chunk, unit);
            pos += chunk;
            done += chunk;
        }
    }

    private void room(int n) throws IOException {
        if (buffer.length - pos < n) {
            flush();
        }
    }

    void flush() throws IOException {
        if (pos > 0) {
            out.write(buffer, 0, pos);
            pos = 0;
        }
    }
}
