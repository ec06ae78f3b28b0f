package ferry.core.json;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes data sets in the DICOM JSON Model (PS3.18 Annex F.2), streaming to an {@link OutputStream} (UTF-8) or
 * into a caller's {@link JsonGenerator}. Immutable and thread-safe; configure with the {@code with…} methods.
 *
 * <p>How values are written, and the choices made where the standard leaves room:
 * <ul>
 * <li>Keys are the 8-digit uppercase hexadecimal tags in ascending order; group lengths (gggg,0000) are left out
 *     (§F.2.2).</li>
 * <li>An empty value (zero length, or only padding) gives an attribute with only {@code "vr"}; an empty value
 *     among several gives {@code null} in the {@code "Value"} array (§F.2.5). An empty sequence also gives only
 *     {@code "vr"}; an empty item gives {@code {}}.</li>
 * <li>Text values are decoded with the data set's Specific Character Set, split at backslash (except LT, ST, UT,
 *     UR) and stripped of padding, as {@link DataSet#getStrings} does.</li>
 * <li>PN values are objects with the non-empty component groups {@code Alphabetic}, {@code Ideographic},
 *     {@code Phonetic}, each written as it is in the value (§F.2.2).</li>
 * <li>IS and DS: each value is written as a JSON number token, character for character as it is in the data set,
 *     when that text is a valid JSON number; otherwise (e.g. {@code +1.5}, {@code .5}, {@code 007}) as a JSON
 *     string holding the text unchanged. Table F.2.3-1 maps IS and DS to Number, and since CP 1861 allows a String
 *     "to preserve the original format"; pydicom always writes numbers (converted through float/int), which can
 *     change the text. Ferry never changes it.</li>
 * <li>US, SS, UL, SL, UV, SV, FL, FD are JSON numbers (FL with float precision). UV and SV are exact in the JSON
 *     text, but readers that parse JSON numbers as IEEE doubles (JavaScript) lose precision beyond 2^53. NaN and
 *     infinities, which JSON numbers cannot hold, are written as the strings {@code "NaN"}, {@code "Infinity"} and
 *     {@code "-Infinity"}. A binary value whose length is not a multiple of its unit is written as
 *     {@code InlineBinary} so no byte is lost (§F.2.7 allows it for any binary value).</li>
 * <li>AT values are 8-digit uppercase hexadecimal strings.</li>
 * <li>OB, OD, OF, OL, OV, OW and UN are {@code InlineBinary} (base64 of the little-endian value, streamed from
 *     the file for {@link BulkData}), or a {@code BulkDataURI} when a URI function is set
 *     ({@link #withBulkDataUris}) and the value is {@link BulkData} or longer than the threshold, and the
 *     function gives a URI for it. A {@link BulkData} value of another VR (a long text or number array left in
 *     its file) is offered to the URI function too, else read and written as a normal value.</li>
 * <li>Encapsulated pixel data ({@link Fragments}) is written like any binary value, its bytes being the value
 *     field: every item with its (FFFE,E000) tag and length, the offset table first, without the sequence
 *     delimiter (§F.2.7: "the enclosing attribute's Value Field"; pydicom does the same). {@code DicomJsonReader}
 *     turns such Pixel Data back into fragments.</li>
 * <li>A sequence read from a UN element of undefined length (PS3.5 §6.2.2) is written with {@code "vr": "SQ"}.</li>
 * </ul>
 */
public final class DicomJsonWriter {
    /** Compact output, every binary value inline. */
    public static final DicomJsonWriter DEFAULT = new DicomJsonWriter(false, Long.MAX_VALUE, null, false);

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    // the names written for every attribute, encoded once (an index writes a header per received object)
    private static final SerializedString VR_NAME = new SerializedString("vr");
    private static final SerializedString VALUE_NAME = new SerializedString("Value");
    private static final SerializedString[] VR_VALUES = Arrays.stream(Vr.values())
            .map(vr -> new SerializedString(vr.name())).toArray(SerializedString[]::new);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final boolean prettyPrint;
    private final long bulkDataThreshold;
    private final Function<BulkDataRef, String> bulkDataUris;
    private final boolean bulkValuesLeftOut;

    private DicomJsonWriter(boolean prettyPrint, long bulkDataThreshold, Function<BulkDataRef, String> bulkDataUris,
                            boolean bulkValuesLeftOut) {
        this.prettyPrint = prettyPrint;
        this.bulkDataThreshold = bulkDataThreshold;
        this.bulkDataUris = bulkDataUris;
        this.bulkValuesLeftOut = bulkValuesLeftOut;
    }

    /** The same writer, indenting its output (when it creates the generator). */
    public DicomJsonWriter withPrettyPrint(boolean prettyPrint) {
        return new DicomJsonWriter(prettyPrint, bulkDataThreshold, bulkDataUris, bulkValuesLeftOut);
    }

    /**
     * The same writer, leaving out every attribute whose value is bulk data (VR OB, OD, OF, OL, OV, OW or UN, and
     * encapsulated pixel data) at every level, instead of writing its bytes: the header alone, for a tag index. The
     * attribute is left out rather than written without a value, which would say its value is empty (§F.2.5).
     */
    public DicomJsonWriter withBulkValuesLeftOut() {
        return new DicomJsonWriter(prettyPrint, bulkDataThreshold, bulkDataUris, true);
    }

    /**
     * The same writer, offering {@link BulkData} values and binary values longer than {@code threshold} bytes to
     * {@code uris}, which returns the {@code BulkDataURI} to write or {@code null} to write the value inline.
     * {@link BulkDataRef#fileUri} is a ready-made function for values left in local files.
     */
    public DicomJsonWriter withBulkDataUris(long threshold, Function<BulkDataRef, String> uris) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be ≥ 0");
        }
        return new DicomJsonWriter(prettyPrint, threshold, Objects.requireNonNull(uris, "uris"), bulkValuesLeftOut);
    }

    /** Writes {@code dataSet} as one JSON object, in UTF-8. {@code out} is flushed, not closed. */
    public void write(DataSet dataSet, OutputStream out) throws IOException {
        try (JsonGenerator generator = generator(out)) {
            write(dataSet, generator);
        }
    }

    /** Writes the data sets as a JSON array of objects (the form of QIDO-RS and WADO-RS metadata responses). */
    public void writeArray(Iterable<DataSet> dataSets, OutputStream out) throws IOException {
        try (JsonGenerator generator = generator(out)) {
            generator.writeStartArray();
            for (DataSet dataSet : dataSets) {
                write(dataSet, generator);
            }
            generator.writeEndArray();
        }
    }

    /** Writes {@code dataSet} as one JSON object into a generator the caller owns (e.g. inside a larger document). */
    public void write(DataSet dataSet, JsonGenerator generator) throws IOException {
        writeDataSet(generator, dataSet, new ArrayList<>());
    }

    private JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator generator = FACTORY.createGenerator(out);
        if (prettyPrint) {
            generator.setPrettyPrinter(new DefaultPrettyPrinter());
        }
        return generator;
    }

    private void writeDataSet(JsonGenerator g, DataSet dataSet, List<Integer> path) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            if (Tag.isGroupLength(tag) || bulkValuesLeftOut && isBulk(dataSet.vrAt(i), dataSet.valueAt(i))) {
                continue;
            }
            g.writeFieldName(hex(tag));
            writeAttribute(g, dataSet, tag, dataSet.vrAt(i), dataSet.valueAt(i), path);
        }
        g.writeEndObject();
    }

    private void writeAttribute(JsonGenerator g, DataSet dataSet, int tag, Vr vr, Value value, List<Integer> path)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName(VR_NAME);
        if (value instanceof Sequence sequence) {
            g.writeString(VR_VALUES[Vr.SQ.ordinal()]);
            if (sequence.size() > 0) {
                g.writeFieldName(VALUE_NAME);
                g.writeStartArray();
                for (int i = 0; i < sequence.size(); i++) {
                    path.add(tag);
                    path.add(i);
                    writeDataSet(g, sequence.item(i), path);
                    path.remove(path.size() - 1);
                    path.remove(path.size() - 1);
                }
                g.writeEndArray();
            }
        } else {
            g.writeString(VR_VALUES[vr.ordinal()]);
            writeValue(g, dataSet, tag, vr, value, path);
        }
        g.writeEndObject();
    }

    private void writeValue(JsonGenerator g, DataSet dataSet, int tag, Vr vr, Value value, List<Integer> path)
            throws IOException {
        long length = value instanceof Bytes b ? b.bytes().length
                : value instanceof BulkData d ? d.length() : Encapsulation.length((Fragments) value);
        if (length == 0) {
            return;
        }
        boolean binary = vr.kind() == Vr.Kind.BULK || value instanceof Fragments;
        if (bulkDataUris != null && (value instanceof BulkData || binary && length > bulkDataThreshold)) {
            String uri = bulkDataUris.apply(new BulkDataRef(path, tag, vr, value, length));
            if (uri != null) {
                g.writeStringField("BulkDataURI", uri);
                return;
            }
        }
        if (value instanceof Fragments fragments) {
            try (InputStream in = Encapsulation.open(fragments)) {
                writeInline(g, in, length);
            }
        } else if (value instanceof BulkData data && binary) {
            try (InputStream in = data.bigEndian() && vr.swapUnit() > 1
                    ? new SwappedInput(data.open(), vr.swapUnit()) : data.open()) {
                writeInline(g, in, length);
            }
        } else {
            byte[] bytes = value instanceof Bytes b ? b.bytes() : load((BulkData) value, vr);
            if (binary) {
                g.writeFieldName("InlineBinary");
                g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length);
            } else if (vr.kind() == Vr.Kind.BINARY) {
                writeNumbers(g, bytes, vr);
            } else {
                writeTexts(g, ValueStrings.split(bytes, vr, dataSet.characterSet()), vr);
            }
        }
    }

    private static boolean isBulk(Vr vr, Value value) {
        return value instanceof Fragments || vr.kind() == Vr.Kind.BULK && !(value instanceof Sequence);
    }

    private static byte[] load(BulkData data, Vr vr) throws IOException {
        byte[] bytes = data.readAll();
        return data.bigEndian() && vr.swapUnit() > 1 ? SwappedInput.swap(bytes, vr.swapUnit()) : bytes;
    }

    private static void writeInline(JsonGenerator g, InputStream in, long length) throws IOException {
        g.writeFieldName("InlineBinary");
        g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, in, length <= Integer.MAX_VALUE ? (int) length : -1);
    }

    private static void writeTexts(JsonGenerator g, List<String> values, Vr vr) throws IOException {
        if (allEmpty(values)) {
            return;
        }
        g.writeFieldName(VALUE_NAME);
        g.writeStartArray();
        for (String value : values) {
            if (value.isEmpty()) {
                g.writeNull();
            } else if (vr == Vr.PN) {
                writePersonName(g, value);
            } else if ((vr == Vr.IS || vr == Vr.DS) && isJsonNumber(value)) {
                g.writeNumber(value);
            } else {
                g.writeString(value);
            }
        }
        g.writeEndArray();
    }

    private static boolean allEmpty(List<String> values) {
        for (String value : values) {
            if (!value.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an IS or DS value is written as a JSON number: it has JSON's number grammar (RFC 8259 §6,
     * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}); others ({@code +7}, {@code 007}, {@code .5}) are
     * written as strings, keeping their text.
     */
    static boolean isJsonNumber(String value) {
        int n = value.length();
        int i = value.startsWith("-") ? 1 : 0;
        if (i == n) {
            return false;
        }
        if (value.charAt(i) == '0') {
            i++;
        } else if (isDigit(value.charAt(i))) {
            i = digits(value, i);
        } else {
            return false;
        }
        if (i < n && value.charAt(i) == '.') {
            int start = i + 1;
            i = digits(value, start);
            if (i == start) {
                return false;
            }
        }
        if (i < n && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
            int start = i + 1 < n && (value.charAt(i + 1) == '+' || value.charAt(i + 1) == '-') ? i + 2 : i + 1;
            i = digits(value, start);
            if (i == start) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The index after the digits starting at {@code i}. */
    private static int digits(String value, int i) {
        while (i < value.length() && isDigit(value.charAt(i))) {
            i++;
        }
        return i;
    }

    private static final String[] GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};

    private static void writePersonName(JsonGenerator g, String value) throws IOException {
        String[] groups = value.split("=", -1);
        g.writeStartObject();
        for (int i = 0; i < Math.min(groups.length, GROUPS.length); i++) {
            if (!groups[i].isEmpty()) {
                g.writeStringField(GROUPS[i], groups[i]);
            }
        }
        g.writeEndObject();
    }

    private static void writeNumbers(JsonGenerator g, byte[] bytes, Vr vr) throws IOException {
        int unit = vr == Vr.AT ? 4 : vr.swapUnit();
        if (bytes.length % unit != 0) {
            g.writeFieldName("InlineBinary");
            g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length);
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        g.writeArrayFieldStart("Value");
        while (in.hasRemaining()) {
            switch (vr) {
                case US -> g.writeNumber(in.getShort() & 0xFFFF);
                case SS -> g.writeNumber(in.getShort());
                case UL -> g.writeNumber(in.getInt() & 0xFFFFFFFFL);
                case SL -> g.writeNumber(in.getInt());
                case UV -> g.writeNumber(Long.toUnsignedString(in.getLong()));
                case SV -> g.writeNumber(in.getLong());
                case FL -> {
                    float f = in.getFloat();
                    if (Float.isFinite(f)) {
                        g.writeNumber(f);
                    } else {
                        g.writeString(Float.toString(f));
                    }
                }
                case FD -> {
                    double d = in.getDouble();
                    if (Double.isFinite(d)) {
                        g.writeNumber(d);
                    } else {
                        g.writeString(Double.toString(d));
                    }
                }
                case AT -> {
                    int group = in.getShort() & 0xFFFF;
                    g.writeString(hex(Tag.of(group, in.getShort())));
                }
                default -> throw new AssertionError(vr);
            }
        }
        g.writeEndArray();
    }

    /** The tag as 8 uppercase hexadecimal digits. */
    static String hex(int tag) {
        char[] out = new char[8];
        for (int i = 0; i < 8; i++) {
            out[7 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        return new String(out);
    }
}
