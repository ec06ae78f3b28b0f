package ferry.router.rules;

import ferry.core.tag.Vr;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A test of one value of an element or of an AE title, as text without padding. Multi-valued elements are tested
 * value by value by the condition holding the test ({@link TagCondition}); the test itself sees one value.
 * Values are never empty here: an empty value is no value.
 */
public sealed interface ValueTest {
    /** Whether {@code value} (one value, padding removed) of an element with this VR passes. */
    boolean test(String value, Vr vr);

    /**
     * Equal to {@code expected}; for numeric VRs (IS, DS, US, SS, UL, SL, UV, SV, FL, FD) numerically when
     * {@code expected} is a number, so {@code 1} equals {@code +1} and {@code 1.0}.
     *
     * @param number {@code expected} as a number, NaN when it is not one
     */
    record Equals(String expected, double number) implements ValueTest {
        @Override
        public boolean test(String value, Vr vr) {
            if (!Double.isNaN(number) && isNumeric(vr)) {
                return ValueTest.number(value) == number;
            }
            return expected.equals(value);
        }
    }

    /** A DICOM wildcard (PS3.4 §C.2.2.2.4): {@code *} any run of characters, {@code ?} one character. */
    record Wildcard(String pattern) implements ValueTest {
        @Override
        public boolean test(String value, Vr vr) {
            int p = 0;
            int v = 0;
            int starP = -1;
            int starV = 0;
            while (v < value.length()) {
                if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                    p++;
                    v++;
                } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                    starP = p++;
                    starV = v;
                } else if (starP >= 0) {
                    p = starP + 1;
                    v = ++starV;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }

    /** A Java regular expression found anywhere in the value (anchor it with ^ and $ to match it whole). */
    record RegexMatch(Pattern pattern) implements ValueTest {
        @Override
        public boolean test(String value, Vr vr) {
            return pattern.matcher(value).find();
        }
    }

    /** The order of a comparison. */
    enum Order {
        LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

        private final String symbol;

        Order(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        boolean holds(int comparison) {
            return switch (this) {
                case LESS -> comparison < 0;
                case LESS_OR_EQUAL -> comparison <= 0;
                case GREATER -> comparison > 0;
                case GREATER_OR_EQUAL -> comparison >= 0;
            };
        }
    }

    /** A numeric comparison with {@code bound}; a value that is not a number never passes. */
    record NumberCompare(Order order, double bound) implements ValueTest {
        @Override
        public boolean test(String value, Vr vr) {
            double number = number(value);
            return !Double.isNaN(number) && order.holds(Double.compare(number, bound));
        }
    }

    /**
     * A comparison as text, for dates and times (DA, TM, DT), whose DICOM formats (PS3.5 §6.2: YYYYMMDD, HHMMSS.FFFFFF,
     * YYYYMMDDHHMMSS.FFFFFF) sort as text in time order when written with the same precision.
     */
    record TextCompare(Order order, String bound) implements ValueTest {
        @Override
        public boolean test(String value, Vr vr) {
            return order.holds(value.compareTo(bound));
        }
    }

    /** Passes when any of {@code tests} passes. */
    record AnyOf(List<ValueTest> tests) implements ValueTest {
        public AnyOf {
            tests = List.copyOf(tests);
        }

        @Override
        public boolean test(String value, Vr vr) {
            for (ValueTest t : tests) {
                if (t.test(value, vr)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Passes when every one of {@code tests} passes for the same value (e.g. both bounds of a range). */
    record AllOf(List<ValueTest> tests) implements ValueTest {
        public AllOf {
            tests = List.copyOf(tests);
        }

        @Override
        public boolean test(String value, Vr vr) {
            for (ValueTest t : tests) {
                if (!t.test(value, vr)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether values of this VR are numbers (PS3.5 §6.2). */
    static boolean isNumeric(Vr vr) {
        return switch (vr) {
            case IS, DS, US, SS, UL, SL, UV, SV, FL, FD -> true;
            default -> false;
        };
    }

    /**
     * {@code text} as a decimal number in the forms DICOM's IS and DS allow (digits, sign, point, exponent), or NaN
     * when it is not one; "NaN", "Infinity" and Java's suffixes such as {@code 1d} are not numbers here.
     */
    static double number(String text) {
        int length = text.length();
        if (length == 0 || length > 64) {
            return Double.NaN;
        }
        boolean digit = false;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
