package ferry.router.storage;

import ferry.core.io.DicomFile;
import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether two files hold the same object, for {@link CollisionPolicy#SKIP_IDENTICAL}: the same transfer syntax and
 * the same data set bytes, everything after the file meta information group (PS3.10 §7.1). The file meta group is
 * left out: it says who sent the file (Source Application Entity Title (0002,0016)) and which program wrote it
 * (Implementation Class UID (0002,0012)), so the same instance sent again by another node, a PACS after the scanner,
 * is the same object. A data set in another transfer syntax is not: its bytes differ even where its content may not,
 * and telling would need both decoded. Files that are not DICOM files are compared whole. Both files are read in
 * chunks, never whole.
 */
final class SameDataSet {
    private static final int CHUNK = 64 * 1024;
    /** Reads the file meta group and stops before the data set's first element. */
    private static final ReadOptions META_ONLY = ReadOptions.DEFAULT.stoppingBefore(0);

    private SameDataSet() {
    }

    /** True when {@code existing} is a regular file holding the same object as {@code source}. */
    static boolean identical(Path source, Path existing) throws IOException {
        try {
            if (!Files.isRegularFile(existing)) {
                return false;
            }
            DicomFile ours = metaOf(source);
            DicomFile theirs = metaOf(existing);
            if (ours == null || theirs == null) {
                return ours == null && theirs == null && Files.mismatch(source, existing) == -1L;
            }
            return ours.transferSyntax().uid().equals(theirs.transferSyntax().uid())
                    && sameBytes(source, ours.dataSetOffset(), existing, theirs.dataSetOffset());
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** The file's meta group and where its data set starts; null when it is not a DICOM file. */
    private static DicomFile metaOf(Path file) throws IOException {
        try {
            return DicomReader.read(file, META_ONLY);
        } catch (DicomParseException notDicom) {
            return null;
        }
    }

    private static boolean sameBytes(Path a, long fromA, Path b, long fromB) throws IOException {
        try (FileChannel left = FileChannel.open(a, StandardOpenOption.READ);
             FileChannel right = FileChannel.open(b, StandardOpenOption.READ)) {
            long length = left.size() - fromA;
            if (length != right.size() - fromB) {
                return false;
            }
            ByteBuffer leftChunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(length, 1)));
            ByteBuffer rightChunk = ByteBuffer.allocate(leftChunk.capacity());
            for (long done = 0; done < length; done += leftChunk.limit()) {
                int size = (int) Math.min(leftChunk.capacity(), length - done);
                if (!fill(left, leftChunk.clear().limit(size), fromA + done)
                        || !fill(right, rightChunk.clear().limit(size), fromB + done)
                        || !leftChunk.flip().equals(rightChunk.flip())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads the buffer full from {@code position}; false when the file ends first (it shrank meanwhile). */
    private static boolean fill(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                return false;
            }
            at += read;
        }
        return true;
    }
}
