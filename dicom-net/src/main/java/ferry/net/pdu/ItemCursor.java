package ferry.net.pdu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded view of part of a PDU body that reads big-endian fields (PS3.8 §9.3.1) and items, and phrases every
 * error with the PDU, the item and the offset within the PDU (counted from the PDU-type byte).
 */
final class ItemCursor {
    /** An item or sub-item header that was read, with a cursor over its content. */
    record Item(int type, int offset, ItemCursor content) {
    }

    private final String pdu;
    private final byte[] bytes;
    private final int end;
    private final String item; // the item this cursor is the content of, e.g. "user information item (0x50)"
    private final int itemOffset;
    private final String container; // for "runs past the end of ...", e.g. "the PDU"
    private int pos;

    private ItemCursor(String pdu, byte[] bytes, int start, int end, String item, int itemOffset, String container) {
        this.pdu = pdu;
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
        this.item = item;
        this.itemOffset = itemOffset;
        this.container = container;
    }

    /** A cursor over a whole PDU body of {@code length} bytes at the start of {@code body}. */
    static ItemCursor pduBody(String pdu, byte[] body, int length) {
        return new ItemCursor(pdu, body, 0, length, null, 0, "the PDU");
    }

    String pdu() {
        return pdu;
    }

    /** The offset within the PDU of the next byte. */
    int offset() {
        return pos + PduReader.HEADER_LENGTH;
    }

    int remaining() {
        return end - pos;
    }

    int u8() {
        return bytes[pos++] & 0xFF;
    }

    int u16() {
        int value = (bytes[pos] & 0xFF) << 8 | bytes[pos + 1] & 0xFF;
        pos += 2;
        return value;
    }

    long u32() {
        long value = (long) (bytes[pos] & 0xFF) << 24 | (bytes[pos + 1] & 0xFF) << 16 | (bytes[pos + 2] & 0xFF) << 8
                | bytes[pos + 3] & 0xFF;
        pos += 4;
        return value;
    }

    void skip(int n) {
        pos += n;
    }

    /** {@code n} bytes as ISO 8859-1 characters, unchanged. */
    String text(int n) {
        String value = new String(bytes, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return value;
    }

    /**
     * {@code n} bytes as a UID or name: trailing spaces and NULs, which some peers pad with although PS3.8 Annex F
     * says UIDs are not padded, are dropped.
     */
    String trimmedText(int n) {
        int stop = pos + n;
        while (stop > pos && (bytes[stop - 1] == 0 || bytes[stop - 1] == ' ')) {
            stop--;
        }
        String value = new String(bytes, pos, stop - pos, StandardCharsets.ISO_8859_1);
        pos += n;
        return value;
    }

    /** The rest of this cursor as trimmed text. */
    String restAsTrimmedText() {
        return trimmedText(remaining());
    }

    byte[] bytes(int n) {
        byte[] value = Arrays.copyOfRange(bytes, pos, pos + n);
        pos += n;
        return value;
    }

    /** Fails unless {@code n} more bytes are there for {@code what}. */
    void require(int n, String what) throws PduFormatException {
        if (n > remaining()) {
            throw fail(AAbort.INVALID_PDU_PARAMETER_VALUE, what + " of " + n + " bytes runs past the end of "
                    + container + " (" + remaining() + " bytes left)");
        }
    }

    /** Fails unless every byte was read (for items whose content must be exactly their fields). */
    void requireEnd() throws PduFormatException {
        if (remaining() != 0) {
            throw fail(AAbort.INVALID_PDU_PARAMETER_VALUE, remaining() + " unexpected bytes after the last field");
        }
    }

    /** Reads an item header (type, reserved, 16-bit length) and checks that the item fits. */
    Item nextItem() throws PduFormatException {
        int offset = offset();
        if (remaining() < 4) {
            throw PduReader.error(pdu, null, offset, AAbort.INVALID_PDU_PARAMETER_VALUE,
                    remaining() + " bytes left in " + container + ", too few for an item header");
        }
        int type = u8();
        skip(1); // reserved (or the sub-item version of a 0x57 sub-item, PS3.7 D.3.3.6)
        int length = u16();
        String name = ItemType.describe(type);
        if (length > remaining()) {
            throw PduReader.error(pdu, name, offset, AAbort.INVALID_PDU_PARAMETER_VALUE, "length " + length
                    + " runs past the end of " + container + " (" + remaining() + " bytes left)");
        }
        ItemCursor content = new ItemCursor(pdu, bytes, pos, pos + length, name, offset,
                "the " + name.substring(0, name.indexOf(" (")));
        pos += length;
        return new Item(type, offset, content);
    }

    /** Like {@link #nextItem()} but returns null instead of failing, for content that is not to be tested. */
    Item nextItemOrNull() {
        if (remaining() < 4) {
            return null;
        }
        int length = (bytes[pos + 2] & 0xFF) << 8 | bytes[pos + 3] & 0xFF;
        if (length > remaining() - 4) {
            return null;
        }
        try {
            return nextItem();
        } catch (PduFormatException cannotHappen) {
            return null;
        }
    }

    /** An error located at the item this cursor reads (or at the current offset for the PDU body itself). */
    PduFormatException fail(int reason, String detail) {
        return PduReader.error(pdu, item, item == null ? offset() : itemOffset, reason, detail);
    }
}
