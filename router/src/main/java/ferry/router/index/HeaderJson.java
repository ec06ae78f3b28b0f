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

/**
 * An object's header as the index keeps it: DICOM JSON (PS3.18 F.2) of its data set without bulk data. Left out, at
 * any depth: values left in their file ({@code BulkData}), encapsulated pixel data, and binary values (OB, OW, OF,
 * OD, OL, OV, UN) longer than {@value #LARGEST_BINARY} bytes (pixel data of icons, overlays, waveforms, private
 * blobs). The header is read up to (7FE0,0010) Pixel Data, so the image itself is never in it.
 */
final class HeaderJson {
    /** The longest binary value kept. */
    static final int LARGEST_BINARY = 1024;

    private HeaderJson() {
    }

    /** The JSON text of {@code header} without its bulk data. */
    static String of(DataSet header) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try {
            DicomJsonWriter.DEFAULT.write(withoutBulkData(header), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: only a BulkData value could fail, and none is left
        }
        return bytes.toString(StandardCharsets.UTF_8);
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
