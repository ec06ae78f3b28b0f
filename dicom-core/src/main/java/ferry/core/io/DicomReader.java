package ferry.core.io;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;

/**
 * Reads DICOM Part 10 files (PS3.10 §7: preamble, "DICM", file meta group) and bare data sets in every native
 * transfer syntax, deflate included, with encapsulated pixel data kept as fragments (PS3.5 §A.4).
 *
 * <p>The reader streams: values longer than {@link ReadOptions#bulkDataThreshold()} stay in the file as
 * {@link BulkData}, and a header-only read ({@link ReadOptions#stopBefore()}) stops before the pixels. Every
 * length is checked against what is left of the input before anything is allocated, and nesting is bounded, so
 * hostile input ends in a {@link DicomParseException} naming the offset and element, never in an
 * {@code OutOfMemoryError} or a hang.
 */
public final class DicomReader {
    private static final int UNDEFINED = -1;

    private final DicomInput in;
    private final ReadOptions options;
    private final List<String> warnings = new ArrayList<>();
    private final int[] pathTags;
    private final int[] pathItems;
    private int depth;
    private boolean explicitVr;
    private boolean bigEndian;
    private boolean complete = true;
    private boolean warnedOrder;
    private boolean inElement;

    private DicomReader(DicomInput in, ReadOptions options) {
        this.in = in;
        this.options = options;
        this.pathTags = new int[options.maxDepth() * 2 + 2];
        this.pathItems = new int[options.maxDepth() * 2 + 2];
    }

    /** Reads a Part 10 file (or a bare data set whose syntax can be inferred, with a warning). */
    public static DicomFile read(Path file, ReadOptions options) throws IOException {
        long size = Files.size(file);
        try (DicomInput input = new DicomInput(Files.newInputStream(file), file, size)) {
            return new DicomReader(input, options).readFile();
        }
    }

    /** Reads a Part 10 stream; values over the threshold are read into memory (or skipped) since no file is known. */
    public static DicomFile read(InputStream stream, ReadOptions options) throws IOException {
        try (DicomInput input = new DicomInput(stream, null, -1)) {
            return new DicomReader(input, options).readFile();
        }
    }

    /** Reads a Part 10 file held in memory; large values are read too (there is no file to refer to). */
    public static DicomFile read(byte[] bytes, ReadOptions options) throws IOException {
        try (DicomInput input = new DicomInput(new ByteArrayInputStream(bytes), null, bytes.length)) {
            return new DicomReader(input, options).readFile();
        }
    }

    /**
     * Reads a bare data set (no preamble, no file meta group) encoded in {@code syntax}, e.g. the data set of a
     * C-STORE request. The stream is read to its end (or to {@link ReadOptions#stopBefore()}) but not closed.
     */
    public static DataSet readDataSet(InputStream stream, TransferSyntax syntax, ReadOptions options)
            throws IOException {
        DicomReader reader = new DicomReader(new DicomInput(stream, null, -1), options);
        reader.explicitVr = syntax.explicitVr();
        reader.bigEndian = syntax.bigEndian();
        if (syntax.deflated()) {
            reader.in.inflateRest();
        }
        DataSet dataSet = new DataSet();
        reader.guarded(() -> reader.readElements(dataSet, UNDEFINED, true));
        return dataSet;
    }

    private interface Step {
        void run() throws IOException;
    }

    private void guarded(Step step) throws IOException {
        try {
            step.run();
        } catch (DicomParseException e) {
            throw e;
        } catch (EOFException e) {
            throw error("the input ends in the middle of an element (truncated)");
        } catch (ZipException e) {
            throw error("deflated data is corrupt: " + e.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof DataFormatException) {
                throw error("deflated data is corrupt: " + e.getMessage());
            }
            throw e;
        }
    }

