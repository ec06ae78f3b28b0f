package ferry.core.io;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes data sets and Part 10 files in any native transfer syntax (PS3.5 §7, §A.1–A.5), converting byte order
 * and VR encoding as needed. Bulk data is streamed from its file. Sequences and items keep the length encoding
 * they were read with (defined lengths are recomputed), and group length elements are recomputed, so an
 * unchanged data set written in its own transfer syntax comes out byte for byte as read, unless it has odd-length
 * values: every value, and every fragment of encapsulated pixel data, is written with even length (PS3.5 §7.1.1,
 * §A.4), an odd one followed by its VR's padding byte (§6.2: space for text, NUL for UI and binary; zero for a
 * fragment). The writing methods return how many they padded, so callers can warn.
 *
 * <p>In explicit VR, a value too long for its VR's 16-bit length field is written as UN (PS3.5 §6.2.2).
 * Encapsulated pixel data can only be written in a transfer syntax that is itself encapsulated.
 */
public final class DicomWriter {
    private final DicomOutput out;
    private int padded;

    private DicomWriter(OutputStream out) {
        this.out = new DicomOutput(out);
    }

    private DicomWriter(OutputStream out, int bufferSize) {
        this.out = new DicomOutput(out, bufferSize);
    }

    /** A file meta group is a few hundred bytes: its writer's buffer need not be the data set writer's 64 KiB. */
    private static final int HEADER_BUFFER = 1024;

