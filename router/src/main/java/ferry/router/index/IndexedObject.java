package ferry.router.index;

import ferry.core.data.DataSet;
import ferry.core.data.ValueFormatException;
import ferry.core.sr.ContentTree;
import ferry.core.sr.Measurement;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One instance as the index writes it: the values of its {@link IndexKey}s (text, as the index columns hold them),
 * what Ferry did with it, its header as DICOM JSON and, for a structured report, its numeric values. Made on the
 * thread that handled the object, so that the journal's writer only binds values.
 *
 * @param values   each key's value; every key but ModalitiesInStudy (derived) is present, empty when the object
 *                 has none
 * @param handling where it came from and went
 * @param header   its data set up to Pixel Data without bulk data, as compressed DICOM JSON
 * @param journalId the id of its journal record, or null (a file added by {@code ferry index})
 * @param measurements the numeric values of its SR content tree ({@link ContentTree#measurements}); none for other
 *                     objects
 */
record IndexedObject(Map<IndexKey, String> values, Handling handling, HeaderJson header, Long journalId,
                     List<Measurement> measurements) {
    public IndexedObject {
        values = Collections.unmodifiableMap(new EnumMap<>(values));
        measurements = List.copyOf(measurements);
        Objects.requireNonNull(handling, "handling");
        Objects.requireNonNull(header, "header");
    }

    /**
     * The index entry of an object whose data set (read up to Pixel Data) is {@code header}.
     *
     * @throws IllegalArgumentException when it has no Study, Series or SOP Instance UID: it cannot be placed in the
     *                                  hierarchy
     */
    static IndexedObject of(DataSet header, Handling handling, Long journalId) {
        Map<IndexKey, String> values = new EnumMap<>(IndexKey.class);
        for (IndexKey key : IndexKey.values()) {
            if (key.kind() != IndexKey.Kind.MODALITIES) {
                values.put(key, value(header, key));
            }
        }
        for (IndexKey unique : List.of(IndexKey.STUDY_INSTANCE_UID, IndexKey.SERIES_INSTANCE_UID,
                IndexKey.SOP_INSTANCE_UID)) {
            if (values.get(unique).isEmpty()) {
                throw new IllegalArgumentException("it has no " + IndexKey.name(unique.tag()));
            }
        }
        return new IndexedObject(values, handling, HeaderJson.of(header), journalId, measurements(header));
    }

    /**
     * The numeric values of the content tree of {@code header}. The header in hand suffices: Numeric Value (DS) and
     * the codes of a NUM item are short, never among the values over the bulk data threshold that a header read from
     * a file may leave there (those are long texts, which measurements do not hold).
     */
    private static List<Measurement> measurements(DataSet header) {
        return ContentTree.read(header).map(ContentTree::measurements).orElse(List.of());
    }

    /** The value of {@code key}, as its column holds it. */
    String value(IndexKey key) {
        return values.getOrDefault(key, "");
    }

    /** The value of a NUMBER key as an integer, or null. */
    Long number(IndexKey key) {
        return number(value(key));
    }

    /** An IS value as an integer ({@code 007}, {@code +7}, {@code 7.0} are 7), or null when it is none. */
    static Long number(String text) {
        try {
            return new BigDecimal(text.strip()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String value(DataSet header, IndexKey key) {
        List<String> values;
        try {
            values = header.getStrings(key.tag());
        } catch (ValueFormatException e) {
            return "";
        }
        String text = String.join("\\", values).strip();
        if (key.kind() == IndexKey.Kind.DATE) {
            return date(text);
        }
        return text;
    }

    /** A DA value as YYYYMMDD: the ACR-NEMA form YYYY.MM.DD (PS3.5 §6.2) rewritten, anything else as it is. */
    static String date(String text) {
        if (text.length() == 10 && text.charAt(4) == '.' && text.charAt(7) == '.') {
            return text.replace(".", "");
        }
        return text;
    }
}
