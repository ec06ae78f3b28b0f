package ferry.net.service;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.ValueFormatException;
import ferry.core.tag.Vr;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one key of a C-FIND identifier asks of a candidate's attribute (PS3.4 C.2.2.2), compiled once per query
 * by {@link Matching}. A candidate whose attribute is absent or empty matches only universal keys.
 */
sealed interface KeyMatch {

    /** Whether the candidate's attribute {@code tag} satisfies what this key asks. */
    boolean test(DataSet candidate, int tag);

    /** Universal Matching (C.2.2.2.3): an empty key, or {@code *}; every candidate matches. */
    record Universal() implements KeyMatch {
        @Override
        public boolean test(DataSet candidate, int tag) {
            return true;
        }
    }

    /**
     * Single Value, List of UID, Wild Card and Range Matching (C.2.2.2.1, .2, .4, .5): the attribute matches when
     * any of its values passes any of the tests, one per key value (C.2.2.3).
     */
    record AnyValue(Vr vr, List<ValueTest> tests) implements KeyMatch {
        @Override
        public boolean test(DataSet candidate, int tag) {
            List<String> values;
            try {
                values = candidate.getStrings(tag);
            } catch (ValueFormatException e) {
                return false;
            }
            for (String value : values) {
                for (String form : vr == Vr.PN ? personNameForms(value) : List.of(value)) {
                    for (ValueTest test : tests) {
                        if (test.test(form)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    /** Single Value Matching of a binary value (OB, OW, UN, …): the same bytes. */
    record SameBytes(byte[] bytes) implements KeyMatch {
        @Override
        public boolean test(DataSet candidate, int tag) {
            byte[] value = candidate.getBytes(tag);
            return value != null && value.length > 0 && Arrays.equals(value, bytes);
        }
    }

    /**
     * Sequence Matching (C.2.2.2.6): one item of the candidate's sequence matches all the item keys. When every
     * item key is universal, so is the sequence key: it only says which attributes of the items to return.
     */
    record ItemMatch(Matching item) implements KeyMatch {
        @Override
        public boolean test(DataSet candidate, int tag) {
            if (item.universal()) {
                return true;
            }
            Sequence sequence = candidate.getSequence(tag);
            return sequence != null && sequence.items().stream().anyMatch(item::matches);
        }
    }

    /** One key value tried against one candidate value. */
    sealed interface ValueTest {
        boolean test(String value);
    }

    /** Exact, case-sensitive equality. */
    record Exact(String key) implements ValueTest {
        @Override
        public boolean test(String value) {
            return key.equals(value);
        }
    }

    /** Equality regardless of case, for person names (C.2.2.2.1.1). */
    record IgnoringCase(String key) implements ValueTest {
        @Override
        public boolean test(String value) {
            return key.equalsIgnoreCase(value);
        }
    }

    /** {@code *} and {@code ?} as in C.2.2.2.4. */
    record Wildcard(Pattern pattern) implements ValueTest {
        static Wildcard of(String key, boolean ignoreCase) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            key.codePoints().forEach(c -> {
                if (c == '*' || c == '?') {
                    if (!literal.isEmpty()) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(c == '*' ? ".*" : ".");
                } else {
                    literal.appendCodePoint(c);
                }
            });
            if (!literal.isEmpty()) {
                regex.append(Pattern.quote(literal.toString()));
            }
            int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            return new Wildcard(Pattern.compile(regex.toString(), flags));
        }

        @Override
        public boolean test(String value) {
            return pattern.matcher(value).matches();
        }
    }

    /** Numbers (IS, DS and the binary number VRs) compared by value: {@code 1.50} matches {@code 1.5}. */
    record Numeric(BigDecimal key) implements ValueTest {
        @Override
        public boolean test(String value) {
            try {
                return key.compareTo(new BigDecimal(value.strip())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /**
     * Dates and times by meaning (C.2.2.2.1.3, C.2.2.2.5): a single value matches the same instant; a range runs
     * from the start of {@code low} to the end of {@code high}, either of which may be open ({@code null}).
     */
    record Between(Vr vr, Moment low, Moment high, boolean single) implements ValueTest {
        @Override
        public boolean test(String value) {
            Moment moment = Moment.parse(value, vr);
            if (moment == null) {
                return false;
            }
            if (single) {
                return Moment.compare(moment.start(), moment, low.start(), low) == 0;
            }
            return (low == null || Moment.compare(moment.start(), moment, low.start(), low) >= 0)
                    && (high == null || Moment.compare(moment.start(), moment, high.end(), high) <= 0);
        }
    }

    /**
     * A person name as matched: the whole value without trailing empty components, then each of its component
     * groups alone (alphabetic, ideographic, phonetic), so {@code Wang^XiaoDong} matches
     * {@code Wang^XiaoDong=王^小東}.
     */
    static List<String> personNameForms(String value) {
        String whole = trimPersonName(value);
        List<String> forms = new ArrayList<>(4);
        forms.add(whole);
        if (whole.indexOf('=') >= 0) {
            for (String group : whole.split("=", -1)) {
                if (!group.isEmpty()) {
                    forms.add(trimPersonName(group));
                }
            }
        }
        return forms;
    }

    /** A PN value without the empty components and groups at its end: {@code Doe^Jane^^} is {@code Doe^Jane}. */
    static String trimPersonName(String value) {
        String[] groups = value.strip().split("=", -1);
        for (int i = 0; i < groups.length; i++) {
            groups[i] = groups[i].strip().replaceAll("[\\^ ]+$", "");
        }
        return String.join("=", groups).replaceAll("=+$", "");
    }
}
