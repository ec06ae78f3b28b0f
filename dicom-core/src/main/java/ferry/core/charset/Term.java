package ferry.core.charset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What one defined term of Specific Character Set (0008,0005) stands for (PS3.3 C.12.1.1.2): either the code
 * elements it designates to G0 and G1 (Tables C.12-2 to C.12-4; either may be {@code null}), or a whole
 * charset that allows no code extensions (Table C.12-5: UTF-8, GB18030, GBK).
 *
 * <p>The single-byte terms mean the same with and without the "ISO 2022" spelling; the difference (whether
 * escape sequences may appear) is not enforced when reading, since real data does not always honour it.
 */
record Term(String name, CodeElement g0, CodeElement g1, Charset standalone) {

    private static final Map<String, Term> KNOWN = new HashMap<>();

    static {
        ascii("");
        ascii("ISO_IR 6");
        ascii("ISO 2022 IR 6");
        singleByte("100", CodeElement.LATIN1);
        singleByte("101", CodeElement.LATIN2);
        singleByte("109", CodeElement.LATIN3);
        singleByte("110", CodeElement.LATIN4);
        singleByte("144", CodeElement.CYRILLIC);
        singleByte("127", CodeElement.ARABIC);
        singleByte("126", CodeElement.GREEK);
        singleByte("138", CodeElement.HEBREW);
        singleByte("148", CodeElement.LATIN5);
        singleByte("203", CodeElement.LATIN9);
        singleByte("166", CodeElement.THAI);
        for (String name : new String[] {"ISO_IR 13", "ISO 2022 IR 13"}) {
            put(new Term(name, CodeElement.JIS_ROMAN, CodeElement.KATAKANA, null));
        }
        put(new Term("ISO 2022 IR 87", CodeElement.JIS_X0208, null, null));
        put(new Term("ISO 2022 IR 159", CodeElement.JIS_X0212, null, null));
        put(new Term("ISO 2022 IR 149", null, CodeElement.KS_X1001, null));
        put(new Term("ISO 2022 IR 58", null, CodeElement.GB2312, null));
        put(new Term("ISO_IR 192", null, null, StandardCharsets.UTF_8));
        put(new Term("GB18030", null, null, Charset.forName("GB18030")));
        put(new Term("GBK", null, null, Charset.forName("GBK")));
        // Spellings from drafts of CP-1234 that pydicom accepts too.
        put(new Term("ISO 2022 GBK", null, null, Charset.forName("GBK")));
        put(new Term("ISO 2022 58", null, CodeElement.GB2312, null));
    }

    private static void ascii(String name) {
        put(new Term(name, CodeElement.ASCII, null, null));
    }

    private static void singleByte(String number, CodeElement g1) {
        put(new Term("ISO_IR " + number, CodeElement.ASCII, g1, null));
        put(new Term("ISO 2022 IR " + number, CodeElement.ASCII, g1, null));
    }

    private static void put(Term term) {
        KNOWN.put(term.name, term);
    }

    /**
     * The term for a trimmed defined term, or {@code null} when unknown. Accepts the common misspellings pydicom
     * corrects: any one character in place of the underscore of "ISO_IR" ("ISO IR 100", "ISO-IR 100"), and other
     * separators in "ISO 2022 IR" ("ISO_2022_IR_87", "ISO 2022-IR 87").
     */
    static Term lookup(String definedTerm) {
        Term t = KNOWN.get(definedTerm);
        if (t != null || definedTerm.length() < 7) {
            return t;
        }
        String s = definedTerm;
        if (s.startsWith("ISO") && s.startsWith("IR", 4) && s.charAt(3) != '_') {
            t = KNOWN.get("ISO_IR" + s.substring(6));
        } else if (s.length() > 12 && s.startsWith("ISO") && s.startsWith("2022", 4) && s.startsWith("IR", 9)) {
            t = KNOWN.get("ISO 2022 IR " + s.substring(12));
        }
        return t;
    }

    /** True for UTF-8, GB18030 and GBK, which may not be combined with other terms (PS3.5 §6.1.2.5.4 d). */
    boolean isStandalone() {
        return standalone != null;
    }
}
