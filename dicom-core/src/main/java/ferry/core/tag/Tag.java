package ferry.core.tag;

/**
 * Data element tags as {@code int} values ({@code group << 16 | element}), the representation used across
 * Ferry's DICOM core, with the few operations on them.
 *
 * <p>Named constants for every standard tag are in {@link Tags}; keywords and names are in
 * {@link StandardDictionary}.
 */
public final class Tag {
    /** Item (FFFE,E000), PS3.5 §7.5. */
    public static final int ITEM = 0xFFFEE000;
    /** Item Delimitation Item (FFFE,E00D). */
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    /** Sequence Delimitation Item (FFFE,E0DD). */
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    /** Pixel Data (7FE0,0010). */
    public static final int PIXEL_DATA = 0x7FE00010;
    /** Specific Character Set (0008,0005). */
    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    /** Transfer Syntax UID (0002,0010). */
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;

    private Tag() {
    }

    /** The tag for a group and element number. */
    public static int of(int group, int element) {
        return (group & 0xFFFF) << 16 | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** True for tags in odd groups other than 1, 3, 5, 7 and FFFF (PS3.5 §7.8.1). */
    public static boolean isPrivate(int tag) {
        int group = group(tag);
        return (group & 1) == 1 && group > 0x0008 && group != 0xFFFF;
    }

    /** True for private creator elements (gggg,0010-00FF) in a private group (PS3.5 §7.8.1). */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** True for group length elements (gggg,0000). */
    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /**
     * The private creator element that reserves the block {@code tag} belongs to, e.g. (0029,1010) → (0029,0010);
     * -1 when {@code tag} is not a private data element.
     */
    public static int creatorOf(int tag) {
        int element = element(tag);
        if (!isPrivate(tag) || element < 0x1000) {
            return -1;
        }
        return (tag & 0xFFFF0000) | (element >>> 8);
    }

    /** The tag written as {@code (gggg,eeee)} in upper-case hexadecimal. */
    public static String toString(int tag) {
        char[] out = {'(', 0, 0, 0, 0, ',', 0, 0, 0, 0, ')'};
        for (int i = 0; i < 4; i++) {
            out[4 - i] = HEX[(tag >>> (16 + 4 * i)) & 0xF];
            out[9 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        return new String(out);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Parses {@code (gggg,eeee)}, {@code gggg,eeee} or {@code ggggeeee} (hexadecimal).
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static int parse(String text) {
        String s = text.strip();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        s = s.replace(",", "");
        if (s.length() != 8) {
            throw new IllegalArgumentException("not a tag: '" + text + "' (expected (gggg,eeee))");
        }
        try {
            return (int) Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a tag: '" + text + "' (expected hexadecimal (gggg,eeee))", e);
        }
    }
}
