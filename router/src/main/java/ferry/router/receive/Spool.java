package ferry.router.receive;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.assoc.AssociationInfo;
import ferry.net.dimse.CStoreRq;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where received objects are written first: one Part 10 file per object in the spool folder, streamed from the
 * association as it arrives (never whole in memory). The first bytes of the data set are kept as they pass, so
 * the routing header can usually be parsed without reading the file back. A spool file without a journal record
 * was never acknowledged: a restart deletes it.
 */
public final class Spool {
    /** How much of the start of each data set is kept in memory for the header parse. */
    static final int HEAD_BYTES = 64 * 1024;

    private final Path folder;
    private final AtomicLong counter = new AtomicLong();
    private final String prefix;

    /** A spool in {@code folder}, created if needed. */
    public Spool(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.prefix = Long.toString(System.currentTimeMillis(), 36) + "-";
    }

    public Path folder() {
        return folder;
    }

    /**
     * One spooled object.
     *
     * @param file   the Part 10 file in the spool
     * @param size   its size in bytes
     * @param syntax the transfer syntax of its data set
     * @param head   the first bytes of the data set (all of it when {@code complete})
     * @param complete whether {@code head} is the whole data set
     */
    public record Spooled(Path file, long size, TransferSyntax syntax, byte[] head, boolean complete) {
    }

    /**
     * Writes the object arriving on {@code dataSet} to a new spool file with a file meta group describing it. On
     * any failure the partial file is removed and the exception rethrown.
     */
    public Spooled write(AssociationInfo association, String transferSyntaxUid, CStoreRq request,
                         InputStream dataSet) throws IOException {
        Path file = folder.resolve(prefix + counter.incrementAndGet() + ".dcm");
        DataSet meta = new DataSet();
        meta.setString(Tags.MediaStorageSOPClassUID, Vr.UI, request.affectedSopClassUid());
        meta.setString(Tags.MediaStorageSOPInstanceUID, Vr.UI, request.affectedSopInstanceUid());
        meta.setString(Tags.SourceApplicationEntityTitle, Vr.AE, association.callingAeTitle());
        TransferSyntax syntax = TransferSyntax.of(transferSyntaxUid);
        boolean written = false;
        try (OutputStream out = Files.newOutputStream(file)) {
            HeadCapture capture = new HeadCapture(out);
            DicomWriter.writeHeader(capture.raw(), DicomWriter.completeMeta(meta, new DataSet(), syntax));
            long metaBytes = capture.rawCount();
            capture.startCapturing();
            dataSet.transferTo(capture);
            capture.flush();
            written = true;
            return new Spooled(file, metaBytes + capture.captured(), syntax, capture.head(),
                    capture.captured() <= HEAD_BYTES);
        } finally {
            if (!written) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Buffers writes into 64 KiB chunks for the file and keeps a copy of the first {@link #HEAD_BYTES} of the data
     * set.
     */
    private static final class HeadCapture extends OutputStream {
        private final OutputStream file;
        private final byte[] buffer = new byte[64 * 1024];
        private int buffered;
        private long rawCount;
        private byte[] head;
        private int headLength;
        private long captured;
        private boolean capturing;

        HeadCapture(OutputStream file) {
            this.file = file;
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
            head = new byte[4096];
        }

        long captured() {
            return captured;
        }

        byte[] head() {
            return head == null ? new byte[0] : Arrays.copyOf(head, headLength);
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
            if (length >= buffer.length) {
                flushBuffer();
                file.write(bytes, offset, length);
                return;
            }
            if (buffered + length > buffer.length) {
                flushBuffer();
            }
            System.arraycopy(bytes, offset, buffer, buffered, length);
            buffered += length;
        }

        private void keep(byte[] bytes, int offset, int length) {
            int room = HEAD_BYTES - headLength;
            if (room <= 0) {
                return;
            }
            int n = Math.min(room, length);
            if (headLength + n > head.length) {
                head = Arrays.copyOf(head, Math.min(HEAD_BYTES, Math.max(head.length * 2, headLength + n)));
            }
            System.arraycopy(bytes, offset, head, headLength, n);
            headLength += n;
        }

        private void flushBuffer() throws IOException {
            if (buffered > 0) {
                file.write(buffer, 0, buffered);
                buffered = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
        }
    }
}