    private DicomFile readFile() throws IOException {
        DataSet meta = new DataSet();
        DataSet dataSet = new DataSet();
        TransferSyntax[] syntax = new TransferSyntax[1];
        long[] dataSetOffset = new long[1];
        guarded(() -> {
            boolean preamble = in.ensure(132) && isDicm(128);
            if (preamble) {
                in.skip(132);
            } else if (in.ensure(4) && isDicm(0)) {
                warnings.add("no 128-byte preamble before \"DICM\"");
                in.skip(4);
            } else {
                warnings.add("no preamble and \"DICM\" prefix (not a Part 10 file)");
                if (!in.ensure(8) || (in.peek(0) | in.peek(1)) == 0) {
                    throw error("not a DICOM file: no \"DICM\" prefix and no data element at the start");
                }
            }
            if (in.ensure(6) && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
                readMeta(meta);
            } else if (preamble) {
                warnings.add("no file meta information group after \"DICM\"");
            }
            String uid = meta.getString(Tag.TRANSFER_SYNTAX_UID);
            if (uid == null) {
                syntax[0] = inferSyntax();
                warnings.add("no Transfer Syntax UID; the data set looks like " + describe(syntax[0]));
            } else {
                syntax[0] = checkDeclaredSyntax(TransferSyntax.of(uid));
            }
            explicitVr = syntax[0].explicitVr();
            bigEndian = syntax[0].bigEndian();
            dataSetOffset[0] = in.position();
            if (syntax[0].deflated()) {
                in.inflateRest();
            }
            readElements(dataSet, UNDEFINED, true);
        });
        return new DicomFile(meta, dataSet, syntax[0], complete, warnings, dataSetOffset[0]);
    }

    private boolean isDicm(int at) {
        return in.peek(at) == 'D' && in.peek(at + 1) == 'I' && in.peek(at + 2) == 'C' && in.peek(at + 3) == 'M';
    }

    /** The file meta group is always Explicit VR Little Endian (PS3.10 §7.1); read it while the group is 0002. */
    private void readMeta(DataSet meta) throws IOException {
        explicitVr = true;
        bigEndian = false;
        if (!looksLikeVr(4)) {
            warnings.add("the file meta group is encoded with implicit VR (PS3.10 requires explicit)");
            explicitVr = false;
        }
        while (in.ensure(2) && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
            readElement(meta, UNDEFINED, false);
        }
    }

    private boolean looksLikeVr(int at) throws IOException {
        return in.ensure(at + 2) && Vr.ofCode(in.peek(at) << 8 | in.peek(at + 1)) != null;
    }

