package ferry.core.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * A graphic character set that ISO 2022 designates to the G0 (bytes 21..7E) or G1 (bytes A1..FE) code element,
 * with its escape sequence from PS3.3 Tables C.12-3 and C.12-4.
 *
 * <p>The mapping of each set to Unicode is taken once from a JDK charset and kept in immutable tables: the
 * upper half of an ISO 8859 part for the 96-character sets, a 94×94 table for the double-byte sets (read
 * through EUC-JP, EUC-KR and GB2312, which are those sets with the high bits set). After that, decoding and
 * encoding use only the tables; nothing here holds a JDK decoder between calls, so every method is
 * thread-safe.
 */
enum CodeElement {
    /** ISO-IR 6, ASCII: ESC ( B. */
    ASCII(true, "(B", null),
    /**
     * ISO-IR 14, JIS X 0201 Romaji: ESC ( J. Handled as ASCII: it differs only at 5C (YEN SIGN) and 7E
     * (OVERLINE), and DICOM needs 5C to stay the value delimiter; pydicom and dcmtk do the same.
     */
    JIS_ROMAN(true, "(J", null),
    /** ISO-IR 87, JIS X 0208 kanji, two bytes 21..7E each: ESC $ B. */
    JIS_X0208(true, "$B", "EUC-JP"),
    /** ISO-IR 159, JIS X 0212 supplementary kanji: ESC $ ( D. */
    JIS_X0212(true, "$(D", "EUC-JP"),
    /** ISO-IR 100, Latin alphabet No. 1 (ISO 8859-1): ESC - A. */
    LATIN1(false, "-A", "ISO-8859-1"),
    /** ISO-IR 101, Latin alphabet No. 2 (ISO 8859-2): ESC - B. */
    LATIN2(false, "-B", "ISO-8859-2"),
    /** ISO-IR 109, Latin alphabet No. 3 (ISO 8859-3): ESC - C. */
    LATIN3(false, "-C", "ISO-8859-3"),
    /** ISO-IR 110, Latin alphabet No. 4 (ISO 8859-4): ESC - D. */
    LATIN4(false, "-D", "ISO-8859-4"),
    /** ISO-IR 144, Cyrillic (ISO 8859-5): ESC - L. */
    CYRILLIC(false, "-L", "ISO-8859-5"),
    /** ISO-IR 127, Arabic (ISO 8859-6): ESC - G. */
    ARABIC(false, "-G", "ISO-8859-6"),
    /** ISO-IR 126, Greek (ISO 8859-7): ESC - F. */
    GREEK(false, "-F", "ISO-8859-7"),
    /** ISO-IR 138, Hebrew (ISO 8859-8): ESC - H. */
    HEBREW(false, "-H", "ISO-8859-8"),
    /** ISO-IR 148, Latin alphabet No. 5, Turkish (ISO 8859-9): ESC - M. */
    LATIN5(false, "-M", "ISO-8859-9"),
    /** ISO-IR 203, Latin alphabet No. 9 (ISO 8859-15): ESC - b. */
    LATIN9(false, "-b", "ISO-8859-15"),
    /** ISO-IR 166, Thai, TIS 620-2533 (as ISO 8859-11, which adds NBSP at A0): ESC - T. */
    THAI(false, "-T", "x-iso-8859-11"),
    /** ISO-IR 13, JIS X 0201 half-width Katakana in A1..DF: ESC ) I. */
    KATAKANA(false, ")I", "JIS_X0201"),
    /** ISO-IR 149, KS X 1001 (Korean), two bytes A1..FE each: ESC $ ) C. */
    KS_X1001(false, "$)C", "EUC-KR"),
    /** ISO-IR 58, GB 2312 (simplified Chinese), two bytes A1..FE each: ESC $ ) A. */
    GB2312(false, "$)A", "GB2312");

    static final int ESC = 0x1B;

    /** Marks an unmapped position in the decoding tables; U+FFFD is what callers see. */
    private static final char NONE = '\uFFFD';

    private static final CodeElement[] ALL = values();

    private final boolean g0;
    private final byte[] escape;
    private final String jdkCharset;
    private volatile Tables tables;

    CodeElement(boolean g0, String designation, String jdkCharset) {
        this.g0 = g0;
        this.escape = new byte[designation.length() + 1];
        this.escape[0] = ESC;
        for (int i = 0; i < designation.length(); i++) {
            this.escape[i + 1] = (byte) designation.charAt(i);
        }
        this.jdkCharset = jdkCharset;
    }

    /** True for sets designated to G0 (bytes 21..7E), false for G1 (bytes A1..FE). */
    boolean g0() {
        return g0;
    }

    /** True for the 94×94 sets, whose characters take two bytes. */
    boolean doubleByte() {
        return this == JIS_X0208 || this == JIS_X0212 || this == KS_X1001 || this == GB2312;
    }