    /**
     * Writes a Part 10 file: 128-byte preamble, "DICM", the file meta group and the data set. Returns how many
     * odd-length values were padded to even length.
     */
    public static int writeFile(Path file, DataSet fileMeta, DataSet dataSet, TransferSyntax syntax)
            throws IOException {
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            return writeFile(stream, fileMeta, dataSet, syntax);
        }
    }

    /**
     * Writes a Part 10 file to a stream (not closed). The meta group's Transfer Syntax UID is set to
     * {@code syntax}, missing required meta elements are filled in from the data set, and its group length is
     * recomputed. Returns how many odd-length values were padded to even length.
     */
    public static int writeFile(OutputStream stream, DataSet fileMeta, DataSet dataSet, TransferSyntax syntax)
            throws IOException {
        return writeHeader(stream, completeMeta(fileMeta, dataSet, syntax)) + writeDataSet(stream, dataSet, syntax);
    }

    /**
     * Writes the start of a Part 10 file: the 128-byte preamble, "DICM" and this file meta group (its group
     * length recomputed). The data set's bytes, already encoded in the meta's transfer syntax, can follow as they
     * are: this is how a received object is stored without re-encoding it. Returns how many odd-length values were
     * padded to even length.
     */
    public static int writeHeader(OutputStream stream, DataSet fileMeta) throws IOException {
        DicomWriter writer = new DicomWriter(stream, HEADER_BUFFER);
        writer.out.bytes(new byte[128]);
        writer.out.bytes(new byte[] {'D', 'I', 'C', 'M'});
        writer.writeElements(fileMeta, true, false);
        writer.out.flush();
        return writer.padded;
    }

    /**
     * Writes a bare data set (as in a C-STORE request) to a stream (flushed, not closed). Returns how many
     * odd-length values were padded to even length.
     */
    public static int writeDataSet(OutputStream stream, DataSet dataSet, TransferSyntax syntax) throws IOException {
        if (!syntax.encapsulated()) {
            checkNative(dataSet); // before the deflated case too: Deflated Explicit VR Little Endian is native
        }
        if (syntax.deflated()) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DeflaterOutputStream deflating = new DeflaterOutputStream(stream, deflater, 64 * 1024);
                DicomWriter writer = new DicomWriter(deflating);
                writer.writeElements(dataSet, true, false);
                writer.out.flush();
                deflating.finish();
                deflating.flush();
                return writer.padded;
            } finally {
                deflater.end();
            }
        }
        DicomWriter writer = new DicomWriter(stream);
        writer.writeElements(dataSet, syntax.explicitVr(), syntax.bigEndian());
        writer.out.flush();
        stream.flush();
        return writer.padded;
    }

    private static void checkNative(DataSet dataSet) {
        if (dataSet.value(Tag.PIXEL_DATA) instanceof Fragments) {
            throw new IllegalArgumentException(
                    "encapsulated (compressed) pixel data cannot be written in a native transfer syntax");
        }
    }

    /**
     * The file meta group to write: {@code fileMeta} with its transfer syntax set to {@code syntax} and with
     * version, SOP class/instance (from the data set) and implementation identity filled in when missing.
     */
    public static DataSet completeMeta(DataSet fileMeta, DataSet dataSet, TransferSyntax syntax) {
        DataSet meta = new DataSet();
        for (int i = 0; i < fileMeta.size(); i++) {
            if (Tag.group(fileMeta.tagAt(i)) == 0x0002) {
                meta.put(fileMeta.tagAt(i), fileMeta.vrAt(i), fileMeta.valueAt(i));
            }
        }
        if (!meta.contains(0x00020001)) {
            meta.setBytes(0x00020001, Vr.OB, new byte[] {0, 1});
        }
        copyIfMissing(meta, 0x00020002, dataSet, 0x00080016);
        copyIfMissing(meta, 0x00020003, dataSet, 0x00080018);
        meta.setString(Tag.TRANSFER_SYNTAX_UID, Vr.UI, syntax.uid());
        if (!meta.contains(0x00020012)) {
            meta.setString(0x00020012, Vr.UI, Implementation.CLASS_UID);
            meta.setString(0x00020013, Vr.SH, Implementation.VERSION_NAME);
        }
        meta.put(0x00020000, Vr.UL, Bytes.EMPTY); // recomputed when written
        return meta;
    }

    private static void copyIfMissing(DataSet meta, int metaTag, DataSet dataSet, int tag) {
        String uid = dataSet.getString(tag);
        if (!meta.contains(metaTag) && uid != null) {
            meta.setString(metaTag, Vr.UI, uid);
        }
    }

    private void writeElements(DataSet dataSet, boolean explicit, boolean big) throws IOException {
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            Vr vr = dataSet.vrAt(i);
            Value value = dataSet.valueAt(i);
            if (Tag.isGroupLength(tag) && value instanceof Bytes) {
                long length = EncodedLength.ofGroup(dataSet, i + 1, explicit);
                writeHeader(tag, Vr.UL, 4, explicit, big);
                out.u32(length, big);
                continue;
            }
            writeElement(tag, vr, value, explicit, big);
        }
    }

    private void writeElement(int tag, Vr vr, Value value, boolean explicit, boolean big) throws IOException {
        if (value instanceof Bytes b) {
            byte[] bytes = b.bytes();
            writeHeader(tag, vr, EncodedLength.even(bytes.length), explicit, big);
            if (big && vr.swapUnit() > 1) {
                out.swapped(bytes, 0, bytes.length, vr.swapUnit());
            } else {
                out.bytes(bytes);
            }
            padIfOdd(bytes.length, vr.padding());
        } else if (value instanceof BulkData d) {
            writeHeader(tag, vr, EncodedLength.even(d.length()), explicit, big);
            copy(d, d.bigEndian() != big && vr.swapUnit() > 1 ? vr.swapUnit() : 0);
            padIfOdd(d.length(), vr.padding());
        } else if (value instanceof Sequence s) {
            writeSequence(tag, vr, s, explicit, big);
        } else {
            writeFragments(tag, vr, (Fragments) value, explicit, big);
        }
    }

    private void writeSequence(int tag, Vr vr, Sequence sequence, boolean explicit, boolean big)
            throws IOException {
        boolean itemsExplicit = explicit && vr != Vr.UN;
        boolean itemsBig = big && vr != Vr.UN;
        long length = sequence.undefinedLength() ? 0xFFFFFFFFL : EncodedLength.ofItems(sequence, itemsExplicit);
        writeHeader(tag, vr, length, explicit, big);
        for (DataSet item : sequence.items()) {
            out.tag(Tag.ITEM, itemsBig);
            out.u32(item.undefinedLength() ? 0xFFFFFFFFL : EncodedLength.ofDataSet(item, itemsExplicit), itemsBig);
            writeElements(item, itemsExplicit, itemsBig);
            if (item.undefinedLength()) {
                out.tag(Tag.ITEM_DELIMITATION, itemsBig);
                out.u32(0, itemsBig);
            }
        }
        if (sequence.undefinedLength()) {
            out.tag(Tag.SEQUENCE_DELIMITATION, itemsBig);
            out.u32(0, itemsBig);
        }
    }

    private void writeFragments(int tag, Vr vr, Fragments fragments, boolean explicit, boolean big)
            throws IOException {
        if (big) {
            throw new IllegalArgumentException("encapsulated pixel data cannot be written big endian");
        }
        writeHeader(tag, vr, 0xFFFFFFFFL, explicit, false);
        for (Value item : fragments.items()) {
            out.tag(Tag.ITEM, false);
            if (item instanceof Bytes b) {
                out.u32(EncodedLength.even(b.bytes().length), false);
                out.bytes(b.bytes());
                padIfOdd(b.bytes().length, (byte) 0);
            } else {
                BulkData d = (BulkData) item;
                out.u32(EncodedLength.even(d.length()), false);
                copy(d, 0);
                padIfOdd(d.length(), (byte) 0);
            }
        }
        out.tag(Tag.SEQUENCE_DELIMITATION, false);
        out.u32(0, false);
    }

    /** The padding byte after a value of odd {@code length} (PS3.5 §7.1.1), counted. */
    private void padIfOdd(long length, byte padding) throws IOException {
        if ((length & 1) != 0) {
            out.bytes(new byte[] {padding});
            padded++;
        }
    }

    private void writeHeader(int tag, Vr vr, long length, boolean explicit, boolean big) throws IOException {
        out.tag(tag, big);
        if (!explicit) {
            out.u32(length, big);
            return;
        }
        Vr written = EncodedLength.explicitVr(vr, length);
        int code = written.code();
        out.u16(code, true);
        if (written.longHeader()) {
            out.u16(0, big);
            out.u32(length, big);
        } else {
            out.u16((int) length, big);
        }
    }

    private void copy(BulkData data, int swapUnit) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = data.open()) {
            int n;
            while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                if (swapUnit > 1) {
                    out.swapped(chunk, 0, n, swapUnit);
                } else {
                    out.bytes(chunk, 0, n);
                }
            }
        }
    }
}
