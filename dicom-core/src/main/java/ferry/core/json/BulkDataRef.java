package ferry.core.json;

import ferry.core.data.BulkData;
import ferry.core.data.Value;
import ferry.core.tag.Vr;
import java.util.List;

/**
 * A binary value the {@link DicomJsonWriter} may write as a {@code BulkDataURI} (PS3.18 §F.2.6) instead of
 * inline: what the caller's URI function is given.
 *
 * @param sequencePath the enclosing sequences, outermost first, as pairs of sequence tag and item index
 *                     ({@code [seqTag, itemIndex, seqTag, itemIndex, …]}); empty at top level
 * @param tag          the element's tag
 * @param vr           the element's VR
 * @param value        the value: {@link BulkData}, in-memory {@code Bytes}, or {@code Fragments}
 * @param length       the value length in bytes (for fragments: the encoded items, see {@link DicomJsonWriter})
 */
public record BulkDataRef(List<Integer> sequencePath, int tag, Vr vr, Value value, long length) {

    public BulkDataRef {
        sequencePath = List.copyOf(sequencePath);
    }

    /**
     * The default URI function: for a little-endian {@link BulkData} value, a {@code file:} URI of its file with
     * the value's place in it, e.g. {@code file:///data/in/1.dcm?offset=1234&length=524288}; {@code null} (so the
     * value is written inline) for everything else, including big-endian bulk data, since bulk data in DICOM JSON
     * is little endian. {@link BulkDataResolver#FILE_URIS} reads such URIs back.
     */
    public static String fileUri(BulkDataRef ref) {
        if (ref.value() instanceof BulkData data && !data.bigEndian()) {
            return FileUris.format(data.file(), data.offset(), data.length());
        }
        return null;
    }
}
