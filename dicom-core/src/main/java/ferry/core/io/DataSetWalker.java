package ferry.core.io;

import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Follows a bare data set (e.g. the one of a C-STORE request) element by element as its bytes pass, without keeping
 * them: what a receiver must know before it acknowledges an object, at the cost of a few comparisons per element.
 * It says whether the bytes are exactly one data set, ending at an element boundary with every sequence and item
 * closed, and which object they say they are: the top-level SOP Class UID (0008,0016) and SOP Instance UID
 * (0008,0018).
 *
 * <p>It follows every encoding {@link DicomReader} reads (PS3.5 §7): explicit and implicit VR, either byte order,
 * sequences and items of defined and undefined length, Implicit VR Little Endian inside a UN of undefined length
 * (§6.2.2), encapsulated pixel data fragments (§A.4) and deflate (§A.5, positions then count inflated bytes).
 * Values of defined length are skipped whatever they hold, so in implicit VR, where only the dictionary knows that
 * an element is a sequence, a sequence of defined length is checked as one value that fits its parent. Where the
 * reader reads on with a warning (a sequence or item longer than its parent) the walker does too; a defined length
 * that runs past the end of the data is truncation here, as is anything else left open. Trailing zero bytes after
 * the last element are padding, as for the reader.
 *
 * <p>Feed it with {@link #update} (or read through {@link #watching}), then call {@link #finish} once.
 */
public final class DataSetWalker {
    private static final long UNDEFINED = -1;
    private static final long NO_BOUND = Long.MAX_VALUE;
    /** Frames: a data set or item (elements), a sequence (items), encapsulated pixel data (fragments). */
    private static final byte ELEMENTS = 0;
    private static final byte ITEMS = 1;
    private static final byte FRAGMENTS = 2;
    /** States: reading a header, skipping a value, keeping a UID value, in trailing padding, stopped at a problem. */
    private static final byte HEADER = 0;
    private static final byte SKIP = 1;
    private static final byte KEEP = 2;
    private static final byte ZEROS = 3;
    private static final byte FAILED = 4;
    /** The most UID bytes kept: a UID has at most 64 characters (PS3.5 §9.1), the rest cannot match anyway. */
    private static final int KEPT_MAX = 128;
    private static final int MAX_SEQUENCE_DEPTH = ReadOptions.DEFAULT.maxDepth();
    private static final int MAX_FRAMES = 2 * MAX_SEQUENCE_DEPTH + 2;
    private static final int INITIAL_FRAMES = 8;

    // One entry per open frame, the data set's at 0; grown when sequences nest deeper than most objects' few levels.
    private byte[] kind = new byte[INITIAL_FRAMES];
    private long[] end = new long[INITIAL_FRAMES];
    /** The nearest defined end of this frame or one around it, which nothing inside may pass. */
    private long[] bound = new long[INITIAL_FRAMES];
    private boolean[] explicit = new boolean[INITIAL_FRAMES];
    private boolean[] big = new boolean[INITIAL_FRAMES];
    /** The element being read in an element frame; the sequence's or pixel data's tag in the others. */
    private int[] tag = new int[INITIAL_FRAMES];
    /** The tag of the last top-level element, to check their order. */
    private int previousTopTag;
    /** Items (fragments) begun so far in a sequence (pixel data) frame. */
    private int[] items = new int[INITIAL_FRAMES];
    private int depth;
    /** Whether the top element frame's {@link #tag} is an element begun, not the last one ended. */
    private boolean inElement;

    private final byte[] header = new byte[12];
    private int headerLength;
    private int need;
    private byte state = HEADER;
    private long remaining;
    private long position;
    private int elements;
    private long zeros;

    private final byte[] kept = new byte[KEPT_MAX];
    private int keptLength;
    private String sopClassUid;
    private String sopInstanceUid;

    private DicomParseException problem;
    private boolean truncated;
    private final Inflater inflater;
    private final byte[] inflated;
    private Result result;

    /** A walker for a data set encoded in {@code syntax}. */
    public DataSetWalker(TransferSyntax syntax) {
        kind[0] = ELEMENTS;
        end[0] = UNDEFINED;
        bound[0] = NO_BOUND;
        explicit[0] = syntax.explicitVr();
        big[0] = syntax.bigEndian();
        need = 8;
        inflater = syntax.deflated() ? new Inflater(true) : null;
        inflated = syntax.deflated() ? new byte[16 * 1024] : null;
    }

    /**
     * What the walk found.
     *
     * @param length         the data set's length in bytes (inflated, when deflated) as far as it was walked
     * @param elements       its top-level elements
     * @param sopClassUid    the value of SOP Class UID (0008,0016) without its padding, or null when absent or empty
     * @param sopInstanceUid the value of SOP Instance UID (0008,0018) likewise
     * @param problem        why the bytes are not one whole data set (offset and element path), or null
     * @param truncated      whether that problem is that the data ends inside an element, sequence or item
     */
    public record Result(long length, int elements, String sopClassUid, String sopInstanceUid,
                         DicomParseException problem, boolean truncated) {
        /** True when the bytes are one whole data set, ending at an element boundary. */
        public boolean wellFormed() {
            return problem == null;
        }
    }

    /** Walks the next {@code length} bytes of the data set. After a problem it only counts them. */
    public void update(byte[] bytes, int offset, int length) {
        if (length <= 0 || state == FAILED) {
            return;
        }
        if (inflater == null) {
            walk(bytes, offset, length);
            return;
        }
        inflater.setInput(bytes, offset, length);
        inflate(); // the input is used up before this returns: the caller may reuse its array
    }

    /** A stream that reads {@code in} and walks what it reads through this walker. */
    public InputStream watching(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    update(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int n = in.read(bytes, offset, length);
                update(bytes, offset, n);
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] buffer = new byte[(int) Math.min(n, 8192)];
                long skipped = 0;
                while (skipped < n) {
                    int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                    if (read < 0) {
                        break;
                    }
                    skipped += read;
                }
                return skipped;
            }
        };
    }

    /** Ends the walk: the data set ended with the last byte given. Further calls return the same result. */
    public Result finish() {
        if (result != null) {
            return result;
        }
        if (inflater != null) {
            finishInflating();
        }
        if (state == SKIP || state == KEEP) {
            truncation("the data ends " + remaining + " bytes before the end of the value");
        } else if (state == HEADER && headerLength > 0 && !zeroPadding()) {
            truncation("the data ends inside an element header (" + headerLength + " of its " + need + " bytes)");
        } else if (state == HEADER && depth > 0) {
            int open = depth;
            while (open > 0 && kind[open] == ELEMENTS) {
                open--; // name the sequence or pixel data left open
            }
            String what = kind[open] == FRAGMENTS ? "its fragments" : "the sequence";
            truncation("the data ends inside " + what + ", " + (end[depth] == UNDEFINED ? "before its delimitation item"
                    : (end[depth] - position) + " bytes before the end of " + (kind[depth] == ELEMENTS ? "the item"
                    : "its value")));
        }
        result = new Result(position, elements, sopClassUid, sopInstanceUid, problem, truncated);
        return result;
    }

    /** Whether the unfinished header is 4 to 7 zero bytes after the last top-level element: padding. */
    private boolean zeroPadding() {
        if (depth > 0 || elements == 0 || headerLength < 4) {
            return false;
        }
        for (int i = 0; i < headerLength; i++) {
            if (header[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void inflate() {
        try {
            while (state != FAILED && !inflater.finished() && !inflater.needsInput()) {
                int n = inflater.inflate(inflated);
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        fail("deflated data asks for a preset dictionary, which PS3.5 §A.5 does not use");
                    }
                    return;
                }
                walk(inflated, 0, n);
            }
        } catch (DataFormatException e) {
            fail("deflated data is corrupt: " + e.getMessage());
        }
    }

    private void finishInflating() {
        if (state != FAILED && !inflater.finished()) {
            inflater.setInput(new byte[1]); // raw inflate may want one byte past the end to see it (Inflater docs)
            inflate();
        }
        if (state != FAILED && !inflater.finished()) {
            truncation("the deflated data ends before the end of its stream");
        }
        inflater.end();
    }

    private void walk(byte[] bytes, int offset, int length) {
        while (length > 0) {
            switch (state) {
                case SKIP -> {
                    int n = (int) Math.min(remaining, length);
                    remaining -= n;
                    position += n;
                    offset += n;
                    length -= n;
                    if (remaining == 0) {
                        boundary();
                    }
                }
                case HEADER -> {
                    int n = Math.min(need - headerLength, length);
                    System.arraycopy(bytes, offset, header, headerLength, n);
                    headerLength += n;
                    position += n;
                    offset += n;
                    length -= n;
                    if (headerLength == need) {
                        header();
                    }
                }
                case KEEP -> {
                    int n = (int) Math.min(remaining, length);
                    int keep = Math.min(n, KEPT_MAX - keptLength);
                    System.arraycopy(bytes, offset, kept, keptLength, keep);
                    keptLength += keep;
                    remaining -= n;
                    position += n;
                    offset += n;
                    length -= n;
                    if (remaining == 0) {
                        keepUid();
                        boundary();
                    }
                }
                case ZEROS -> {
                    for (int i = 0; i < length; i++) {
                        if (bytes[offset + i] != 0) {
                            position += i;
                            fail("garbage after the data set: a non-zero byte after " + (zeros + i) + " zero bytes");
                            return;
                        }
                    }
                    zeros += length;
                    position += length;
                    return;
                }
                default -> {
                    return; // FAILED
                }
            }
        }
    }

    /** The header's bytes so far are {@link #need} long: read it, or ask for the rest of a 12-byte one. */
    private void header() {
        if (kind[depth] != ELEMENTS) {
            itemHeader();
            return;
        }
        boolean bigEndian = big[depth];
        Vr vr = null;
        if (need == 8) { // every element header has at least 8 bytes (PS3.5 §7.1.1, §7.1.2, §7.5)
            int elementTag = tagAt(bigEndian);
            if (depth == 0 && elementTag == 0 && elements > 0) {
                padding();
                return;
            }
            tag[depth] = elementTag;
            inElement = true;
            if (Tag.group(elementTag) == 0xFFFE) {
                delimiter(elementTag);
                return;
            }
            if (depth == 0) {
                // one value per attribute: a tag twice, or going back, could give a reader another value than the
                // one the checks saw (a second SOP Instance UID after Patient ID)
                if (elements > 0 && Integer.compareUnsigned(elementTag, previousTopTag) <= 0) {
                    fail(Tag.toString(elementTag) + " after " + Tag.toString(previousTopTag) + ": the data set's "
                            + "elements must come in ascending tag order, each once (PS3.5 §7.1)");
                    return;
                }
                previousTopTag = elementTag;
            }
            if (explicit[depth]) {
                vr = Vr.ofCode((header[4] & 0xFF) << 8 | header[5] & 0xFF);
                if (vr == null) {
                    fail(String.format("unknown VR bytes %02X %02X", header[4], header[5]));
                    return;
                }
                if (vr.longHeader()) {
                    need = 12;
                    return;
                }
            }
        } else {
            vr = Vr.ofCode((header[4] & 0xFF) << 8 | header[5] & 0xFF);
        }
        if (position > bound[depth]) {
            fail("the element header runs past the end of its item");
            return;
        }
        long length = need == 12 ? u32(8, bigEndian) : explicit[depth] ? u16(6, bigEndian) : u32(4, bigEndian);
        headerLength = 0;
        if (depth == 0) {
            elements++;
        }
        element(tag[depth], vr, length);
    }

    /** A top-level tag (0000,0000) after the elements: zero bytes to the end are padding, as for DicomReader. */
    private void padding() {
        for (int i = 4; i < 8; i++) {
            if (header[i] != 0) {
                position -= 8 - i;
                fail("garbage after the data set: a non-zero byte after " + i + " zero bytes");
                return;
            }
        }
        state = ZEROS;
        zeros = 8;
        headerLength = 0;
    }

    /** An item or sequence delimitation item where an element was expected. */
    private void delimiter(int delimiterTag) {
        if (delimiterTag == Tag.ITEM_DELIMITATION && depth > 0 && end[depth] == UNDEFINED) {
            headerLength = 0;
            depth--; // the item ends; its sequence expects the next item
            boundary();
        } else {
            fail("unexpected " + Tag.toString(delimiterTag) + (depth == 0 ? " outside a sequence" : " in an item"));
        }
    }

    private void element(int elementTag, Vr vr, long length) {
        if (length == 0xFFFFFFFFL) {
            if (elementTag == Tag.PIXEL_DATA || vr == Vr.OB || vr == Vr.OW) {
                push(FRAGMENTS, elementTag, UNDEFINED, explicit[depth], big[depth]);
            } else if (vr == null || vr == Vr.SQ || vr == Vr.UN) {
                // implicit VR: undefined length is a sequence's (DicomReader checks the dictionary to be sure)
                boolean un = vr == Vr.UN;
                push(ITEMS, elementTag, UNDEFINED, !un && explicit[depth], !un && big[depth]);
            } else {
                fail("undefined length is not allowed for VR " + vr);
            }
            return;
        }
        if (vr == Vr.SQ) {
            push(ITEMS, elementTag, Math.min(position + length, bound[depth]), explicit[depth], big[depth]);
            return;
        }
        if (position + length > bound[depth]) {
            fail("value length " + length + " runs past the end of its item (" + (bound[depth] - position)
                    + " bytes left in it)");
            return;
        }
        remaining = length;
        boolean uid = depth == 0 && (elementTag == Tags.SOPClassUID && sopClassUid == null
                || elementTag == Tags.SOPInstanceUID && sopInstanceUid == null);
        if (length == 0) {
            boundary();
        } else if (uid) {
            state = KEEP;
            keptLength = 0;
        } else {
            state = SKIP;
        }
    }

    private void itemHeader() {
        boolean bigEndian = kind[depth] == ITEMS && big[depth]; // fragments are always little endian (PS3.5 §A.4)
        int itemTag = tagAt(bigEndian);
        long length = u32(4, bigEndian);
        headerLength = 0;
        if (position > bound[depth]) {
            fail("the item header runs past the end of its sequence");
            return;
        }
        if (itemTag == Tag.SEQUENCE_DELIMITATION) {
            depth--;
            boundary();
            return;
        }
        if (itemTag != Tag.ITEM) {
            fail("expected " + (kind[depth] == FRAGMENTS ? "a fragment item" : "an item") + " (FFFE,E000), found "
                    + Tag.toString(itemTag));
            return;
        }
        items[depth]++;
        if (kind[depth] == FRAGMENTS) {
            if (length == 0xFFFFFFFFL) {
                fail("a fragment must have a defined length (PS3.5 §A.4)");
            } else if (position + length > bound[depth]) {
                fail("fragment length " + length + " runs past the end of its item (" + (bound[depth] - position)
                        + " bytes left in it)");
            } else {
                remaining = length;
                state = SKIP;
                if (length == 0) {
                    boundary();
                }
            }
            return;
        }
        long itemEnd = length == 0xFFFFFFFFL ? UNDEFINED : Math.min(position + length, bound[depth]);
        push(ELEMENTS, 0, itemEnd, explicit[depth], big[depth]);
    }

    private void push(byte frameKind, int frameTag, long frameEnd, boolean frameExplicit, boolean frameBig) {
        if (depth + 1 >= MAX_FRAMES - 1) {
            fail("sequences nested deeper than " + MAX_SEQUENCE_DEPTH + " levels");
            return;
        }
        if (depth + 1 == kind.length) {
            grow();
        }
        long outer = bound[depth];
        depth++;
        kind[depth] = frameKind;
        end[depth] = frameEnd;
        bound[depth] = frameEnd == UNDEFINED ? outer : frameEnd;
        explicit[depth] = frameExplicit;
        big[depth] = frameBig;
        tag[depth] = frameTag;
        items[depth] = 0;
        boundary();
    }

    private void grow() {
        int size = Math.min(kind.length * 2, MAX_FRAMES);
        kind = Arrays.copyOf(kind, size);
        end = Arrays.copyOf(end, size);
        bound = Arrays.copyOf(bound, size);
        explicit = Arrays.copyOf(explicit, size);
        big = Arrays.copyOf(big, size);
        tag = Arrays.copyOf(tag, size);
        items = Arrays.copyOf(items, size);
    }

    /** At an element boundary: close the frames of defined length that end here, then expect the next header. */
    private void boundary() {
        while (depth > 0 && end[depth] != UNDEFINED && position == end[depth]) {
            depth--;
        }
        state = HEADER;
        headerLength = 0;
        need = 8;
        inElement = false;
    }

    private void keepUid() {
        int start = 0;
        int stop = keptLength;
        while (stop > start && (kept[stop - 1] == 0 || kept[stop - 1] == ' ')) {
            stop--;
        }
        while (start < stop && kept[start] == ' ') {
            start++;
        }
        String value = start == stop ? null : new String(kept, start, stop - start, StandardCharsets.ISO_8859_1);
        if (tag[0] == Tags.SOPClassUID) {
            sopClassUid = value;
        } else {
            sopInstanceUid = value;
        }
    }

    private int tagAt(boolean bigEndian) {
        return Tag.of(u16(0, bigEndian), u16(2, bigEndian));
    }

    private int u16(int at, boolean bigEndian) {
        int a = header[at] & 0xFF;
        int b = header[at + 1] & 0xFF;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    private long u32(int at, boolean bigEndian) {
        long low = u16(bigEndian ? at + 2 : at, bigEndian);
        long high = u16(bigEndian ? at : at + 2, bigEndian);
        return high << 16 | low;
    }

    private void truncation(String reason) {
        if (problem == null) {
            truncated = true;
            fail(reason);
        }
    }

    private void fail(String reason) {
        if (problem == null) {
            problem = new DicomParseException(position, path(), reason);
        }
        state = FAILED;
    }

    /** The element being read, e.g. {@code (0008,1140) ReferencedImageSequence item 1 > (0008,1155) ...}. */
    private String path() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= depth; i++) {
            if (kind[i] == ELEMENTS) {
                if (i == depth && !inElement) {
                    break; // between elements: the path ends with the item
                }
                if (out.length() > 0) {
                    out.append(" > ");
                }
                out.append(Tag.toString(tag[i]));
                String keyword = StandardDictionary.keywordOf(tag[i]);
                if (!keyword.isEmpty()) {
                    out.append(' ').append(keyword);
                }
            } else if (items[i] > 0) {
                out.append(kind[i] == FRAGMENTS ? " fragment " : " item ").append(items[i]);
            }
        }
        return out.toString();
    }
}
