package ferry.router.receive;

import ferry.router.journal.ReceivedRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Gathers writes into the thread's 64 KiB staging buffer for the file and keeps a copy of the first
 * {@link Spool#HEAD_BYTES} of the data set in the thread's head buffer (both reused by the thread's next object).
 */
final class HeadCapture extends OutputStream {
    private final FileChannel file;
    private final ByteBuffer buffer;
    private final CRC32C crc;
    private long rawCount;
    private final byte[] head;
    private int headLength;
    private long captured;
    private boolean capturing;

    /**
     * @param staging where writes are gathered for the file
     * @param head    where the data set's first {@link Spool#HEAD_BYTES} are kept: at least that long
     * @param crc     takes the checksum of everything written, or null
     */
    HeadCapture(FileChannel file, ByteBuffer staging, byte[] head, CRC32C crc) {
        if (head.length < Spool.HEAD_BYTES) {
            throw new IllegalArgumentException("a head buffer of " + head.length + " bytes, not " + Spool.HEAD_BYTES);
        }
        this.file = file;
        this.buffer = staging.clear();
        this.head = head;
        this.crc = crc;
    }

    long checksum() {
        return crc == null ? ReceivedRecord.NO_CHECKSUM : crc.getValue();
    }

    /** The stream for the file meta group: buffered, not captured. */
    OutputStream raw() {
        return this;
    }

    long rawCount() {
        return rawCount;
    }

    void startCapturing() {
        capturing = true;
    }

    long captured() {
        return captured;
    }

    byte[] head() {
        return head;
    }

    int headLength() {
        return headLength;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (capturing) {
            keep(bytes, offset, length);
            captured += length;
        } else {
            rawCount += length;
        }
        while (length > 0) {
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            int n = Math.min(length, buffer.remaining());
            buffer.put(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    private void keep(byte[] bytes, int offset, int length) {
        int n = Math.min(Spool.HEAD_BYTES - headLength, length);
        if (n > 0) {
            System.arraycopy(bytes, offset, head, headLength, n);
            headLength += n;
        }
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        if (crc != null) {
            crc.update(buffer);
            buffer.rewind();
        }
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
    }
}