    /** The escape sequence that designates this set, ESC included. */
    byte[] escape() {
        return escape.clone();
    }

    /**
     * The set whose escape sequence starts at {@code bytes[pos]} (the byte after ESC), or {@code null} when the
     * bytes up to {@code end} are no escape sequence of PS3.3 Tables C.12-3/C.12-4.
     */
    static CodeElement ofEscape(byte[] bytes, int pos, int end) {
        for (CodeElement e : ALL) {
            int n = e.escape.length - 1;
            if (pos + n <= end && Arrays.equals(bytes, pos, pos + n, e.escape, 1, n + 1)) {
                return e;
            }
        }
        return null;
    }

    /** Bytes after ESC that this set's escape sequence takes. */
    int escapeTail() {
        return escape.length - 1;
    }

    /** The character for one byte 80..FF of a single-byte G1 set (U+FFFD when unmapped). */
    char upper(int b) {
        return tables().upper[b - 0x80];
    }

    /** The 128 characters for bytes 80..FF of a single-byte G1 set. */
    char[] upperTable() {
        return tables().upper;
    }

    /**
     * The character for two bytes of a double-byte set, each given as 21..7E whatever the code element
     * (subtract 0x80 from G1 bytes first); U+FFFD when unmapped or out of range.
     */
    char pair(int b1, int b2) {
        int r = b1 - 0x21;
        int c = b2 - 0x21;
        if (r < 0 || r >= 94 || c < 0 || c >= 94) {
            return NONE;
        }
        return tables().pairs[r * 94 + c];
    }

    /**
     * How this set encodes a BMP character: for single-byte sets the byte (A0..FF, or 80..9F where the JDK
     * charset maps C1 controls), for double-byte sets {@code (b1 << 8) | b2} with both bytes in 21..7E; -1 when
     * the set cannot encode it. ASCII and JIS_ROMAN answer for 00..7F except ESC.
     */
    int encode(char c) {
        if (this == ASCII || this == JIS_ROMAN) {
            return c < 0x80 && c != ESC ? c : -1;
        }
        if (c < 0x80) {
            return -1;
        }
        char[] inverse = tables().inverse;
        int v = c < inverse.length ? inverse[c] : 0;
        return v == 0 ? -1 : v;
    }

    private Tables tables() {
        Tables t = tables;
        if (t == null) {
            t = build();
            tables = t; // benign race: tables are immutable and equal whoever builds them
        }
        return t;
    }

    private Tables build() {
        if (jdkCharset == null) {
            throw new IllegalStateException(this + " has no tables");
        }
        Charset charset = Charset.forName(jdkCharset);
        char[] inverse = new char[0x10000];
        if (!doubleByte()) {
            byte[] all = new byte[128];
            for (int i = 0; i < 128; i++) {
                all[i] = (byte) (0x80 + i);
            }
            char[] upper = new String(all, charset).toCharArray();
            if (upper.length != 128) {
                throw new IllegalStateException(jdkCharset + " is not a single-byte charset");
            }
            for (int i = 127; i >= 0; i--) {
                char c = upper[i];
                if (c != NONE && c >= 0x80) {
                    inverse[c] = (char) (0x80 + i);
                }
            }
            return new Tables(upper, null, trim(inverse));
        }
        char[] pairs = new char[94 * 94];
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] in = this == JIS_X0212 ? new byte[] {(byte) 0x8F, 0, 0} : new byte[2];
        int at = in.length - 2;
        for (int r = 0; r < 94; r++) {
            for (int c = 0; c < 94; c++) {
                in[at] = (byte) (0xA1 + r);
                in[at + 1] = (byte) (0xA1 + c);
                char ch = decodeOne(decoder, in);
                pairs[r * 94 + c] = ch;
                if (ch != NONE && ch >= 0x80 && inverse[ch] == 0) {
                    inverse[ch] = (char) ((0x21 + r) << 8 | (0x21 + c));
                }
            }
        }
        return new Tables(null, pairs, trim(inverse));
    }

    /** The inverse table cut after its last mapped character (single-byte sets end before U+2200). */
    private static char[] trim(char[] inverse) {
        int n = inverse.length;
        while (n > 0 && inverse[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(inverse, n);
    }

    private static char decodeOne(CharsetDecoder decoder, byte[] in) {
        try {
            CharBuffer out = decoder.reset().decode(ByteBuffer.wrap(in));
            return out.length() == 1 ? out.charAt(0) : NONE;
        } catch (CharacterCodingException e) {
            return NONE;
        }
    }

    /** Immutable lookup tables: {@code inverse} is indexed by BMP character, 0 meaning "not in this set". */
    private record Tables(char[] upper, char[] pairs, char[] inverse) {
    }
}
