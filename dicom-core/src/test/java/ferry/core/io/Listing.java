package ferry.core.io;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.data.ValueCodec;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flat element list in dcmdump's shape — elements, items, delimiters and fragments in file order with their
 * nesting depth — made either from dcmdump's output or from a Ferry data set, so the two can be compared entry
 * by entry ({@link ListingComparison}).
 *
 * @param entries the entries in order
 */
record Listing(List<Entry> entries) {

    /** Whether and how text values are compared. */
    enum Text {
        /** dcmdump ran with +U8: compare values decoded with the data set's character set. */
        DECODED,
        /** dcmdump ran without +U8: compare the raw bytes (read as ISO-8859-1 on both sides). */
        RAW
    }

    /**
     * One line of the listing.
     *
     * @param depth  nesting level: 0 for top-level elements, 1 for their items, 2 for elements in them, …
     * @param tag    the tag
     * @param vr     the VR as dcmdump prints it (upper case; {@code na} for items and delimiters, {@code pi} for
     *               fragments, dcmdump's pseudo VRs {@code xs ox lt up ??} as they are)
     * @param length the value length, -1 for undefined length
     * @param value  the value text to compare, or {@code null} when values are not compared (sequences, items,
     *               OF/OD/OL/OV)
     * @param line   where the entry came from, for messages
     */
    record Entry(int depth, int tag, String vr, long length, String value, String line) {
        @Override
        public String toString() {
            return line;
        }
    }

    // ---- from dcmdump ------------------------------------------------------------------------------------------

    /**
     * One element in dcmdump's output: indent, tag, VR, value (which may span lines: dcmdump prints CR/LF of text
     * values as they are), then {@code # length, VM Name}.
     */
    private static final Pattern DCMDUMP_LINE = Pattern.compile(
            "(?m)^( *)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\S\\S) ([\\s\\S]*?) *# +(\\d+|u/l), *(\\d+) ([^\\n]*)$");

