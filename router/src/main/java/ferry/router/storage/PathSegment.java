package ferry.router.storage;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a tag value into one safe file or directory name: never a separator, NUL or control character, never
 * {@code .}, {@code ..} or a hidden name, never longer than a cap, never empty. Non-ASCII letters are kept (as UTF-8
 * on disk) when the JVM encodes file names in UTF-8, as it does under a UTF-8 locale; otherwise they become
 * {@code _}, because such a name could not be created at all.
 */
final class PathSegment {
    /** The longest a single token value may be, in UTF-8 bytes. */
    static final int VALUE_MAX_BYTES = 128;
    /** The longest a whole name may be, in UTF-8 bytes: below NAME_MAX (255) with room for suffixes. */
    static final int NAME_MAX_BYTES = 200;
    /** What an empty value becomes when its token names no fallback. */
    static final String PLACEHOLDER = "unknown";

    private static final CharsetEncoder FILE_NAMES = fileNameEncoder();

    private PathSegment() {
    }

    /**
     * {@code value} as one safe name: {@code /}, {@code \}, NUL and control characters become {@code _}, surrounding
     * white space is dropped, leading dots become {@code _} (so no {@code .}, {@code ..} or hidden names), and a
     * value over {@link #VALUE_MAX_BYTES} is cut with a short hash of the whole so distinct long values stay
     * distinct. Returns {@code ""} when nothing is left, for the caller to replace.
     */
    static String of(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            boolean unsafe = c == '/' || c == '\\' || Character.isISOControl(c)
                    || Character.getType(c) == Character.SURROGATE || (c > 0x7F && !encodable(c));
            out.appendCodePoint(unsafe ? '_' : c);
        }
        String trimmed = out.toString().strip();
        int dots = 0;
        while (dots < trimmed.length() && trimmed.charAt(dots) == '.') {
            dots++;
        }
        String visible = "_".repeat(dots) + trimmed.substring(dots);
        return capped(visible, "", VALUE_MAX_BYTES);
    }

    /**
     * {@code head + tail} when it fits {@code maxBytes} (UTF-8); else {@code head} cut at a character boundary,
     * followed by {@code ~}, eight hex digits of the SHA-256 of {@code head}, and {@code tail} (an extension, say).
     */
    static String capped(String head, String tail, int maxBytes) {
        int tailBytes = utf8Length(tail);
        if (utf8Length(head) + tailBytes <= maxBytes) {
            return head + tail;
        }
        int budget = maxBytes - tailBytes - 9;
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < head.length(); ) {
            int c = head.codePointAt(i);
            int bytes = utf8Length(new String(Character.toChars(c)));
            if (used + bytes > budget) {
                break;
            }
            cut.appendCodePoint(c);
            used += bytes;
            i += Character.charCount(c);
        }
        return cut + "~" + hash(head) + tail;
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static boolean encodable(int codePoint) {
        if (FILE_NAMES.charset().equals(StandardCharsets.UTF_8)) {
            return true;
        }
        synchronized (FILE_NAMES) {
            return FILE_NAMES.canEncode(new String(Character.toChars(codePoint)));
        }
    }

    private static CharsetEncoder fileNameEncoder() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return (name == null ? StandardCharsets.UTF_8 : Charset.forName(name)).newEncoder();
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.US_ASCII.newEncoder();
        }
    }
}
