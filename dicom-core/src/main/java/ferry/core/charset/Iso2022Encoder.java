package ferry.core.charset;

import ferry.core.tag.Vr;
import java.util.Arrays;

/**
 * Encodes text for a Specific Character Set with ISO 2022 code extensions (PS3.5 §6.1.2.5).
 *
 * <p>Each character is written in the set that is designated now if that set has it; otherwise in the first
 * candidate that has it, in the order of the values of (0008,0005), after the escape sequence designating that
 * candidate (as dcmtk does). Before every control character, before the value delimiter {@code \} of
 * multi-valued VRs, before the {@code ^} and {@code =} of PN and at the end of the value, the sets of the
 * first value are designated again (PS3.5 §6.1.2.5.3). A G1 set is not re-designated there when the first
 * value has none, so the next use designates it again: this is how the examples of PS3.5 Annex I and K are
 * written.
 *
 * <p>A character no candidate can encode, a character outside the BMP, a lone surrogate and ESC (which would
 * start a false escape sequence) are written as {@code ?}.
 */
final class Iso2022Encoder {
    private Iso2022Encoder() {
    }

    /**
     * @param initialG0 the G0 set of the first value, always ASCII or JIS_ROMAN
     * @param initialG1 the G1 set of the first value, or {@code null}
     * @param candidates the sets that may be designated, in order of preference
     */
    static byte[] encode(String value, Vr vr, CodeElement initialG0, CodeElement initialG1,
            CodeElement[] candidates) {
        boolean pn = vr == Vr.PN;
        boolean multiValued = vr.multiValued();
        Sink out = new Sink(value.length() * 2 + 8);
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        int n = value.length();
        for (int i = 0; i < n; ) {
            char c = value.charAt(i++);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(value.charAt(i))) {
                    i++;
                }
                c = '?';
            }
            if ((c < 0x20 && c != CodeElement.ESC) || (c == '\\' && multiValued) || (pn && (c == '^' || c == '='))) {
                returnToInitial(out, g0, g1, initialG0, initialG1);
                g0 = initialG0;
                g1 = initialG1;
                out.put(c);
                continue;
            }
            int code = g0.encode(c);
            if (code >= 0) {
                write(out, g0, code);
                continue;
            }
            if (g1 != null && (code = g1.encode(c)) >= 0) {
                write(out, g1, code);
                continue;
            }
            CodeElement chosen = null;
            for (CodeElement candidate : candidates) {
                if (candidate != g0 && candidate != g1 && (code = candidate.encode(c)) >= 0) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                chosen = g0.encode('?') >= 0 ? g0 : initialG0;
                code = '?';
            }
            if (chosen != g0 && chosen != g1) {
                out.put(chosen.escape());
            }
            if (chosen.g0()) {
                g0 = chosen;
            } else {
                g1 = chosen;
            }
            write(out, chosen, code);
        }
        returnToInitial(out, g0, g1, initialG0, initialG1);
        return out.toArray();
    }

    private static void returnToInitial(Sink out, CodeElement g0, CodeElement g1, CodeElement initialG0,
            CodeElement initialG1) {
        if (g0 != initialG0) {
            out.put(initialG0.escape());
        }
        if (g1 != initialG1 && initialG1 != null) {
            out.put(initialG1.escape());
        }
    }

    private static void write(Sink out, CodeElement set, int code) {
        if (set.doubleByte()) {
            int high = set.g0() ? 0 : 0x80;
            out.put((char) ((code >> 8) | high));
            out.put((char) ((code & 0xFF) | high));
        } else {
            out.put((char) code);
        }
    }

    /** A growable byte array; only the low byte of each {@code char} is written. */
    private static final class Sink {
        private byte[] bytes;
        private int size;

        Sink(int capacity) {
            bytes = new byte[capacity];
        }

        void put(char b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2 + 8);
            }
            bytes[size++] = (byte) b;
        }

        void put(byte[] more) {
            for (byte b : more) {
                put((char) (b & 0xFF));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
