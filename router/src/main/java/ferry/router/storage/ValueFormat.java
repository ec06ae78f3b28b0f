package ferry.router.storage;

import ferry.core.tag.Vr;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a layout token formats its value, written after a colon: {@code {SeriesNumber:%03d}}. A value the format
 * cannot read (a non-number for {@code %d}, a malformed date) is used as it is.
 */
sealed interface ValueFormat {

    /** The formatted value. */
    String apply(String value);

    /** The value as it is. */
    record Plain() implements ValueFormat {
        @Override
        public String apply(String value) {
            return value;
        }
    }

    /** A printf pattern with one conversion: d, x, X, o (whole numbers), f, e, g (decimals) or s. */
    record Printf(String pattern, char conversion) implements ValueFormat {
        @Override
        public String apply(String value) {
            try {
                String number = value.strip();
                return switch (conversion) {
                    case 'd', 'x', 'X', 'o' -> String.format(Locale.ROOT, pattern, wholeNumber(number));
                    case 'f', 'e', 'E', 'g', 'G' -> String.format(Locale.ROOT, pattern, Double.parseDouble(number));
                    default -> String.format(Locale.ROOT, pattern, value);
                };
            } catch (NumberFormatException | IllegalFormatException notANumber) {
                return value;
            }
        }

        private static long wholeNumber(String text) {
            String plain = text.startsWith("+") ? text.substring(1) : text;
            try {
                return Long.parseLong(plain);
            } catch (NumberFormatException e) {
                double d = Double.parseDouble(plain); // IS values are integers, but "12.0" is met
                if (d != Math.rint(d)) {
                    throw e;
                }
                return (long) d;
            }
        }
    }

    /** {@code clean}: every run of characters other than ASCII letters, digits, {@code . _ - +} becomes one {@code _}. */
    record Clean() implements ValueFormat {
        private static final Pattern ODD = Pattern.compile("[^A-Za-z0-9._+-]+");

        @Override
        public String apply(String value) {
            return ODD.matcher(value.strip()).replaceAll("_");
        }
    }

    /**
     * {@code clean-dash}: seed 002's cleaning (renameDicom.py): space, dot, slash and apostrophe become {@code -},
     * {@code *} becomes {@code s}, {@code ?} becomes {@code q}, and anything else but ASCII letters, digits,
     * {@code -} and {@code _} is dropped.
     */
    record CleanDash() implements ValueFormat {
        @Override
        public String apply(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case ' ', '.', '/', '\'' -> out.append('-');
                    case '*' -> out.append('s');
                    case '?' -> out.append('q');
                    default -> {
                        if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }
    }

    /** {@code upper}: upper case. */
    record Upper() implements ValueFormat {
        @Override
        public String apply(String value) {
            return value.toUpperCase(Locale.ROOT);
        }
    }

    /** {@code lower}: lower case. */
    record Lower() implements ValueFormat {
        @Override
        public String apply(String value) {
            return value.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A {@link DateTimeFormatter} pattern ({@code yyyy-MM}, {@code HHmm}) for a DA, TM or DT element, whose value
     * is read as PS3.5 §6.2 writes it ({@code YYYYMMDD}, {@code HHMMSS.FFFFFF}, {@code YYYYMMDDHHMMSS}).
     */
    record DatePattern(String pattern, DateTimeFormatter formatter, Vr vr) implements ValueFormat {
        private static final Pattern DATE = Pattern.compile("(\\d{4})\\.?(\\d{2})\\.?(\\d{2})");
        private static final Pattern TIME = Pattern.compile("(\\d{2}):?(?:(\\d{2}):?(?:(\\d{2})(?:\\.(\\d{1,6}))?)?)?");
        private static final Pattern DATE_TIME = Pattern.compile(
                "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.(\\d{1,6}))?(?:[+-]\\d{4})?");

        @Override
        public String apply(String value) {
            TemporalAccessor parsed = parse(value.strip(), vr);
            return parsed == null ? value : formatter.format(parsed);
        }

        /** A sample value of the VR, to check a pattern when the layout is read. */
        static TemporalAccessor sample(Vr vr) {
            return switch (vr) {
                case DA -> LocalDate.of(2024, 5, 17);
                case TM -> LocalTime.of(9, 30, 15);
                default -> LocalDateTime.of(2024, 5, 17, 9, 30, 15);
            };
        }

        static TemporalAccessor parse(String text, Vr vr) {
            try {
                Matcher m;
                switch (vr) {
                    case DA -> {
                        m = DATE.matcher(text);
                        return m.matches() ? LocalDate.of(number(m, 1, 0), number(m, 2, 1), number(m, 3, 1)) : null;
                    }
                    case TM -> {
                        m = TIME.matcher(text);
                        return m.matches() ? LocalTime.of(number(m, 1, 0), number(m, 2, 0), number(m, 3, 0),
                                nanos(m.group(4))) : null;
                    }
                    default -> {
                        m = DATE_TIME.matcher(text);
                        return m.matches() ? LocalDateTime.of(number(m, 1, 0), number(m, 2, 1), number(m, 3, 1),
                                number(m, 4, 0), number(m, 5, 0), number(m, 6, 0), nanos(m.group(7))) : null;
                    }
                }
            } catch (DateTimeException invalid) {
                return null;
            }
        }

        private static int number(Matcher m, int group, int absent) {
            return m.group(group) == null ? absent : Integer.parseInt(m.group(group));
        }

        private static int nanos(String fraction) {
            return fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        }
    }
}
