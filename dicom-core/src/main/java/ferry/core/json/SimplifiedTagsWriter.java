package ferry.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a data set in the shape of Orthanc's "simplified tags" ({@code GET /instances/{id}/simplified-tags}): one
 * JSON object of keyword → value, the shape seed 003's CopyDICOM sent to Splunk. Stateless and thread-safe.
 *
 * <p>What each element becomes (checked against Orthanc 1.10 by {@code SimplifiedTagsOrthancTest}):
 * <ul>
 * <li>The key is the element's keyword, also for a retired element (dcmtk, and so Orthanc, writes
 *     {@code RETIRED_} before the keywords its dictionary lists as retired: a key that changes with the edition of
 *     the standard, as OtherPatientIDs did when it was retired, would break the searches built on it). Private
 *     elements, private creators and elements the dictionary does not know are
 *     {@code gggg,eeee} in lower-case hexadecimal. (Orthanc names private elements from dcmtk's private dictionary
 *     or "Unknown Tag &amp; Data", so that several of them share one key and only the last is kept; Ferry keeps
 *     each.) Group lengths (gggg,0000) and Data Set Trailing Padding (FFFC,FFFC) are left out, as by
 *     Orthanc.</li>
 * <li>Text values are one string, decoded with the Specific Character Set, values separated by backslashes,
 *     each value stripped of padding as in DICOM JSON; an empty value is {@code ""}.</li>
 * <li>Binary numbers (US, SS, UL, SL, UV, SV, FL, FD) are decimal text, several joined by backslashes; FL and FD
 *     with up to 17 significant digits as C's {@code %.17g} writes them ({@code 0.1} as {@code
 *     0.10000000000000001}, a float 0.1 as {@code 0.10000000149011612}), which is what Orthanc writes. AT values
 *     are {@code gggg,eeee}, joined by backslashes (Orthanc writes only the first). An empty binary value is
 *     {@code null}.</li>
 * <li>Bulk values (OB, OD, OF, OL, OV, OW, UN, encapsulated pixel data) are {@code null}: the key says the element
 *     is there, its bytes are not written.</li>
 * <li>A sequence is a list of objects, one per item, in the same shape; an empty sequence {@code []}.</li>
 * <li>Long values are written whole (Orthanc writes {@code null} for a value over 256 characters).</li>
 * </ul>
 */
public final class SimplifiedTagsWriter {
    /** The one instance. */
    public static final SimplifiedTagsWriter INSTANCE = new SimplifiedTagsWriter();

    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final int TRAILING_PADDING = 0xFFFCFFFC;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SimplifiedTagsWriter() {
    }

    /** Writes {@code dataSet} as one JSON object into a generator the caller owns. */
    public void write(DataSet dataSet, JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            if (Tag.isGroupLength(tag) || tag == TRAILING_PADDING) {
                continue;
            }
            generator.writeFieldName(key(tag));
            writeValue(generator, dataSet, dataSet.vrAt(i), dataSet.valueAt(i));
        }
        generator.writeEndObject();
    }

    /** The key of {@code tag}: its keyword, or {@code gggg,eeee} for private and unknown elements. */
    public static String key(int tag) {
        String keyword = Tag.isPrivate(tag) ? "" : StandardDictionary.keywordOf(tag);
        return keyword.isEmpty() ? formatTag(tag) : keyword;
    }

    private void writeValue(JsonGenerator g, DataSet dataSet, Vr vr, Value value) throws IOException {
        if (value instanceof Sequence sequence) {
            g.writeStartArray();
            for (DataSet item : sequence.items()) {
                write(item, g);
            }
            g.writeEndArray();
            return;
        }
        if (value instanceof Fragments || vr.kind() == Vr.Kind.BULK) {
            g.writeNull();
            return;
        }
        byte[] bytes = value instanceof Bytes b ? b.bytes() : load((BulkData) value, vr);
        if (vr.kind() == Vr.Kind.BINARY) {
            String numbers = numbers(bytes, vr);
            if (numbers == null) {
                g.writeNull();
            } else {
                g.writeString(numbers);
            }
            return;
        }
        g.writeString(String.join("\\", ValueStrings.split(bytes, vr, dataSet.characterSet())));
    }

    private static byte[] load(BulkData data, Vr vr) throws IOException {
        byte[] bytes = data.readAll();
        return data.bigEndian() && vr.swapUnit() > 1 ? SwappedInput.swap(bytes, vr.swapUnit()) : bytes;
    }

    /** Binary numbers as text joined by backslashes; null when empty or not a whole number of values. */
    private static String numbers(byte[] bytes, Vr vr) {
        int unit = vr == Vr.AT ? 4 : vr.swapUnit();
        if (bytes.length == 0 || bytes.length % unit != 0) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder out = new StringBuilder();
        while (in.hasRemaining()) {
            if (out.length() > 0) {
                out.append('\\');
            }
            switch (vr) {
                case US -> out.append(in.getShort() & 0xFFFF);
                case SS -> out.append(in.getShort());
                case UL -> out.append(in.getInt() & 0xFFFFFFFFL);
                case SL -> out.append(in.getInt());
                case UV -> out.append(Long.toUnsignedString(in.getLong()));
                case SV -> out.append(in.getLong());
                case FL -> out.append(seventeenDigits(in.getFloat()));
                case FD -> out.append(seventeenDigits(in.getDouble()));
                case AT -> {
                    int group = in.getShort() & 0xFFFF;
                    out.append(formatTag(Tag.of(group, in.getShort() & 0xFFFF)));
                }
                default -> throw new AssertionError(vr);
            }
        }
        return out.toString();
    }

    /**
     * {@code d} as C's {@code printf("%.17g")} writes it (and so C++ streams at {@code max_digits10}, as Orthanc
     * does): rounded to 17 significant digits, trailing zeros dropped, in exponent form ({@code 1e+20},
     * {@code 9.9999999999999995e-08}) when the exponent is below -4 or at least 17.
     */
    static String seventeenDigits(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < 17) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append(exponent < 0 ? "e-" : "e+");
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }

    /** {@code gggg,eeee}, lower-case, as Orthanc writes a tag. */
    static String formatTag(int tag) {
        char[] out = new char[9];
        for (int i = 0; i < 4; i++) {
            out[3 - i] = HEX[(tag >>> (16 + 4 * i)) & 0xF];
            out[8 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        out[4] = ',';
        return new String(out);
    }
}
