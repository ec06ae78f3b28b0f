package ferry.core.json;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.Fragments;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Encapsulated pixel data as one byte stream, the way DICOM JSON carries it: the value field of the element,
 * i.e. every item (the Basic Offset Table, then the fragments) with its (FFFE,E000) tag and 32-bit length, little
 * endian, without the closing Sequence Delimitation Item (PS3.5 §A.4; pydicom does the same).
 */
final class Encapsulation {
    private Encapsulation() {
    }

    /** The length of the encoded items. */
    static long length(Fragments fragments) {
        long total = 0;
        for (int i = 0; i < fragments.size(); i++) {
            total += 8 + fragments.itemLength(i);
        }
        return total;
    }

    /** The encoded items as a stream; fragments left in their file are read from it as the stream is consumed. */
    static InputStream open(Fragments fragments) {
        List<InputStream> parts = new ArrayList<>();
        for (int i = 0; i < fragments.size(); i++) {
            parts.add(new ByteArrayInputStream(itemHeader(fragments.itemLength(i))));
            Value item = fragments.items().get(i);
            parts.add(item instanceof Bytes b ? new ByteArrayInputStream(b.bytes()) : new LazyInput((BulkData) item));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private static byte[] itemHeader(long length) {
        byte[] header = new byte[8];
        int tag = Tag.ITEM;
        header[0] = (byte) (tag >>> 16);
        header[1] = (byte) (tag >>> 24);
        header[2] = (byte) tag;
        header[3] = (byte) (tag >>> 8);
        for (int b = 0; b < 4; b++) {
            header[4 + b] = (byte) (length >>> (8 * b));
        }
        return header;
    }

    /**
     * The fragments encoded in {@code bytes}, or {@code null} when the bytes are not exactly a run of items
     * (a trailing Sequence Delimitation Item is accepted).
     */
    static Fragments parse(byte[] bytes) {
        Fragments fragments = new Fragments();
        int at = 0;
        while (at < bytes.length) {
            if (bytes.length - at < 8) {
                return null;
            }
            int tag = Tag.of(u16(bytes, at), u16(bytes, at + 2));
            long length = u16(bytes, at + 4) | (long) u16(bytes, at + 6) << 16;
            if (tag == Tag.SEQUENCE_DELIMITATION && length == 0 && at + 8 == bytes.length && at > 0) {
                break;
            }
            if (tag != Tag.ITEM || length > bytes.length - at - 8) {
                return null;
            }
            fragments.add(new Bytes(Arrays.copyOfRange(bytes, at + 8, at + 8 + (int) length)));
            at += 8 + (int) length;
        }
        return fragments.size() == 0 ? null : fragments;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    /** Opens a bulk data fragment only when it is first read, so no more than one file is open at a time. */
    private static final class LazyInput extends InputStream {
        private final BulkData data;
        private InputStream in;

        LazyInput(BulkData data) {
            this.data = data;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = data.open();
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in().read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
