package ferry.core.charset;

import ferry.core.tag.Vr;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The character sets named by Specific Character Set (0008,0005), and the decoding and encoding of text values
 * with them (PS3.5 §6.1, PS3.3 C.12.1.1.2).
 *
 * <p>Only the VRs for which {@link Vr#usesCharacterSet()} is true (SH, LO, ST, LT, UC, UT, PN) are affected;
 * text of every other VR is ASCII. Supported defined terms:
 * <ul>
 *   <li>the default repertoire: no value, a blank value, {@code ISO_IR 6}, {@code ISO 2022 IR 6};</li>
 *   <li>single-byte, with or without code extensions ({@code ISO_IR n} or {@code ISO 2022 IR n}): 100, 101,
 *       109, 110, 144, 127, 126, 138, 148, 203 (ISO 8859-1, -2, -3, -4, -5, -6, -7, -8, -9, -15), 13 (JIS X 0201
 *       Katakana, with Romaji read as ASCII) and 166 (TIS 620 Thai);</li>
 *   <li>multi-byte with code extensions: {@code ISO 2022 IR 87} (JIS X 0208), {@code ISO 2022 IR 159}
 *       (JIS X 0212), {@code ISO 2022 IR 149} (KS X 1001), {@code ISO 2022 IR 58} (GB 2312);</li>
 *   <li>without code extensions: {@code ISO_IR 192} (UTF-8), {@code GB18030}, {@code GBK}.</li>
 * </ul>
 * With several values, ISO 2022 escape sequences switch between them; see {@link #decode} and {@link #encode}.
 *
 * <p>Unusual input is accepted the way pydicom accepts it, never with an exception:
 * <ul>
 *   <li>common misspellings such as {@code ISO IR 100}, {@code ISO-IR 100} or {@code ISO_2022_IR_87} are read as
 *       the term they resemble, and are not reported as unknown;</li>
 *   <li>an unknown first value is read as ISO 8859-1 (ISO_IR 100): every byte keeps a character, and text
 *       decoded and encoded again gets its bytes back unchanged; unknown later values are ignored. Both are
 *       reported by {@link #unknownTerms()}, for the caller to log;</li>
 *   <li>after a first value that allows no code extensions (UTF-8, GB18030, GBK) the other values are ignored,
 *       and such a term as a later value is ignored too (PS3.5 §6.1.2.5.4 d).</li>
 * </ul>
 *
 * <p>Immutable; thread-safe; instances may be cached, and {@link #of} returns cached instances.
 */
public final class SpecificCharacterSet {
    /** Enough for every combination a site really sends; keeps hostile input from growing the cache. */
    private static final int CACHE_LIMIT = 256;
    private static final ConcurrentHashMap<List<String>, SpecificCharacterSet> CACHE = new ConcurrentHashMap<>();
    private static final Term LATIN1_FALLBACK = new Term("", CodeElement.ASCII, CodeElement.LATIN1, null);
    private static final CodeElement[] ASCII_ONLY = {CodeElement.ASCII};

    /** ISO_IR 6, the default repertoire (ASCII), used when (0008,0005) is absent or empty. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of());

    private final List<String> terms;
    private final List<String> unknownTerms;
    /** UTF-8, GB18030 or GBK when the first value is one of them; then nothing below is used. */
    private final Charset standalone;
    /** ASCII, or JIS_ROMAN for ISO_IR 13 / ISO 2022 IR 13. */
    private final CodeElement initialG0;
    /** The G1 set of the first value, or {@code null}. */
    private final CodeElement initialG1;
    /** Sets the encoder may designate, in order of preference; starts with initialG0 and initialG1. */
    private final CodeElement[] candidates;
    /** The first G1 set listed when the first value has none: read for bytes 80..FF before any designation. */
    private final CodeElement undesignatedG1;
    /** The 128 characters for bytes 80..FF when initialG1 is a single-byte set other than Latin-1. */
    private final char[] upper;

    private SpecificCharacterSet(List<String> terms) {
        this.terms = terms;
        List<String> unknown = new ArrayList<>();
        Term first = terms.isEmpty() ? Term.lookup("") : Term.lookup(terms.get(0));
        if (first == null) {
            unknown.add(terms.get(0));
            first = LATIN1_FALLBACK;
        }
        Set<CodeElement> sets = new LinkedHashSet<>();
        if (first.isStandalone()) {
            standalone = first.standalone();
            initialG0 = CodeElement.ASCII;
            initialG1 = null;
        } else {
            standalone = null;
            initialG0 = first.g0() == CodeElement.JIS_ROMAN ? CodeElement.JIS_ROMAN : CodeElement.ASCII;
            initialG1 = first.g1();
            sets.add(initialG0);
            if (initialG1 != null) {
                sets.add(initialG1);
            }
            addSets(sets, first);
        }
        for (String name : terms.subList(Math.min(1, terms.size()), terms.size())) {
            Term term = Term.lookup(name);
            if (term == null) {
                unknown.add(name);
            } else if (standalone == null && !term.isStandalone()) {
                addSets(sets, term);
            }
        }
        this.unknownTerms = List.copyOf(unknown);
        this.candidates = sets.toArray(new CodeElement[0]);
        CodeElement firstG1 = null;
        for (CodeElement set : initialG1 != null ? Set.<CodeElement>of() : sets) {
            if (!set.g0()) {
                firstG1 = set;
                break;
            }
        }
        // A loop, not a stream: the default character set is made by every short command, and a cold JVM spins
        // method handle classes for a stream's first lambda.
        this.undesignatedG1 = firstG1;
        this.upper = initialG1 != null && initialG1 != CodeElement.LATIN1 && !initialG1.doubleByte()
                ? initialG1.upperTable()
                : null;
    }

    private static void addSets(Set<CodeElement> sets, Term term) {
        if (term.g0() != null) {
            sets.add(term.g0());
        }
        if (term.g1() != null) {
            sets.add(term.g1());
        }
    }

    /**
     * The character set for the values of (0008,0005) as read: each argument may be one value or several
     * separated by {@code \}; values are trimmed of spaces and NULs; blank values after the first are dropped;
     * a blank first value stands for ISO 2022 IR 6. No value, {@code null} or only blanks give {@link #DEFAULT}.
     * Never throws for unknown terms; see the class comment.
     */
    public static SpecificCharacterSet of(String... definedTerms) {
        if (definedTerms == null || definedTerms.length == 0) {
            return DEFAULT;
        }
        List<String> values = new ArrayList<>();
        for (String arg : definedTerms) {
            String s = arg == null ? "" : arg;
            int from = 0;
            for (int bs = s.indexOf('\\'); ; bs = s.indexOf('\\', from)) {
                String value = trim(s.substring(from, bs < 0 ? s.length() : bs));
                if (values.isEmpty() || !value.isEmpty()) {
                    values.add(value);
                }
                if (bs < 0) {
                    break;
                }
                from = bs + 1;
            }
        }
        if (values.size() == 1 && values.get(0).isEmpty()) {
            return DEFAULT;
        }
        List<String> key = List.copyOf(values);
        SpecificCharacterSet cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        SpecificCharacterSet created = new SpecificCharacterSet(key);
        if (CACHE.size() < CACHE_LIMIT) {
            cached = CACHE.putIfAbsent(key, created);
        }
        return cached != null ? cached : created;
    }

    private static String trim(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && (s.charAt(begin) == ' ' || s.charAt(begin) == 0)) {
            begin++;
        }
        while (end > begin && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(begin, end);
    }

    /** The values of (0008,0005), trimmed, a blank first value kept as ""; empty for {@link #DEFAULT}. */
    public List<String> terms() {
        return terms;
    }

    /** The values that are no defined term Ferry knows, in order; they were replaced as the class says. */
    public List<String> unknownTerms() {
        return unknownTerms;
    }

    /** True when text is read and written exactly as in the default repertoire (ASCII, no code extensions). */
    public boolean isDefault() {
        return standalone == null && initialG1 == null && candidates.length == 1
                && initialG0 == CodeElement.ASCII;
    }

    /**
     * The text of a whole value: {@code \} separators, padding and control characters are kept as they are;
     * callers trim and split. For VRs without {@link Vr#usesCharacterSet()} the bytes are read as ASCII; there
     * and in the default repertoire, bytes 80..FF (invalid, but seen) are read as ISO 8859-1 so that nothing is
     * lost. Escape sequences are followed as {@link Iso2022Decoder} describes, and so is its leniency: bytes
     * 80..FF before any G1 designation are read in the first G1 set listed (e.g. KS X 1001 for
     * {@code \ISO 2022 IR 149}); bad bytes give U+FFFD.
     */
    public String decode(byte[] bytes, int offset, int length, Vr vr) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (!vr.usesCharacterSet()) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        if (standalone != null) {
            return new String(bytes, offset, length, standalone);
        }
        if (!containsEscape(bytes, offset, length)) {
            if ((initialG1 == null && undesignatedG1 == null) || initialG1 == CodeElement.LATIN1) {
                return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
            }
            if (upper != null) {
                return Iso2022Decoder.decodeSingleByte(bytes, offset, length, upper);
            }
        }
        return Iso2022Decoder.decode(bytes, offset, length, vr, initialG0, initialG1, undesignatedG1);
    }

    private static boolean containsEscape(byte[] bytes, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (bytes[i] == CodeElement.ESC) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bytes of a value, without padding. For VRs without {@link Vr#usesCharacterSet()} and for the default
     * repertoire: ASCII. With several values, escape sequences are written as {@link Iso2022Encoder} describes.
     * A character the character set cannot encode is written as {@code ?} (one per code point); so is ESC,
     * except in UTF-8, GB18030 and GBK, where it cannot start an escape sequence.
     */
    public byte[] encode(String value, Vr vr) {
        Objects.requireNonNull(value, "value");
        if (!vr.usesCharacterSet()) {
            return ascii(value, vr);
        }
        if (standalone != null) {
            return value.getBytes(standalone);
        }
        if (candidates.length == 1) {
            return ascii(value, vr);
        }
        if (candidates.length == 2 && initialG1 == CodeElement.LATIN1) {
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == CodeElement.ESC) {
                    bytes[i] = '?';
                }
            }
            return bytes;
        }
        return Iso2022Encoder.encode(value, vr, initialG0, initialG1, candidates);
    }

    private static byte[] ascii(String value, Vr vr) {
        byte[] bytes = new byte[value.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80 || c == CodeElement.ESC) {
                return Iso2022Encoder.encode(value, vr, CodeElement.ASCII, null, ASCII_ONLY);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    /** The values as (0008,0005) would hold them, e.g. {@code \ISO 2022 IR 87}. */
    @Override
    public String toString() {
        return String.join("\\", terms);
    }
}
