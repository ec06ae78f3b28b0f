package ferry.net.pdu;

import java.util.Arrays;

/**
 * A user information sub-item of a type this codec does not know (PS3.7 Annex D.3.3 asks receivers to ignore
 * such sub-items; see {@link UserInformation}). Kept with its content so it can be shown and re-encoded.
 *
 * <p>The array is copied on the way in and on the way out; equality compares contents.
 *
 * @param type the item-type byte
 * @param content the bytes after the item-length field
 */
public record UnknownSubItem(int type, byte[] content) {

    public UnknownSubItem {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("sub-item type " + type + " does not fit 8 bits");
        }
        content = content.clone();
        if (content.length > 0xFFFF) {
            throw new IllegalArgumentException("a sub-item holds at most 65535 bytes");
        }
    }

    /** A copy of the content. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    byte[] contentUnsafe() {
        return content;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnknownSubItem that && type == that.type && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return String.format("UnknownSubItem[type=0x%02X, content=%d bytes]", type, content.length);
    }
}
