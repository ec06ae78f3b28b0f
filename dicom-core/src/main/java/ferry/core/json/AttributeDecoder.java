package ferry.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns parsed DICOM JSON attributes into elements of a data set. Binary values are put at once; text values wait
 * until the whole top-level data set is known ({@link #finish}), since their encoding depends on (0008,0005),
 * which may come anywhere, and on whether the UTF-8 fallback is needed.
 */
final class AttributeDecoder {
    /** A JSON object and where it starts. */
    record Obj(Map<String, Object> fields, JsonLocation location) {
    }

    /** A JSON number as written. */
    record Num(String text, boolean integral) {
    }

    /** JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final Set<String> MEMBERS = Set.of("vr", "Value", "InlineBinary", "BulkDataURI");

    private record PendingText(DataSet target, int tag, Vr vr, String[] values, String name, JsonLocation where) {
    }

    private final BulkDataResolver resolver;
    private final List<PendingText> texts = new ArrayList<>();

    AttributeDecoder(BulkDataResolver resolver) {
        this.resolver = resolver;
    }

    /** "(gggg,eeee) Keyword" for a key that may not be a tag. */
    static String describeKey(String key) {
        try {
            return name("", parseTag(key));
        } catch (IllegalArgumentException e) {
            return "'" + key + "'";
        }
    }

    private static String name(String path, int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return path + Tag.toString(tag) + (keyword.isEmpty() ? "" : " " + keyword);
    }

    private static int parseTag(String key) {
        if (key.length() != 8 || !key.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + key + "' is not a tag (8 hexadecimal digits)");
        }
        return (int) Long.parseLong(key, 16);
    }

    /** Converts one attribute ({@code key}: {@code tree}) into an element of {@code target}. */
    void attribute(DataSet target, String key, Object tree, JsonLocation keyLocation, String path) throws IOException {
        int tag;
        try {
            tag = parseTag(key);
        } catch (IllegalArgumentException e) {
            throw new DicomJsonException(path.isEmpty() ? "" : path.substring(0, path.length() - 1), e.getMessage(),
                    keyLocation);
        }
        String name = name(path, tag);
        if (Tag.group(tag) == 0xFFFE) {
            throw new DicomJsonException(name, "item and delimiter tags are not attributes", keyLocation);
        }
        if (!(tree instanceof Obj attribute)) {
            throw new DicomJsonException(name, "an attribute is a JSON object with \"vr\", not " + kind(tree),
                    keyLocation);
        }
        JsonLocation where = attribute.location();
        Map<String, Object> fields = attribute.fields();
        for (String member : fields.keySet()) {
            if (!MEMBERS.contains(member)) {
                throw new DicomJsonException(name, "unknown member \"" + member + "\" (expected vr, Value, "
                        + "InlineBinary or BulkDataURI)", where);
            }
        }
        Vr vr = vr(fields.get("vr"), name, where);
        if (fields.size() > 2) { // "vr" and at most one value member
            throw new DicomJsonException(name, "has more than one of Value, InlineBinary and BulkDataURI", where);
        }
        if (Tag.isGroupLength(tag)) {
            return;
        }
        String attributePath = path + Tag.toString(tag);
        if (fields.containsKey("Value")) {
            value(target, tag, vr, fields.get("Value"), name, attributePath, where);
        } else if (fields.containsKey("InlineBinary")) {
            Object bytes = single(fields.get("InlineBinary"));
            if (!(bytes instanceof byte[] b)) {
                throw new DicomJsonException(name, "\"InlineBinary\" must be a base64 string, not " + kind(bytes),
                        where);
            }
            if (vr == Vr.SQ) {
                throw new DicomJsonException(name, "a sequence cannot be InlineBinary", where);
            }
            Fragments fragments = tag == Tag.PIXEL_DATA && (vr == Vr.OB || vr == Vr.OW) ? Encapsulation.parse(b)
                    : null;
            target.put(tag, vr, fragments != null ? fragments : new Bytes(b));
        } else if (fields.containsKey("BulkDataURI")) {
            target.put(tag, vr, bulkData(tag, vr, single(fields.get("BulkDataURI")), name, where));
        } else if (vr == Vr.SQ) {
            target.newSequence(tag);
        } else {
            target.put(tag, vr, Bytes.EMPTY);
        }
    }

    private static Vr vr(Object text, String name, JsonLocation where) throws DicomJsonException {
        if (text == null) {
            throw new DicomJsonException(name, "has no \"vr\"", where);
        }
        if (!(text instanceof String s)) {
            throw new DicomJsonException(name, "\"vr\" must be a string, not " + kind(text), where);
        }
        try {
            return Vr.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new DicomJsonException(name, "unknown VR '" + s + "'", where);
        }
    }

    private static Object single(Object value) {
        return value instanceof List<?> list && list.size() == 1 ? list.get(0) : value;
    }

    private Value bulkData(int tag, Vr vr, Object uri, String name, JsonLocation where) throws DicomJsonException {
        if (!(uri instanceof String text)) {
            throw new DicomJsonException(name, "\"BulkDataURI\" must be a string, not " + kind(uri), where);
        }
        Value value;
        try {
            value = resolver.resolve(tag, vr, text);
        } catch (IOException | IllegalArgumentException e) {
            throw new DicomJsonException(name, "cannot resolve BulkDataURI '" + text + "': " + e.getMessage(),
                    where, e);
        }
        if (value == null) {
            throw new DicomJsonException(name, "no resolver for BulkDataURI '" + text + "'", where);
        }
        return value;
    }

    private void value(DataSet target, int tag, Vr vr, Object value, String name, String path, JsonLocation where)
            throws IOException {
        if (!(value instanceof List<?> list)) {
            throw new DicomJsonException(name, "\"Value\" must be an array, not " + kind(value), where);
        }
        switch (vr.kind()) {
            case SEQUENCE -> {
                Sequence sequence = target.newSequence(tag);
                for (int i = 0; i < list.size(); i++) {
                    Object item = list.get(i);
                    DataSet dataSet = sequence.addItem();
                    if (item == NULL) {
                        continue;
                    }
                    if (!(item instanceof Obj object)) {
                        throw new DicomJsonException(name, "item " + (i + 1) + " must be a JSON object, not "
                                + kind(item), where);
                    }
                    for (Map.Entry<String, Object> entry : object.fields().entrySet()) {
                        attribute(dataSet, entry.getKey(), entry.getValue(), object.location(),
                                path + "[" + i + "].");
                    }
                }
            }
            case BULK -> throw new DicomJsonException(name, "VR " + vr + " takes InlineBinary or BulkDataURI, "
                    + "not Value", where);
            case BINARY -> target.put(tag, vr, new Bytes(ValueEncoder.binary(list, vr, name, where)));
            case TEXT -> {
                String[] values = ValueEncoder.texts(list, vr, name, where);
                if (values.length == 0) {
                    target.put(tag, vr, Bytes.EMPTY);
                } else {
                    texts.add(new PendingText(target, tag, vr, values, name, where));
                }
            }
        }
    }

    /**
     * Encodes the waiting text values of the data set rooted at {@code root}: Specific Character Set first, then
     * the UTF-8 fallback if needed, then the rest.
     */
    void finish(DataSet root) throws DicomJsonException {
        for (PendingText text : texts) {
            if (text.tag() == Tag.SPECIFIC_CHARACTER_SET) {
                encode(text);
            }
        }
        for (PendingText text : texts) {
            if (text.vr().usesCharacterSet() && !declaresCharacterSet(text.target()) && !ascii(text.values())) {
                root.setString(Tag.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
                break;
            }
        }
        for (PendingText text : texts) {
            if (text.tag() != Tag.SPECIFIC_CHARACTER_SET) {
                encode(text);
            }
        }
        texts.clear();
    }

    private static void encode(PendingText text) throws DicomJsonException {
        if (!text.vr().usesCharacterSet()) {
            for (String value : text.values()) {
                if (value.chars().anyMatch(c -> c > 0xFF)) {
                    throw new DicomJsonException(text.name(), "'" + value + "' has characters outside the default "
                            + "repertoire and ISO 8859-1, which VR " + text.vr() + " cannot hold", text.where());
                }
            }
        }
        text.target().setString(text.tag(), text.vr(), text.values());
        if (text.vr().usesCharacterSet() && !ascii(text.values())) {
            String expected = String.join("\\", text.values()).replaceAll("[ \\x00]+$", "");
            if (!expected.equals(text.target().getText(text.tag()))) {
                throw new DicomJsonException(text.name(), "'" + expected + "' cannot be encoded in the character set "
                        + text.target().characterSet().terms() + " of its data set", text.where());
            }
        }
    }

    /** True when this data set or one holding it has a (0008,0005) with a value (e.g. "\ISO 2022 IR 87"). */
    private static boolean declaresCharacterSet(DataSet dataSet) {
        for (DataSet d = dataSet; d != null; d = d.parent()) {
            if (d.getStrings(Tag.SPECIFIC_CHARACTER_SET).stream().anyMatch(v -> !v.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    private static boolean ascii(String[] values) {
        for (String value : values) {
            if (!value.chars().allMatch(c -> c < 0x80)) {
                return false;
            }
        }
        return true;
    }

    /** The JSON type of a parsed value, for messages. */
    static String kind(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Obj) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String || value instanceof byte[]) {
            return "a string";
        }
        if (value instanceof Num) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }
}
