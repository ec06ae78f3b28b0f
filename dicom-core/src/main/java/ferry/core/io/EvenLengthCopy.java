package ferry.core.io;

import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A data set's bytes in a file, copied as they are except that odd-length values are padded to even length
 * (PS3.5 §7.1.1: every value length is even), for sending a file without decoding it.
 *
 * <p>{@link #scan} walks the element headers once, skipping the values (a large pixel data element costs one
 * read of the header after it), and notes where a pad byte goes: the VR's padding (PS3.5 §6.2: space for text,
 * NUL for UI and binary) after an odd-length value, a zero after an odd-length fragment of encapsulated pixel data
 * (PS3.5 §A.4). Lengths that change with it are rewritten in the copy: the value's own, and those of the defined-length
 * items and sequences and of the group length element around it. {@link #copy} then streams the file a buffer at
 * a time with those changes, so an object is never held whole in memory. A file without odd lengths, the usual
 * case, is copied as it is.
 *
 * <p>Where the walk cannot follow the encoding (a deflated data set, a value running past the end of the file, an
 * unknown VR, nesting deeper than 64 levels), the rest is copied unchanged: the copy never invents structure. A
 * 16-bit length of 65535 cannot grow and is left odd.
 */
public final class EvenLengthCopy {
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int MAX_DEPTH = 64;

    /** At {@code position} in the file, {@code removed} bytes of it are replaced by {@code inserted}. */
    private record Change(long position, int removed, byte[] inserted) {
    }

    private final long start;
    private final int head;
    private final List<Change> changes;
    private final int paddedValues;

    private EvenLengthCopy(long start, int head, List<Change> changes, int paddedValues) {
        this.start = start;
        this.head = head;
        this.changes = changes;
        this.paddedValues = paddedValues;
    }

    /**
     * Prepares the copy of the data set that runs from {@code start} to the end of {@code channel}'s file, encoded in
     * {@code syntax}: reads its first {@code buffer.length} bytes into {@code buffer}, where {@link #copy} expects
     * them, and finds its odd-length values (reading the headers past those bytes from the channel).
     */
    public static EvenLengthCopy prepare(FileChannel channel, long start, TransferSyntax syntax, byte[] buffer)
            throws IOException {
        int head = read(channel, start, buffer);
        if (syntax.deflated()) {
            return new EvenLengthCopy(start, head, List.of(), 0);
        }
        Scan scan = new Scan(channel, start, buffer, head, channel.size());
        try {
            scan.elements(start, UNDEFINED, syntax.explicitVr(), syntax.bigEndian(), 0, true);
        } catch (Unfollowable stop) {
            // the rest goes as it is; what was found before it is still padded
        }
        return new EvenLengthCopy(start, head, scan.changes(), scan.paddedValues);
    }

    /** How many values and fragments the copy pads; 0 when it is the file's bytes unchanged. */
    public int paddedValues() {
        return paddedValues;
    }

    /**
     * Writes the data set to {@code out} with its values padded: first the bytes {@link #prepare} left in
     * {@code buffer} (unchanged since), then the rest of the file, a buffer at a time.
     */
    public void copy(FileChannel channel, byte[] buffer, OutputStream out) throws IOException {
        long position = start;
        int n = head;
        int next = 0;
        long skip = 0;
        while (true) {
            int from = 0;
            while (from < n) {
                if (skip > 0) {
                    int skipped = (int) Math.min(skip, n - from);
                    from += skipped;
                    skip -= skipped;
                    continue;
                }
                long at = next < changes.size() ? changes.get(next).position() : Long.MAX_VALUE;
                if (at >= position + n) {
                    out.write(buffer, from, n - from);
                    break;
                }
                int upTo = (int) (at - position);
                out.write(buffer, from, upTo - from);
                from = upTo;
                Change change = changes.get(next++);
                out.write(change.inserted());
                skip = change.removed();
            }
            if (n < buffer.length) {
                // the end of the file: a pad after the last value goes here
                for (; next < changes.size() && changes.get(next).position() == position + n; next++) {
                    out.write(changes.get(next).inserted());
                }
                return;
            }
            position += n;
            n = read(channel, position, buffer);
        }
    }

    /** Fills {@code buffer} from {@code position} on (less at the end of the file); the number of bytes read. */
    private static int read(FileChannel channel, long position, byte[] buffer) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer);
        while (target.hasRemaining()) {
            if (channel.read(target, position + target.position()) < 0) {
                break;
            }
        }
        return target.position();
    }

    /** The walk ends here: the encoding cannot be followed further. */
    private static final class Unfollowable extends Exception {
        private static final Unfollowable INSTANCE = new Unfollowable();

        private Unfollowable() {
            super(null, null, false, false);
        }
    }

    /** A length that grows with each pad byte inside what it counts. */
    private static final class Length {
        final long position;
        final int width;
        final boolean bigEndian;
        final long value;
        long added;

        Length(long position, int width, boolean bigEndian, long value) {
            this.position = position;
            this.width = width;
            this.bigEndian = bigEndian;
            this.value = value;
        }
    }

    /** One walk over the headers. */
    private static final class Scan {
        private final FileChannel channel;
        private final long start;
        private final byte[] head;
        private final int headLength;
        private final long end;
        private final List<Length> enclosing = new ArrayList<>();
        private final List<Length> grown = new ArrayList<>();
        private final List<Change> pads = new ArrayList<>();
        private int paddedValues;
        private byte[] window;
        private long windowStart = -1;
        private int windowLength;

        Scan(FileChannel channel, long start, byte[] head, int headLength, long end) {
            this.channel = channel;
            this.start = start;
            this.head = head;
            this.headLength = headLength;
            this.end = end;
        }

        /**
         * Walks elements from {@code position} to {@code limit}, or when that is undefined to an Item Delimitation
         * Item (in an item) or the end of the file (at the top); returns the position after them.
         */
        long elements(long position, long limit, boolean explicit, boolean big, int depth, boolean top)
                throws IOException, Unfollowable {
            Length groupLength = null;
            int groupLengthGroup = -1;
            try {
                while (true) {
                    if (atLimit(position, limit) || limit == UNDEFINED && top && position == end) {
                        return position;
                    }
                    need(position, 8);
                    int tag = tag(position, big);
                    if (tag == Tag.ITEM_DELIMITATION && !top && limit == UNDEFINED) {
                        return position + 8;
                    }
                    if ((tag >>> 16) == 0xFFFE) {
                        throw Unfollowable.INSTANCE; // an item or delimiter where an element belongs
                    }
                    if (groupLength != null && Tag.group(tag) != groupLengthGroup) {
                        leave(groupLength);
                        groupLength = null;
                    }
                    Vr vr;
                    long length;
                    long lengthAt;
                    int width;
                    if (explicit) {
                        vr = Vr.ofCode(u8(position + 4) << 8 | u8(position + 5));
                        if (vr == null) {
                            throw Unfollowable.INSTANCE;
                        }
                        if (vr.longHeader()) {
                            need(position, 12);
                            lengthAt = position + 8;
                            width = 4;
                        } else {
                            lengthAt = position + 6;
                            width = 2;
                        }
                    } else {
                        vr = implicitVr(tag);
                        lengthAt = position + 4;
                        width = 4;
                    }
                    length = width == 4 ? u32(lengthAt, big) : u16(lengthAt, big);
                    long value = lengthAt + width;
                    if (length == UNDEFINED) {
                        if (depth >= MAX_DEPTH) {
                            throw Unfollowable.INSTANCE;
                        }
                        if (tag == Tag.PIXEL_DATA || vr == Vr.OB || vr == Vr.OW) {
                            position = fragments(value, big);
                        } else if (explicit && vr == Vr.UN) {
                            position = items(value, UNDEFINED, false, false, depth + 1); // PS3.5 §6.2.2
                        } else {
                            position = items(value, UNDEFINED, explicit, big, depth + 1);
                        }
                        continue;
                    }
                    if (value + length > end) {
                        throw Unfollowable.INSTANCE;
                    }
                    if (vr == Vr.SQ) {
                        if (depth >= MAX_DEPTH) {
                            throw Unfollowable.INSTANCE;
                        }
                        Length sequence = enter(lengthAt, width, big, length);
                        items(value, value + length, explicit, big, depth + 1);
                        leave(sequence);
                    } else if (Tag.isGroupLength(tag) && length == 4 && groupLength == null) {
                        groupLength = enter(value, 4, big, u32(value, big));
                        groupLengthGroup = Tag.group(tag);
                    } else if ((length & 1) != 0) {
                        pad(lengthAt, width, big, length, value + length, vr.padding());
                    }
                    position = value + length;
                }
            } finally {
                if (groupLength != null) {
                    leave(groupLength);
                }
            }
        }

        /** The items of a sequence; returns the position after it (after its delimitation item when undefined). */
        private long items(long position, long limit, boolean explicit, boolean big, int depth)
                throws IOException, Unfollowable {
            while (true) {
                if (atLimit(position, limit)) {
                    return position;
                }
                need(position, 8);
                int tag = tag(position, big);
                long length = u32(position + 4, big);
                if (tag == Tag.SEQUENCE_DELIMITATION && limit == UNDEFINED) {
                    return position + 8;
                }
                if (tag != Tag.ITEM) {
                    throw Unfollowable.INSTANCE;
                }
                long content = position + 8;
                if (length == UNDEFINED) {
                    position = elements(content, UNDEFINED, explicit, big, depth, false);
                } else {
                    Length item = enter(position + 4, 4, big, length);
                    position = elements(content, content + length, explicit, big, depth, false);
                    leave(item);
                }
            }
        }

        /** Encapsulated pixel data (PS3.5 §A.4): items of bytes up to the sequence delimitation item. */
        private long fragments(long position, boolean big) throws IOException, Unfollowable {
            while (true) {
                need(position, 8);
                int tag = tag(position, big);
                long length = u32(position + 4, big);
                if (tag == Tag.SEQUENCE_DELIMITATION) {
                    return position + 8;
                }
                if (tag != Tag.ITEM || length == UNDEFINED || position + 8 + length > end) {
                    throw Unfollowable.INSTANCE;
                }
                if ((length & 1) != 0) {
                    pad(position + 4, 4, big, length, position + 8 + length, (byte) 0);
                }
                position += 8 + length;
            }
        }

        /** Whether a walk reached its defined {@code limit}; past it, the lengths do not add up. */
        private static boolean atLimit(long position, long limit) throws Unfollowable {
            if (limit == UNDEFINED || position < limit) {
                return false;
            }
            if (position > limit) {
                throw Unfollowable.INSTANCE;
            }
            return true;
        }

        private Length enter(long position, int width, boolean big, long value) {
            Length length = new Length(position, width, big, value);
            enclosing.add(length);
            return length;
        }

        private void leave(Length length) {
            enclosing.remove(length);
            if (length.added > 0) {
                grown.add(length);
            }
        }

        /** A pad byte after a value of odd {@code length} whose length field is at {@code lengthAt}. */
        private void pad(long lengthAt, int width, boolean big, long length, long after, byte padding) {
            if (width == 2 && length == 0xFFFF || length + 1 >= UNDEFINED) {
                return; // no room in the length field
            }
            Length own = new Length(lengthAt, width, big, length);
            own.added = 1;
            grown.add(own);
            for (Length outer : enclosing) {
                outer.added++;
            }
            pads.add(new Change(after, 0, new byte[] {padding}));
            paddedValues++;
        }

        /** The pads and the grown lengths, in file order. */
        List<Change> changes() {
            if (paddedValues == 0) {
                return List.of();
            }
            for (Length length : enclosing) { // a walk that stopped inside them
                if (length.added > 0) {
                    grown.add(length);
                }
            }
            List<Change> changes = new ArrayList<>(pads);
            for (Length length : grown) {
                long value = length.value + length.added;
                byte[] bytes = new byte[length.width];
                for (int i = 0; i < length.width; i++) {
                    int shift = 8 * (length.bigEndian ? length.width - 1 - i : i);
                    bytes[i] = (byte) (value >>> shift);
                }
                changes.add(new Change(length.position, length.width, bytes));
            }
            changes.sort((a, b) -> Long.compare(a.position(), b.position()));
            return List.copyOf(changes);
        }

        private static Vr implicitVr(int tag) {
            return Tag.isPrivate(tag) && !Tag.isPrivateCreator(tag) ? Vr.UN : StandardDictionary.vrOf(tag);
        }

        private int tag(long position, boolean big) throws IOException {
            return u16(position, big) << 16 | u16(position + 2, big);
        }

        private void need(long position, int length) throws Unfollowable {
            if (position + length > end) {
                throw Unfollowable.INSTANCE;
            }
        }

        private int u16(long position, boolean big) throws IOException {
            int a = u8(position);
            int b = u8(position + 1);
            return big ? a << 8 | b : b << 8 | a;
        }

        private long u32(long position, boolean big) throws IOException {
            long low = u16(position, big);
            long high = u16(position + 2, big);
            return big ? low << 16 | high : high << 16 | low;
        }

        private int u8(long position) throws IOException {
            long offset = position - start;
            if (offset >= 0 && offset < headLength) {
                return head[(int) offset] & 0xFF;
            }
            if (position < windowStart || position >= windowStart + windowLength) {
                if (window == null) {
                    window = new byte[8192];
                }
                windowStart = position;
                windowLength = read(channel, position, window);
                if (windowLength == 0) {
                    throw new IOException("the file ended at offset " + position + " while it was read");
                }
            }
            return window[(int) (position - windowStart)] & 0xFF;
        }
    }
}
