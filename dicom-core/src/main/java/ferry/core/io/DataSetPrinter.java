package ferry.core.io;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.data.ValueCodec;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.UidEntry;
import ferry.core.tag.UidRegistry;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Prints data sets as a dcmdump-like text listing, one element per line:
 *
 * <pre>
 * (0010,0010) PN [Doe^Jane]                           # 8, 1 PatientName
 * (0028,0030) DS [0.5\0.5]                            # 8, 2 PixelSpacing
 * (0028,0010) US 512                                  # 2, 1 Rows
 * (0008,1140) SQ (Sequence, 1 item)                   # u/l, 1 ReferencedImageSequence
 *   (FFFE,E000) na (Item 1 of 1)                        # u/l, 1 Item
 *     (0008,1150) UI [1.2.840.10008.5.1.4.1.1.4] (MR Image Storage) # 26, 1 ReferencedSOPClassUID
 *   (FFFE,E00D) na (ItemDelimitationItem)               # 0, 0 ItemDelimitationItem
 * (FFFE,E0DD) na (SequenceDelimitationItem)           # 0, 0 SequenceDelimitationItem
 * (7FE0,0010) OW &lt;bulk data, 524288 bytes&gt;             # 524288, 1 PixelData
 * </pre>
 *
 * <p>The parts of a line: the tag in upper-case hexadecimal; the VR; the value; after {@code #} the value length
 * in bytes ({@code u/l} for undefined length), the value multiplicity and the keyword. The value is:
 * <ul>
 *   <li>text VRs: {@code [text]}, decoded with the data set's Specific Character Set, trailing padding removed,
 *       several values separated by {@code \} as encoded; control characters (CR, LF, TAB, …) are written as XML
 *       character references ({@code &#13;}, as dcmdump {@code +Qn} does) so that each element stays on one
 *       line, and so is {@code &} before {@code #} ({@code &#38;}), so that the text can be read back as it was. A
 *       UI value that names a registered UID is followed by the name in parentheses: {@code [1.2.840.10008.1.2]
 *       (Implicit VR Little Endian)}.
 *   <li>binary numbers (US, SS, UL, SL, UV, SV, FL, FD): the numbers, joined with {@code \}; AT as tags.
 *   <li>byte and word data (OB, OW, OF, OD, OL, OV, UN): the first 16 bytes in hexadecimal, in units of the VR
 *       ({@code 00\01} for OB, {@code 0001} for OW words), then {@code ...} when there is more; with width 0 all of
 *       them, the bytes of a last unit the value's length leaves incomplete one by one.
 *   <li>values left in the file ({@link BulkData}): {@code <bulk data, N bytes>}; with width 0 all their bytes,
 *       streamed from the file.
 *   <li>empty values: {@code (no value available)}.
 * </ul>
 * Sequences print their items, indented by two spaces per level, as {@code (FFFE,E000)} lines, and a delimiter
 * line ({@code (FFFE,E00D)} after an item, {@code (FFFE,E0DD)} after a sequence) where the item or sequence has
 * undefined length, as dcmdump does. Encapsulated pixel data prints one {@code (FFFE,E000) pi} line per item
 * (the offset table first) and the sequence delimiter. Values longer than {@link #width()} characters are cut
 * and followed by {@code ...}. With width 0 nothing is cut, so that {@code ferry make} can make the object again from
 * the listing.
 *
 * <p>Keywords come from the data dictionary; private creator elements show {@code PrivateCreator}, private data
 * elements {@code Private(CREATOR)}, unknown elements {@code Unknown}.
 *
 * <p>Immutable and thread-safe; output goes to any {@link Appendable}, so wrap a stream in one buffered
 * UTF-8 writer for speed.
 */
public final class DataSetPrinter {
    /** The default maximal width of a printed value, in characters. */
    public static final int DEFAULT_WIDTH = 64;

    private static final int BYTES_SHOWN = 16;
    private static final int COMMENT_COLUMN = 52;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int width;
    private final boolean warnings;

    private DataSetPrinter(int width, boolean warnings) {
        this.width = width;
        this.warnings = warnings;
    }

    /** A printer with the default width that prints reader warnings. */
    public static DataSetPrinter standard() {
        return new DataSetPrinter(DEFAULT_WIDTH, true);
    }

    /** This printer cutting values after {@code width} characters; 0 never cuts. */
    public DataSetPrinter withWidth(int width) {
        if (width < 0) {
            throw new IllegalArgumentException("width must be ≥ 0 (0 = never cut), not " + width);
        }
        return new DataSetPrinter(width, warnings);
    }

    /** This printer with or without {@code # warning:} lines for the reader's warnings in {@link #print(DicomFile, Appendable)}. */
    public DataSetPrinter withWarnings(boolean warnings) {
        return new DataSetPrinter(width, warnings);
    }

    /** The maximal width of a printed value in characters; 0 when values are never cut. */
    public int width() {
        return width;
    }

    /**
     * Prints a file as read: the reader's warnings ({@code # warning: …}), {@code # File meta information} and
     * the meta elements, {@code # Data set (Transfer Syntax name)} and the data set, and a closing comment when
     * the read stopped early.
     */
    public void print(DicomFile file, Appendable out) throws IOException {
        if (warnings) {
            for (String warning : file.warnings()) {
                out.append("# warning: ").append(oneLine(warning)).append('\n');
            }
        }
        out.append("# File meta information").append(file.fileMeta().isEmpty() ? ": none\n" : "\n");
        print(file.fileMeta(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, out);
        out.append("# Data set (").append(syntaxName(file.transferSyntax())).append(")\n");
        print(file.dataSet(), file.transferSyntax(), out);
        if (!file.complete()) {
            out.append("# reading stopped early: the elements after these were not read\n");
        }
    }

    /**
     * Prints the elements of a data set encoded in {@code syntax} (which decides the lengths shown for sequences
     * and items of defined length).
     */
    public void print(DataSet dataSet, TransferSyntax syntax, Appendable out) throws IOException {
        new Run(out).elements(dataSet, syntax.explicitVr(), 0);
    }

    /** The listing of a data set as one string. */
    public String toString(DataSet dataSet, TransferSyntax syntax) {
        StringBuilder out = new StringBuilder();
        try {
            print(dataSet, syntax, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** The name of a transfer syntax for the data set header, e.g. {@code Explicit VR Little Endian}. */
    static String syntaxName(TransferSyntax syntax) {
        Optional<UidEntry> entry = UidRegistry.lookup(syntax.uid());
        if (entry.isPresent() && !entry.get().name().isEmpty()) {
            return entry.get().name();
        }
        if (syntax.encapsulated()) {
            return syntax.uid() + ", encapsulated";
        }
        return (syntax.deflated() ? "Deflated " : "") + (syntax.explicitVr() ? "Explicit" : "Implicit") + " VR "
                + (syntax.bigEndian() ? "Big" : "Little") + " Endian";
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    /** One printing pass; holds the reused line buffer. */
    private final class Run {
        private final Appendable out;
        private final StringBuilder line = new StringBuilder(128);
        /** Characters of the current line already written to {@code out} (a bulk value streamed). */
        private long flushed;

        Run(Appendable out) {
            this.out = out;
        }

        void elements(DataSet dataSet, boolean explicit, int level) throws IOException {
            for (int i = 0; i < dataSet.size(); i++) {
                int tag = dataSet.tagAt(i);
                Vr vr = dataSet.vrAt(i);
                Value value = dataSet.valueAt(i);
                if (value instanceof Sequence sequence) {
                    sequence(dataSet, tag, vr, sequence, explicit, level);
                } else if (value instanceof Fragments fragments) {
                    fragments(dataSet, tag, vr, fragments, level);
                } else {
                    start(level, tag, vr.name());
                    long length = value(dataSet, tag, vr, value);
                    end(level, Long.toString(length), multiplicity(vr, value), keyword(dataSet, tag));
                }
            }
        }

        private void sequence(DataSet dataSet, int tag, Vr vr, Sequence sequence, boolean explicit, int level)
                throws IOException {
            boolean itemsExplicit = explicit && vr != Vr.UN; // UN sequences hold implicit VR items (PS3.5 §6.2.2)
            start(level, tag, vr.name());
            line.append("(Sequence, ").append(sequence.size()).append(sequence.size() == 1 ? " item)" : " items)");
            end(level, sequence.undefinedLength() ? "u/l" : Long.toString(EncodedLength.ofItems(sequence,
                    itemsExplicit)), 1, keyword(dataSet, tag));
            for (int n = 0; n < sequence.size(); n++) {
                DataSet item = sequence.item(n);
                start(level + 1, Tag.ITEM, "na");
                line.append("(Item ").append(n + 1).append(" of ").append(sequence.size()).append(')');
                end(level + 1, item.undefinedLength() ? "u/l" : Long.toString(EncodedLength.ofDataSet(item,
                        itemsExplicit)), 1, "Item");
                elements(item, itemsExplicit, level + 2);
                if (item.undefinedLength()) {
                    delimiter(level + 1, Tag.ITEM_DELIMITATION, "ItemDelimitationItem");
                }
            }
            if (sequence.undefinedLength()) {
                delimiter(level, Tag.SEQUENCE_DELIMITATION, "SequenceDelimitationItem");
            }
        }

        private void fragments(DataSet dataSet, int tag, Vr vr, Fragments fragments, int level) throws IOException {
            start(level, tag, vr.name());
            line.append("(Encapsulated pixel data, ").append(fragments.size()).append(" items)");
            end(level, "u/l", 1, keyword(dataSet, tag));
            for (Value item : fragments.items()) {
                start(level + 1, Tag.ITEM, "pi");
                long length = value(dataSet, Tag.ITEM, Vr.OB, item);
                end(level + 1, Long.toString(length), 1, "Item");
            }
            delimiter(level, Tag.SEQUENCE_DELIMITATION, "SequenceDelimitationItem");
        }

        private void delimiter(int level, int tag, String name) throws IOException {
            start(level, tag, "na");
            line.append('(').append(name).append(')');
            end(level, "0", 0, name);
        }

        private void start(int level, int tag, String vr) {
            line.setLength(0);
            flushed = 0;
            for (int i = 0; i < level; i++) {
                line.append("  ");
            }
            line.append(Tag.toString(tag)).append(' ').append(vr).append(' ');
        }

        private void end(int level, String length, int multiplicity, String keyword) throws IOException {
            long column = Math.max(COMMENT_COLUMN + 2 * level, flushed + line.length() + 2);
            while (flushed + line.length() < column) {
                line.append(' ');
            }
            line.append("# ").append(length).append(", ").append(multiplicity).append(' ').append(keyword)
                    .append('\n');
            out.append(line);
        }

        /** Appends the value text to the line and returns the value length. */
        private long value(DataSet dataSet, int tag, Vr vr, Value value) throws IOException {
            if (value instanceof BulkData bulk) {
                if (width == 0) {
                    bulk(bulk, unit(vr));
                } else {
                    line.append("<bulk data, ").append(bulk.length()).append(" bytes>");
                }
                return bulk.length();
            }
            byte[] bytes = ((Bytes) value).bytes();
            if (bytes.length == 0) {
                line.append("(no value available)");
                return 0;
            }
            switch (vr.kind()) {
                case TEXT -> text(dataSet, vr, bytes);
                case BINARY -> numbers(vr, bytes);
                default -> hex(vr, bytes);
            }
            return bytes.length;
        }

        private void text(DataSet dataSet, Vr vr, byte[] bytes) {
            String text = ValueCodec.text(bytes, vr, dataSet.characterSet());
            line.append('[');
            int shown = width == 0 ? text.length() : Math.min(text.length(), width);
            for (int i = 0; i < shown; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == 0x7F || c == '&' && i + 1 < text.length() && text.charAt(i + 1) == '#') {
                    line.append("&#").append((int) c).append(';');
                } else {
                    line.append(c);
                }
            }
            line.append(']');
            if (shown < text.length()) {
                line.append("...");
            } else if (vr == Vr.UI) {
                Optional<UidEntry> entry = UidRegistry.lookup(text);
                if (entry.isPresent() && !entry.get().name().isEmpty()) {
                    line.append(" (").append(entry.get().name()).append(')');
                }
            }
        }

        private void numbers(Vr vr, byte[] bytes) {
            int unit = vr == Vr.AT ? 4 : vr.swapUnit();
            int count = bytes.length / unit;
            ByteBuffer in = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int start = line.length();
            for (int i = 0; i < count; i++) {
                if (width > 0 && line.length() - start > width) {
                    line.append("...");
                    return;
                }
                if (i > 0) {
                    line.append('\\');
                }
                switch (vr) {
                    case US -> line.append(in.getShort() & 0xFFFF);
                    case SS -> line.append(in.getShort());
                    case UL -> line.append(in.getInt() & 0xFFFFFFFFL);
                    case SL -> line.append(in.getInt());
                    case UV -> line.append(Long.toUnsignedString(in.getLong()));
                    case SV -> line.append(in.getLong());
                    case FL -> decimal(in.getFloat(), true);
                    case FD -> decimal(in.getDouble(), false);
                    case AT -> line.append(Tag.toString(Tag.of(in.getShort(), in.getShort())));
                    default -> throw new IllegalStateException("not a binary number VR: " + vr);
                }
            }
            if (bytes.length % unit != 0) {
                line.append(count > 0 ? "\\" : "").append("(+").append(bytes.length % unit).append(" bytes)");
            }
        }

        /** A float or double in its shortest form, integral values without ".0". */
        private void decimal(double value, boolean single) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                line.append(value == 0 && 1 / value < 0 ? "-" : "").append((long) value);
            } else if (single) {
                line.append((float) value);
            } else {
                line.append(value);
            }
        }

        private void hex(Vr vr, byte[] bytes) {
            if (width == 0) {
                hexUnits(line, bytes, bytes.length, unit(vr), false, true);
                return;
            }
            int unit = unit(vr);
            int shown = Math.min(bytes.length, BYTES_SHOWN) / unit * unit;
            if (shown == 0) {
                unit = 1;
                shown = Math.min(bytes.length, BYTES_SHOWN);
            }
            for (int at = 0; at < shown; at += unit) {
                if (at > 0) {
                    line.append('\\');
                }
                for (int b = unit - 1; b >= 0; b--) { // little endian units, most significant byte first
                    int v = bytes[at + b] & 0xFF;
                    line.append(HEX[v >> 4]).append(HEX[v & 0xF]);
                }
            }
            if (shown < bytes.length) {
                line.append("...");
            }
        }

        /** Writes the line so far, then all bytes of a value left in the file, a buffer at a time. */
        private void bulk(BulkData bulk, int unit) throws IOException {
            out.append(line);
            flushed += line.length();
            line.setLength(0);
            byte[] buffer = new byte[64 * 1024]; // a multiple of every unit: only the last read ends in a part unit
            StringBuilder text = new StringBuilder(3 * buffer.length);
            boolean first = true;
            try (InputStream in = bulk.open()) {
                int n;
                while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                    text.setLength(0);
                    hexUnits(text, buffer, n, unit, bulk.bigEndian(), first);
                    first = false;
                    out.append(text);
                    flushed += text.length();
                }
            }
        }
    }

    /** The size of the hexadecimal units of a byte or word VR: 1 for OB and UN, 2 for OW words, 4 for OF, … */
    private static int unit(Vr vr) {
        return Math.max(1, vr.swapUnit());
    }

    /**
     * Appends the first {@code length} bytes as hexadecimal units, most significant byte first, separated by
     * {@code \} (after a first one too unless {@code first}); bytes left over after the last whole unit one by one.
     */
    private static void hexUnits(StringBuilder to, byte[] bytes, int length, int unit, boolean bigEndian,
                                 boolean first) {
        int whole = length / unit * unit;
        for (int at = 0; at < length; at += at < whole ? unit : 1) {
            if (!first || at > 0) {
                to.append('\\');
            }
            int size = at < whole ? unit : 1;
            for (int b = 0; b < size; b++) {
                int v = bytes[at + (bigEndian ? b : size - 1 - b)] & 0xFF;
                to.append(HEX[v >> 4]).append(HEX[v & 0xF]);
            }
        }
    }

    /** The value multiplicity as dcmdump counts it. */
    static int multiplicity(Vr vr, Value value) {
        if (!(value instanceof Bytes b)) {
            return 1;
        }
        byte[] bytes = b.bytes();
        if (bytes.length == 0) {
            return 0;
        }
        return switch (vr.kind()) {
            case TEXT -> {
                if (!vr.multiValued()) {
                    yield 1;
                }
                int count = 1;
                for (byte x : bytes) {
                    if (x == '\\') {
                        count++;
                    }
                }
                yield count;
            }
            case BINARY -> Math.max(1, bytes.length / (vr == Vr.AT ? 4 : vr.swapUnit()));
            default -> 1;
        };
    }

    /** The keyword shown after the length: dictionary keyword, or what kind of private or unknown element. */
    static String keyword(DataSet dataSet, int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        if (!keyword.isEmpty()) {
            return keyword;
        }
        if (Tag.isGroupLength(tag)) {
            return "GroupLength";
        }
        if (Tag.isPrivateCreator(tag)) {
            return "PrivateCreator";
        }
        if (Tag.creatorOf(tag) >= 0) {
            String creator = dataSet.getText(Tag.creatorOf(tag));
            return creator == null ? "Private" : "Private(" + creator.strip() + ")";
        }
        return "Unknown";
    }
}