    /** Parses the output of {@code dcmdump -q +L -Un [+U8]}. */
    static Listing ofDcmdump(String output) {
        List<Entry> entries = new ArrayList<>();
        Matcher m = DCMDUMP_LINE.matcher(output);
        while (m.find()) {
            String vr = m.group(4);
            String rawValue = m.group(5);
            String name = m.group(8);
            int tag = Tag.of(Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16));
            // dcmdump prints delimiters "for re-encoding" after items and sequences of defined length, which have
            // none in the file; Ferry lists only the delimiters that are there.
            if (rawValue.contains("for re-encod")) {
                continue;
            }
            long length = m.group(6).equals("u/l") ? -1 : Long.parseLong(m.group(6));
            String value;
            if (vr.equals("SQ") || vr.equals("na") || rawValue.startsWith("(PixelSequence")) {
                value = null;
            } else if (rawValue.equals("(no value available)")) {
                value = "";
            } else if (rawValue.startsWith("[") && rawValue.endsWith("]")) {
                value = rawValue.substring(1, rawValue.length() - 1);
            } else {
                value = rawValue;
            }
            String line = m.group().length() > 200 ? m.group().substring(0, 200) + "…" : m.group();
            entries.add(new Entry(m.group(1).length() / 2, tag, vr, length, value, line.strip() + " [" + name
                    .strip() + "]"));
        }
        return new Listing(entries);
    }

    // ---- from Ferry ----------------------------------------------------------------------------------------------

    /** The listing of a file as read by Ferry: meta group then data set. */
    static Listing ofFerry(DicomFile file, Text text) {
        List<Entry> entries = new ArrayList<>();
        add(entries, file.fileMeta(), true, 0, text);
        add(entries, file.dataSet(), file.transferSyntax().explicitVr(), 0, text);
        return new Listing(entries);
    }

    private static void add(List<Entry> entries, DataSet dataSet, boolean explicit, int depth, Text text) {
        for (int i = 0; i < dataSet.size(); i++) {
            int tag = dataSet.tagAt(i);
            Vr vr = dataSet.vrAt(i);
            Value value = dataSet.valueAt(i);
            if (value instanceof Sequence sequence) {
                boolean itemsExplicit = explicit && vr != Vr.UN;
                long length = sequence.undefinedLength() ? -1 : EncodedLength.ofItems(sequence, itemsExplicit);
                entries.add(entry(depth, tag, vr.name(), length, null, "Sequence"));
                for (int n = 0; n < sequence.size(); n++) {
                    DataSet item = sequence.item(n);
                    long itemLength = item.undefinedLength() ? -1 : EncodedLength.ofDataSet(item, itemsExplicit);
                    entries.add(entry(depth + 1, Tag.ITEM, "na", itemLength, null, "item " + (n + 1)));
                    add(entries, item, itemsExplicit, depth + 2, text);
                    if (item.undefinedLength()) {
                        entries.add(entry(depth + 1, Tag.ITEM_DELIMITATION, "na", 0, null, "item delimiter"));
                    }
                }
                if (sequence.undefinedLength()) {
                    entries.add(entry(depth, Tag.SEQUENCE_DELIMITATION, "na", 0, null, "sequence delimiter"));
                }
            } else if (value instanceof Fragments fragments) {
                entries.add(entry(depth, tag, vr.name(), -1, null, "Fragments"));
                for (int n = 0; n < fragments.size(); n++) {
                    byte[] bytes = bytes(fragments.items().get(n));
                    entries.add(entry(depth + 1, Tag.ITEM, "pi", bytes.length, hex(bytes, 1), "fragment " + n));
                }
                entries.add(entry(depth, Tag.SEQUENCE_DELIMITATION, "na", 0, null, "sequence delimiter"));
            } else {
                byte[] bytes = bytes(value);
                entries.add(entry(depth, tag, vr.name(), bytes.length, valueText(dataSet, vr, bytes, text), ""));
            }
        }
    }

    private static Entry entry(int depth, int tag, String vr, long length, String value, String note) {
        String line = "  ".repeat(depth) + Tag.toString(tag) + " " + vr + " "
                + (value == null ? "(" + note + ")" : "[" + abbreviate(value) + "]") + " # "
                + (length < 0 ? "u/l" : length);
        return new Entry(depth, tag, vr, length, value, line);
    }

    private static String abbreviate(String value) {
        return value.length() > 120 ? value.substring(0, 120) + "…" : value;
    }

    private static byte[] bytes(Value value) {
        if (value instanceof Bytes b) {
            return b.bytes();
        }
        BulkData bulk = (BulkData) value;
        try {
            byte[] bytes = bulk.readAll();
            if (bulk.bigEndian()) {
                throw new IllegalStateException("read the file IN_MEMORY to compare big endian values");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value as dcmdump prints it (without brackets), or {@code null} for values not compared. */
    static String valueText(DataSet dataSet, Vr vr, byte[] bytes, Text text) {
        return switch (vr.kind()) {
            case TEXT -> text == Text.DECODED
                    ? ValueCodec.text(bytes, vr, dataSet.characterSet())
                    : ValueCodec.text(bytes, Vr.CS, dataSet.characterSet()); // CS: bytes as ISO-8859-1
            case BINARY -> vr == Vr.AT ? tags(bytes) : String.join("\\", numbers(dataSet, vr, bytes));
            default -> switch (vr) {
                case OB, UN -> hex(bytes, 1);
                case OW -> hex(bytes, 2);
                default -> null; // OF, OD, OL, OV: dcmdump prints numbers of its own formatting; length only
            };
        };
    }

    private static List<String> numbers(DataSet dataSet, Vr vr, byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        int unit = vr.swapUnit();
        while (in.remaining() >= unit) {
            out.add(switch (vr) {
                case US -> Integer.toString(in.getShort() & 0xFFFF);
                case SS -> Integer.toString(in.getShort());
                case UL -> Long.toString(in.getInt() & 0xFFFFFFFFL);
                case SL -> Integer.toString(in.getInt());
                case UV -> Long.toUnsignedString(in.getLong());
                case SV -> Long.toString(in.getLong());
                case FL -> Float.toString(in.getFloat());
                case FD -> Double.toString(in.getDouble());
                default -> throw new IllegalArgumentException("not a binary number VR: " + vr);
            });
        }
        return out;
    }

    private static String tags(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int at = 0; at + 4 <= bytes.length; at += 4) {
            int group = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
            int element = (bytes[at + 2] & 0xFF) | (bytes[at + 3] & 0xFF) << 8;
            out.append(out.isEmpty() ? "" : "\\").append(Tag.toString(Tag.of(group, element)).toLowerCase());
        }
        return out.toString();
    }

    /** Bytes in hexadecimal as dcmdump prints them: units of 1 (OB) or 2 (OW, little endian words) bytes. */
    static String hex(byte[] bytes, int unit) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (int at = 0; at + unit <= bytes.length; at += unit) {
            if (at > 0) {
                out.append('\\');
            }
            for (int b = unit - 1; b >= 0; b--) {
                int v = bytes[at + b] & 0xFF;
                out.append(HEX[v >> 4]).append(HEX[v & 0xF]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The bytes of {@code text} as ISO-8859-1, for raw comparisons. */
    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
