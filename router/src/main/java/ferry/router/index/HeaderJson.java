package ferry.router.index;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.json.DicomJsonWriter;
import ferry.core.tag.Vr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An object's header as the index keeps it: DICOM JSON (PS3.18 F.2) of its data set without bulk data, compressed
 * with zlib (RFC 1950, as SQLite's {@code sqlar_compress}: {@code sqlar_uncompress(header, header_size)} reads it in
 * the sqlite3 shell); JSON is long-winded, and compressed it is a third to a fifth of the index's writes. Left out, at
 * any depth: values left in their file ({@code BulkData}), encapsulated pixel data, and binary values (OB, OW, OF,
 * OD, OL, OV, UN) longer than {@value #LARGEST_BINARY} bytes (pixel data of icons, overlays, waveforms, private
 * blobs). The header is read up to (7FE0,0010) Pixel Data, so the image itself is never in it. PostgreSQL keeps the
 * same bytes in a {@code BYTEA} column.
 *
 * @param compressed the JSON text in UTF-8, compressed
 * @param size       the length of the JSON text in UTF-8 bytes
 */
record HeaderJson(byte[] compressed, int size) {
    /** The longest binary value kept. */
    static final int LARGEST_BINARY = 1024;
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(
            () -> new Deflater(Deflater.BEST_SPEED));

    /** The header of {@code dataSet}: its JSON without bulk data, compressed. */
    static HeaderJson of(DataSet dataSet) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try {
            DicomJsonWriter.DEFAULT.write(withoutBulkData(dataSet), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: only a BulkData value could fail, and none is left
        }
        byte[] json = bytes.toByteArray();
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(json);
        deflater.finish();
        byte[] buffer = new byte[json.length / 2 + 64];
        int length = 0;
        while (!deflater.finished()) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            length += deflater.deflate(buffer, length, buffer.length - length);
        }
        return new HeaderJson(Arrays.copyOf(buffer, length), json.length);
    }

    /** The JSON text of a header as the index holds it (also one stored uncompressed, as sqlar does). */
    static String text(byte[] stored, int size) {
        if (stored.length == size) {
            return new String(stored, StandardCharsets.UTF_8);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] json = new byte[size];
            int length = 0;
            while (length < size && !inflater.finished()) {
                int n = inflater.inflate(json, length, size - length);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                length += n;
            }
            if (length != size) {
                throw new IllegalStateException("a header in the index is damaged: " + length + " of " + size
                        + " bytes");
            }
            return new String(json, StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a header in the index is damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** {@code dataSet} itself when it holds no bulk data, else a copy without it. */
    static DataSet withoutBulkData(DataSet dataSet) {
        DataSet copy = null;
        for (int i = 0; i < dataSet.size(); i++) {
            Value value = dataSet.valueAt(i);
            Value kept = kept(dataSet, dataSet.vrAt(i), value);
            if (kept != value && copy == null) {
                copy = new DataSet(dataSet.parent());
                for (int j = 0; j < i; j++) {
                    copy.put(dataSet.tagAt(j), dataSet.vrAt(j), dataSet.valueAt(j));
                }
            }
            if (copy != null && kept != null) {
                copy.put(dataSet.tagAt(i), dataSet.vrAt(i), kept);
            }
        }
        return copy == null ? dataSet : copy;
    }

    /**
     * The value as kept: itself, a copy without bulk data (a sequence), or null when left out. A copied sequence has
     * the same parent as the original ({@code owner}), so its items keep their character set and stay where they are.
     */
    private static Value kept(DataSet owner, Vr vr, Value value) {
        if (value instanceof BulkData || value instanceof Fragments) {
            return null;
        }
        if (value instanceof Bytes bytes) {
            return vr.kind() == Vr.Kind.BULK && bytes.bytes().length > LARGEST_BINARY ? null : value;
        }
        if (value instanceof Sequence sequence) {
            Sequence copy = null;
            for (int i = 0; i < sequence.size(); i++) {
                DataSet item = sequence.item(i);
                DataSet keptItem = withoutBulkData(item);
                if (keptItem != item && copy == null) {
                    copy = new Sequence(owner, sequence.undefinedLength());
                    for (int j = 0; j < i; j++) {
                        copy.add(sequence.item(j));
                    }
                }
                if (copy != null) {
                    copy.add(keptItem);
                }
            }
            return copy == null ? sequence : copy;
        }
        return value;
    }
}