    private TransferSyntax inferSyntax() throws IOException {
        if (!in.ensure(8)) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        boolean big = in.peek(0) == 0 && in.peek(1) != 0;
        boolean explicit = looksLikeVr(4);
        if (big) {
            return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
        return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }

    /** Some writers declare one VR encoding and use the other; read what is there, with a warning. */
    private TransferSyntax checkDeclaredSyntax(TransferSyntax declared) throws IOException {
        if (declared.deflated() || declared.bigEndian() || !in.ensure(8)) {
            return declared;
        }
        boolean vrThere = looksLikeVr(4);
        if (declared.explicitVr() && !vrThere) {
            warnings.add(declared.uid() + " declares explicit VR but the data set is implicit VR; read as implicit");
            // A compressed syntax keeps its UID and encapsulation (its pixel data is still fragments), so the file
            // can be written back as it was; only the VR encoding is corrected.
            return declared.encapsulated() ? new TransferSyntax(declared.uid(), false, false, false, true)
                    : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        if (!declared.explicitVr() && vrThere) {
            int tag = Tag.of(in.peek(0) | in.peek(1) << 8, in.peek(2) | in.peek(3) << 8);
            Vr there = Vr.ofCode(in.peek(4) << 8 | in.peek(5));
            Optional<DictionaryEntry> entry = StandardDictionary.entry(tag);
            if (entry.isEmpty() || entry.get().vrs().contains(there)) {
                warnings.add(declared.uid() + " declares implicit VR but the data set is explicit VR; read as explicit");
                return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            }
        }
        return declared;
    }

    private static String describe(TransferSyntax syntax) {
        return (syntax.explicitVr() ? "Explicit" : "Implicit") + " VR " + (syntax.bigEndian() ? "Big" : "Little")
                + " Endian";
    }

    /**
     * Reads elements into {@code target} until {@code end} (an absolute position) or, when undefined, until an
     * Item Delimitation Item (in items) or the end of input (at top level).
     */
    private void readElements(DataSet target, long end, boolean topLevel) throws IOException {
        int previous = 0;
        boolean first = true;
        while (true) {
            if (end != UNDEFINED) {
                long position = in.position();
                if (position == end) {
                    return;
                }
                if (position > end) {
                    throw error("elements run " + (position - end) + " bytes past the end of their item");
                }
            } else if (topLevel && in.atEnd()) {
                return;
            }
            if (!in.ensure(4)) {
                if (in.buffered() == 0 && topLevel) {
                    return;
                }
                throw new EOFException();
            }
            int tag = peekTag();
            if (topLevel && Integer.compareUnsigned(tag, options.stopBefore()) >= 0) {
                complete = false;
                return;
            }
            if (tag == Tag.ITEM_DELIMITATION && end == UNDEFINED && !topLevel) {
                in.skip(4);
                in.s32(bigEndian);
                return;
            }
            if (topLevel && tag == 0 && !first && trailingZeros()) {
                return;
            }
            if (!first && Integer.compareUnsigned(tag, previous) <= 0 && !warnedOrder) {
                warnedOrder = true;
                warnings.add("at offset " + in.position() + ": " + Tag.toString(tag) + " follows "
                        + Tag.toString(previous) + " (elements out of ascending order)");
            }
            previous = tag;
            first = false;
            readElement(target, end, topLevel);
        }
    }

    private int peekTag() {
        int g;
        int e;
        if (bigEndian) {
            g = in.peek(0) << 8 | in.peek(1);
            e = in.peek(2) << 8 | in.peek(3);
        } else {
            g = in.peek(1) << 8 | in.peek(0);
            e = in.peek(3) << 8 | in.peek(2);
        }
        return Tag.of(g, e);
    }

    /** Trailing zero bytes after the data set are padding some writers leave; anything else is an error. */
    private boolean trailingZeros() throws IOException {
        long start = in.position();
        long count = 0;
        while (in.ensure(1)) {
            int n = in.buffered();
            for (int i = 0; i < n; i++) {
                if (in.peek(i) != 0) {
                    if (count == 0 && i < 8) {
                        return false;
                    }
                    throw new DicomParseException(start + count + i, "",
                            "garbage after the data set (non-zero byte after " + (count + i) + " zero bytes)");
                }
            }
            in.skip(n);
            count += n;
        }
        warnings.add(count + " zero bytes of padding after the data set at offset " + start);
        return true;
    }

    private void readElement(DataSet target, long end, boolean topLevel) throws IOException {
        int tag = Tag.of(in.u16(bigEndian), in.u16(bigEndian));
        pathTags[depth] = tag;
        pathItems[depth] = -1;
        inElement = true;
        if (Tag.group(tag) == 0xFFFE) {
            throw error("unexpected " + Tag.toString(tag) + " outside a sequence");
        }
        Vr vr;
        long length;
        if (explicitVr) {
            in.require(2);
            int code = in.peek(0) << 8 | in.peek(1);
            vr = Vr.ofCode(code);
            if (vr == null) {
                throw error(String.format("unknown VR bytes %02X %02X", code >> 8, code & 0xFF));
            }
            in.skip(2);
            if (vr.longHeader()) {
                in.skip(2);
                length = in.s32(bigEndian) & 0xFFFFFFFFL;
            } else {
                length = in.u16(bigEndian);
            }
        } else {
            vr = implicitVr(tag, target);
            length = in.s32(bigEndian) & 0xFFFFFFFFL;
        }
        if (length == 0xFFFFFFFFL) {
            readUndefinedLength(target, tag, vr);
            return;
        }
        if (vr == Vr.SQ) {
            readSequence(target, tag, vr, clampedLength(length, end, "sequence"));
            return;
        }
        checkLength(length, end);
        readValue(target, tag, vr, length);
    }

    private void checkLength(long length, long end) throws IOException {
        long remaining = in.remaining();
        if (remaining >= 0 && length > remaining) {
            throw error("value length " + length + " runs past the end of the data (" + remaining + " bytes left)");
        }
        if (end != UNDEFINED && in.position() + length > end) {
            throw error("value length " + length + " runs past the end of its item (" + (end - in.position())
                    + " bytes left in it)");
        }
    }

    /**
     * A sequence or item length that runs past the end of the file is cut to what is there, with a warning, as
     * dcmtk does: the elements inside are still checked one by one, so real truncation is still an error.
     */
    private long clampedLength(long length, long end, String what) throws IOException {
        long remaining = in.remaining();
        long inside = end == UNDEFINED ? -1 : end - in.position();
        long room = remaining < 0 ? inside : inside < 0 ? remaining : Math.min(remaining, inside);
        if (room >= 0 && length > room) {
            warnings.add("at offset " + in.position() + " in " + path() + ": " + what + " length " + length
                    + " runs past the end of " + (room == remaining ? "the file" : "its parent") + " (" + room
                    + " bytes left); read to there");
            return room;
        }
        return length;
    }

    private Vr implicitVr(int tag, DataSet target) {
        if (Tag.isGroupLength(tag)) {
            return Vr.UL;
        }
        if (Tag.isPrivate(tag)) {
            return Tag.isPrivateCreator(tag) ? Vr.LO : Vr.UN;
        }
        Optional<DictionaryEntry> entry = StandardDictionary.entry(tag);
        if (entry.isEmpty()) {
            return Vr.UN;
        }
        List<Vr> vrs = entry.get().vrs();
        if (vrs.size() == 1) {
            return vrs.get(0);
        }
        if (vrs.contains(Vr.OW)) {
            return vrs.contains(Vr.US) ? Vr.US : Vr.OW; // PS3.5 §A.1: OW in implicit VR
        }
        if (vrs.contains(Vr.SS) && vrs.contains(Vr.US)) {
            return target.getInt(0x00280103, 0) == 1 ? Vr.SS : Vr.US;
        }
        return vrs.get(0);
    }

    private void readUndefinedLength(DataSet target, int tag, Vr vr) throws IOException {
        if (tag == Tag.PIXEL_DATA || vr == Vr.OB || vr == Vr.OW) {
            readFragments(target, tag, vr == Vr.UN ? Vr.OB : vr);
        } else if (vr == Vr.SQ || vr == Vr.UN) {
            readSequence(target, tag, vr, UNDEFINED);
        } else {
            throw error("undefined length is not allowed for VR " + vr);
        }
    }

    private void readSequence(DataSet target, int tag, Vr vr, long length) throws IOException {
        if (depth + 1 >= options.maxDepth()) {
            throw error("sequences nested deeper than " + options.maxDepth() + " levels");
        }
        boolean savedExplicit = explicitVr;
        boolean savedBig = bigEndian;
        if (vr == Vr.UN) {
            explicitVr = false; // UN of undefined length holds Implicit VR Little Endian items (PS3.5 §6.2.2)
            bigEndian = false;
        }
        Sequence sequence = new Sequence(target, length == UNDEFINED);
        target.put(tag, vr, sequence);
        long end = length == UNDEFINED ? UNDEFINED : in.position() + length;
        depth++;
        int index = 0;
        while (true) {
            if (end != UNDEFINED && in.position() >= end) {
                if (in.position() > end) {
                    throw error("items run past the end of the sequence");
                }
                break;
            }
            int itemTag = Tag.of(in.u16(bigEndian), in.u16(bigEndian));
            pathTags[depth] = itemTag;
            long itemLength = in.s32(bigEndian) & 0xFFFFFFFFL;
            if (itemTag == Tag.SEQUENCE_DELIMITATION) {
                if (end != UNDEFINED) {
                    warnings.add("sequence delimiter inside defined-length " + Tag.toString(tag));
                }
                break;
            }
            if (itemTag != Tag.ITEM) {
                throw error("expected an item (FFFE,E000) in the sequence, found " + Tag.toString(itemTag));
            }
            pathTags[depth - 1] = tag;
            pathItems[depth - 1] = ++index;
            DataSet item = sequence.addItem();
            if (itemLength == 0xFFFFFFFFL) {
                item.setUndefinedLength(true);
                readElements(item, UNDEFINED, false);
            } else {
                readElements(item, in.position() + clampedLength(itemLength, end, "item"), false);
            }
        }
        depth--;
        explicitVr = savedExplicit;
        bigEndian = savedBig;
    }

    private void readFragments(DataSet target, int tag, Vr vr) throws IOException {
        Fragments fragments = new Fragments();
        depth++;
        int index = 0;
        while (true) {
            int itemTag = Tag.of(in.u16(false), in.u16(false));
            pathTags[depth - 1] = tag;
            pathItems[depth - 1] = ++index;
            pathTags[depth] = itemTag;
            long length = in.s32(false) & 0xFFFFFFFFL;
            if (itemTag == Tag.SEQUENCE_DELIMITATION) {
                break;
            }
            if (itemTag != Tag.ITEM) {
                throw error("expected a fragment item (FFFE,E000), found " + Tag.toString(itemTag));
            }
            if (length == 0xFFFFFFFFL) {
                throw error("a fragment must have a defined length (PS3.5 §A.4)");
            }
            checkLength(length, UNDEFINED);
            if (length > options.bulkDataThreshold() && in.file() != null) {
                fragments.add(new BulkData(in.file(), in.position(), length, false));
                in.skip(length);
            } else {
                fragments.add(new Bytes(bytes(length)));
            }
        }
        depth--;
        if (!(options.skipBulkData() && fragmentBytes(fragments) > options.bulkDataThreshold())) {
            target.put(tag, vr, fragments);
        }
    }

    private static long fragmentBytes(Fragments fragments) {
        long sum = 0;
        for (int i = 0; i < fragments.size(); i++) {
            sum += fragments.itemLength(i);
        }
        return sum;
    }

    private void readValue(DataSet target, int tag, Vr vr, long length) throws IOException {
        if (length > options.bulkDataThreshold()) {
            if (options.skipBulkData()) {
                in.skip(length);
                return;
            }
            if (in.file() != null) {
                target.put(tag, vr, new BulkData(in.file(), in.position(), length, bigEndian));
                in.skip(length);
                return;
            }
        }
        byte[] bytes = bytes(length);
        if (bigEndian) {
            ByteOrder.swap(bytes, vr.swapUnit());
        }
        target.put(tag, vr, new Bytes(bytes));
    }

    /** Reads a value into memory; lengths no array can hold are a located parse error. */
    private byte[] bytes(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw error("value length " + length + " is too large to hold in memory (read it from a file with a "
                    + "bulk data threshold)");
        }
        return in.bytes(length);
    }

    private DicomParseException error(String reason) {
        return new DicomParseException(in.position(), path(), reason);
    }

    private String path() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= depth && i < pathTags.length; i++) {
            int tag = pathTags[i];
            if (i > 0) {
                out.append(" > ");
            }
            out.append(Tag.toString(tag));
            String keyword = StandardDictionary.keywordOf(tag);
            if (!keyword.isEmpty()) {
                out.append(' ').append(keyword);
            }
            if (i < depth && pathItems[i] > 0) {
                out.append(" item ").append(pathItems[i]);
            }
        }
        return inElement ? out.toString() : "";
    }
}
