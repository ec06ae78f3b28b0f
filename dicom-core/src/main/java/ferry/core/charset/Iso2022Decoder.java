package ferry.core.charset;

import ferry.core.tag.Vr;

/**
 * Decodes text that may switch character sets with ISO 2022 escape sequences (PS3.5 §6.1.2.4, §6.1.2.5).
 *
 * <p>The decoder keeps which sets are designated to G0 and G1. An escape sequence from PS3.3 Tables C.12-3 or
 * C.12-4 changes one of them, whether or not (0008,0005) listed its term (being lenient costs nothing and
 * reads more real data). Both return to the initial state (the first value of (0008,0005)) at the points where
 * PS3.5 §6.1.2.5.3 says the writer must have returned there: every control character other than ESC (CR, LF,
 * FF, TAB…), the value delimiter {@code \} of multi-valued VRs, and the {@code ^} and {@code =} delimiters of PN.
 * While a double-byte set is in G0, bytes 21..7E are read in pairs, so a pair byte equal to a delimiter is not
 * taken for one.
 *
 * <p>Leniency for broken input, never an exception:
 * <ul>
 *   <li>an unknown escape sequence is kept as the character U+001B followed by its bytes read in the current
 *       state;</li>
 *   <li>bytes 80..FF while no G1 set is designated are read in the first G1 set that (0008,0005) lists (writers
 *       that leave out ESC $ ) C or ESC $ ) A exist, pydicom 2.3 among them for ISO 2022 IR 58), or as
 *       ISO 8859-1 when it lists none (as pydicom reads the default repertoire);</li>
 *   <li>a byte 21..7E while a double-byte set is in G0 but not followed by a second such byte is read as
 *       ASCII, delimiters included (pydicom 2.3 designates JIS X 0208 again just before a {@code ^} when
 *       ISO 2022 IR 87 is the first value);</li>
 *   <li>an unmapped or truncated code becomes U+FFFD.</li>
 * </ul>
 */
final class Iso2022Decoder {
    private Iso2022Decoder() {
    }

    /**
     * @param initialG0 the G0 set of the first value of (0008,0005)
     * @param initialG1 the G1 set of the first value, or {@code null}
     * @param undesignatedG1 the set for bytes 80..FF while G1 holds nothing, or {@code null} for ISO 8859-1
     */
    static String decode(byte[] bytes, int offset, int length, Vr vr, CodeElement initialG0,
            CodeElement initialG1, CodeElement undesignatedG1) {
        boolean pn = vr == Vr.PN;
        boolean multiValued = vr.multiValued();
        StringBuilder out = new StringBuilder(length);
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b == CodeElement.ESC) {
                CodeElement designated = CodeElement.ofEscape(bytes, i + 1, end);
                if (designated == null) {
                    out.append((char) b);
                    i++;
                } else {
                    if (designated.g0()) {
                        g0 = designated;
                    } else {
                        g1 = designated;
                    }
                    i += 1 + designated.escapeTail();
                }
            } else if (b < 0x80) {
                if (b > 0x20 && b < 0x7F && g0.doubleByte() && i + 1 < end && isGraphic(bytes[i + 1] & 0xFF)) {
                    out.append(g0.pair(b, bytes[i + 1] & 0xFF));
                    i += 2;
                    continue;
                }
                if (b < 0x20 || (b == '\\' && multiValued) || (pn && (b == '^' || b == '='))) {
                    g0 = initialG0;
                    g1 = initialG1;
                }
                out.append((char) b);
                i++;
            } else {
                CodeElement set = g1 != null ? g1 : undesignatedG1;
                if (set == null) {
                    out.append((char) b);
                    i++;
                } else if (!set.doubleByte()) {
                    out.append(set.upper(b));
                    i++;
                } else if (b >= 0xA1 && b <= 0xFE && i + 1 < end && isGraphic((bytes[i + 1] & 0xFF) - 0x80)) {
                    out.append(set.pair(b - 0x80, (bytes[i + 1] & 0xFF) - 0x80));
                    i += 2;
                } else {
                    out.append('\uFFFD');
                    i++;
                }
            }
        }
        return out.toString();
    }

    /**
     * Decodes text without escape sequences in a single-byte set: 00..7F as ASCII, 80..FF through {@code upper}
     * (the 128 characters of {@link CodeElement#upperTable()}).
     */
    static String decodeSingleByte(byte[] bytes, int offset, int length, char[] upper) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i];
            out[i] = b >= 0 ? (char) b : upper[b + 0x80];
        }
        return new String(out);
    }

    /** True for 21..7E, the positions of a 94-character set. */
    private static boolean isGraphic(int b) {
        return b > 0x20 && b < 0x7F;
    }
}
