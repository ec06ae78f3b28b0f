package ferry.net.dimse;

import java.util.Arrays;
import java.util.List;

/**
 * Writes command elements straight into a byte array in Implicit VR Little Endian, the caller adding them in tag
 * order; {@link #toBytes()} puts Command Group Length (0000,0000) UL in front. Values are padded to even length
 * as PS3.5 §6.2 asks: UI with NUL, AE and LO with a space.
 */
final class CommandSetWriter {
    private static final int HEADER = 8;
    private static final int GROUP_LENGTH_ELEMENT = HEADER + 4;

    private byte[] buf = new byte[256];
    private int pos = GROUP_LENGTH_ELEMENT;

    /** A US element. */
    CommandSetWriter us(int tag, int value) {
        header(tag, 2);
        buf[pos++] = (byte) value;
        buf[pos++] = (byte) (value >>> 8);
        return this;
    }

    /** A US element, or nothing when {@code value} is null. */
    CommandSetWriter optionalUs(int tag, Integer value) {
        return value == null ? this : us(tag, value);
    }

    /** A UI element padded with NUL, or nothing when {@code uid} is null. */
    CommandSetWriter ui(int tag, String uid) {
        return uid == null ? this : ascii(tag, uid, uid.length(), (byte) 0);
    }

    /** An AE element padded with a space, or nothing when {@code aeTitle} is null. */
    CommandSetWriter ae(int tag, String aeTitle) {
        return aeTitle == null ? this : ascii(tag, aeTitle, aeTitle.length(), (byte) ' ');
    }

    /**
     * An LO element in the default repertoire, or nothing when {@code text} is null or empty: at most
     * {@code maxChars} characters; control characters become spaces, backslashes (the value delimiter) slashes,
     * other characters outside ASCII question marks.
     */
    CommandSetWriter lo(int tag, String text, int maxChars) {
        if (text == null || text.isEmpty()) {
            return this;
        }
        int length = Math.min(text.length(), maxChars);
        int padded = length + (length & 1);
        header(tag, padded);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            buf[pos++] = (byte) (c < 0x20 || c == 0x7F ? ' ' : c == '\\' ? '/' : c > 0x7E ? '?' : c);
        }
        if (padded != length) {
            buf[pos++] = ' ';
        }
        return this;
    }

    /** An AT element holding {@code tags}, or nothing when there are none. */
    CommandSetWriter tags(int tag, List<Integer> tags) {
        if (tags.isEmpty()) {
            return this;
        }
        header(tag, 4 * tags.size());
        for (int value : tags) {
            buf[pos++] = (byte) (value >>> 16);
            buf[pos++] = (byte) (value >>> 24);
            buf[pos++] = (byte) value;
            buf[pos++] = (byte) (value >>> 8);
        }
        return this;
    }

    /** The command set: Command Group Length (0000,0000) UL, then the elements written. */
    byte[] toBytes() {
        int end = pos;
        pos = 0;
        header(0x00000000, 4);
        int groupLength = end - GROUP_LENGTH_ELEMENT;
        buf[pos++] = (byte) groupLength;
        buf[pos++] = (byte) (groupLength >>> 8);
        buf[pos++] = (byte) (groupLength >>> 16);
        buf[pos++] = (byte) (groupLength >>> 24);
        pos = end;
        return end == buf.length ? buf : Arrays.copyOf(buf, end);
    }

    private CommandSetWriter ascii(int tag, String value, int length, byte pad) {
        int padded = length + (length & 1);
        header(tag, padded);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            buf[pos++] = (byte) (c < 0x80 ? c : '?');
        }
        if (padded != length) {
            buf[pos++] = pad;
        }
        return this;
    }

    private void header(int tag, int length) {
        ensure(HEADER + length);
        buf[pos++] = (byte) (tag >>> 16);
        buf[pos++] = (byte) (tag >>> 24);
        buf[pos++] = (byte) tag;
        buf[pos++] = (byte) (tag >>> 8);
        buf[pos++] = (byte) length;
        buf[pos++] = (byte) (length >>> 8);
        buf[pos++] = (byte) (length >>> 16);
        buf[pos++] = (byte) (length >>> 24);
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
