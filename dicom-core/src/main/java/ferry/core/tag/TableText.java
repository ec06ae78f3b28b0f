package ferry.core.tag;

import java.nio.charset.StandardCharsets;

/** Joins the String constants of a generated table ({@link DictionaryText}, {@link UidText}) into its bytes. */
final class TableText {
    private TableText() {
    }

    /** The parts one after the other, in US-ASCII (the generator refuses any other character). */
    static byte[] ascii(String... parts) {
        int length = 0;
        for (String part : parts) {
            length += part.length();
        }
        byte[] text = new byte[length];
        int at = 0;
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, text, at, bytes.length);
            at += bytes.length;
        }
        return text;
    }
}
