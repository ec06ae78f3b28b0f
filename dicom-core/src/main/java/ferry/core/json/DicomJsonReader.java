package ferry.core.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import ferry.core.data.DataSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the DICOM JSON Model (PS3.18 Annex F.2) into data sets: one JSON object, or a JSON array of them as
 * QIDO-RS and WADO-RS metadata responses hold. Immutable and thread-safe.
 *
 * <p>Values are encoded as a DICOM encoder would: text joined with backslash and padded to even length (space;
 * NUL for UI); PN objects joined as {@code Alphabetic=Ideographic=Phonetic} with empty trailing groups left out;
 * IS and DS from JSON numbers keep the number's text as written (a DS longer than 16 characters is rounded to
 * fit, an IS must be an integer), from JSON strings (allowed since CP 1861) the string as is; binary numbers little
 * endian; {@code InlineBinary} decoded; {@code null} among text values is an empty value. Pixel Data (7FE0,0010)
 * with VR OB (or OW, which some writers use for encapsulated data) whose inline bytes are exactly a run of
 * (FFFE,E000) items becomes {@code Fragments} again (the form {@link DicomJsonWriter} writes); any other inline
 * value stays bytes. {@code BulkDataURI}s go to the {@link BulkDataResolver}.
 *
 * <p>Character sets: JSON text is Unicode. (0008,0005) is set first and every text value is encoded with the
 * character set that then applies to its data set; a value that set cannot represent is an error. When no data
 * set on the way to the root declares a Specific Character Set (a value other than empty) and a value of a VR
 * affected by it (SH, LO, ST, LT, UC, UT, PN) holds non-ASCII characters, the top-level data set gets
 * (0008,0005) = {@code ISO_IR 192} (UTF-8). VRs not affected by it (CS, DA, UI, …) accept ISO 8859-1
 * characters, as Ferry decodes them, and nothing beyond.
 *
 * <p>Tolerated although not what the standard writes: keys in any order and in lower-case hexadecimal,
 * {@code InlineBinary} and {@code BulkDataURI} as one-string arrays (as PS3.18's own example shows), a PN value as
 * a plain string, SV and UV values as strings. Group length attributes (gggg,0000) are dropped. Everything else
 * that is not the model (an unknown VR or member, a value of the wrong JSON type, malformed JSON) is a
 * {@link DicomJsonException} naming the attribute and the line and column.
 */
public final class DicomJsonReader {
    /** Resolves {@code file:} bulk data URIs ({@link BulkDataResolver#FILE_URIS}); use for trusted JSON only. */
    public static final DicomJsonReader DEFAULT = new DicomJsonReader(BulkDataResolver.FILE_URIS);

    static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS
            .withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            // Jackson's default limits stay (strings up to 20 M characters; InlineBinary is decoded without that
            // limit), with nesting bounded to about 170 levels of sequences.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(512).build())
            .build();

    private final BulkDataResolver resolver;

    /** A reader that hands every {@code BulkDataURI} to {@code resolver}. */
    public DicomJsonReader(BulkDataResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Reads one data set: a JSON object, or an array holding exactly one. {@code in} is not closed. */
    public DataSet read(InputStream in) throws IOException {
        List<DataSet> all = readAll(in);
        if (all.size() != 1) {
            throw new DicomJsonException("", "expected one data set, found an array of " + all.size(), null);
        }
        return all.get(0);
    }

    /** Reads a JSON array of data sets, or a single JSON object as a list of one. {@code in} is not closed. */
    public List<DataSet> readAll(InputStream in) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            List<DataSet> dataSets = new ArrayList<>();
            try {
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_ARRAY) {
                    JsonToken token;
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (token != JsonToken.START_OBJECT) {
                            throw new DicomJsonException("", "an array of data sets holds JSON objects, not "
                                    + describe(token), parser.currentTokenLocation());
                        }
                        dataSets.add(readRoot(parser));
                    }
                } else if (first == JsonToken.START_OBJECT) {
                    dataSets.add(readRoot(parser));
                } else {
                    throw new DicomJsonException("", "expected a JSON object (a data set) or an array of them, found "
                            + describe(first), parser.currentTokenLocation());
                }
                JsonToken after = parser.nextToken();
                if (after != null) {
                    throw new DicomJsonException("", "unexpected " + describe(after) + " after the end",
                            parser.currentTokenLocation());
                }
            } catch (JsonProcessingException e) {
                throw new DicomJsonException("", e.getOriginalMessage(), e.getLocation(), e);
            }
            return dataSets;
        }
    }

    /** Reads the top-level object the parser is at, converting one attribute at a time. */
    private DataSet readRoot(JsonParser parser) throws IOException {
        DataSet root = new DataSet();
        AttributeDecoder decoder = new AttributeDecoder(resolver);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation where = parser.currentTokenLocation();
            Object tree;
            try {
                parser.nextToken();
                tree = parseTree(parser, false);
            } catch (JsonProcessingException e) {
                throw new DicomJsonException(AttributeDecoder.describeKey(key), e.getOriginalMessage(),
                        e.getLocation(), e);
            }
            decoder.attribute(root, key, tree, where, "");
        }
        decoder.finish(root);
        return root;
    }

    /**
     * The JSON value the parser is at as a small tree: {@link AttributeDecoder.Obj}, {@code List}, {@code String},
     * {@link AttributeDecoder.Num}, {@code Boolean}, {@link AttributeDecoder#NULL}; strings of an
     * {@code InlineBinary} member are decoded to {@code byte[]} straight away.
     */
    private static Object parseTree(JsonParser parser, boolean binary) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                JsonLocation location = parser.currentTokenLocation();
                Map<String, Object> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    fields.put(name, parseTree(parser, name.equals("InlineBinary")));
                }
                return new AttributeDecoder.Obj(fields, location);
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(parseTree(parser, binary));
                }
                return list;
            }
            case VALUE_STRING -> {
                return binary ? parser.getBinaryValue(BASE64) : parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new AttributeDecoder.Num(parser.getText(), token == JsonToken.VALUE_NUMBER_INT);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return AttributeDecoder.NULL;
            }
            default -> throw new DicomJsonException("", "unexpected " + describe(token),
                    parser.currentTokenLocation());
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
