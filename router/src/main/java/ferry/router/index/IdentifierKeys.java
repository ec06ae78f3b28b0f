package ferry.router.index;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.net.service.Matching;
import java.time.YearMonth;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Query keys written as text ({@code KEY=VALUE}, as {@code ferry find}, {@code ferry export-tags} and the REST API's
 * index queries take them) put into a C-FIND identifier (PS3.4 C.4.1.1.3): a keyword or {@code (gggg,eeee)},
 * {@code Sequence.Key} for an item key, the value checked against the key's VR. A key that is no keyword nor tag is an
 * {@link UnknownKeyException}; a value that does not fit an {@link IllegalArgumentException}.
 */
public final class IdentifierKeys {
    private static final Pattern YEAR_OR_MONTH = Pattern.compile("\\d{4}(\\d{2})?");

    /** A key that is not a keyword of the data dictionary nor a tag. */
    public static final class UnknownKeyException extends IllegalArgumentException {
        UnknownKeyException(String message) {
            super(message);
        }
    }

    private IdentifierKeys() {
    }

    /**
     * Puts {@code path} ({@code Key}, {@code (gggg,eeee)}, or {@code Sequence.Key}) with {@code value} into
     * {@code target}; with {@code wholeDates}, a DA value may be a whole year or month ({@link #wholeDates}).
     */
    public static void put(DataSet target, String path, String value, boolean wholeDates) {
        int dot = path.indexOf('.');
        int tag = tag(dot < 0 ? path : path.substring(0, dot));
        Vr vr = StandardDictionary.vrOf(tag);
        if (dot >= 0) {
            if (vr != Vr.SQ) {
                throw new IllegalArgumentException("'" + path + "': " + path.substring(0, dot) + " is not a sequence");
            }
            Sequence sequence = target.getSequence(tag);
            DataSet item = sequence == null ? target.newSequence(tag).addItem() : sequence.item(0);
            put(item, path.substring(dot + 1), value, wholeDates);
        } else if (vr == Vr.SQ) {
            if (!value.isEmpty()) {
                throw new IllegalArgumentException("'" + path + "=" + value + "': a sequence takes item keys ("
                        + path + ".Key=VALUE) or no value");
            }
            if (target.getSequence(tag) == null) {
                target.newSequence(tag);
            }
        } else if (vr == Vr.UN) {
            throw new IllegalArgumentException("'" + path + "' is not in the data dictionary, so its VR is unknown; "
                    + "give a standard keyword or tag");
        } else if (value.isEmpty()) {
            target.put(tag, vr, Bytes.EMPTY);
        } else if (vr.kind() != Vr.Kind.TEXT) {
            throw new IllegalArgumentException("'" + path + "=" + value + "': " + vr
                    + " attributes can only be asked for (" + path + "=)");
        } else {
            String[] values = vr.multiValued() ? value.split("\\\\", -1) : new String[] {value};
            if (vr == Vr.DA && wholeDates) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = wholeDates(values[i]);
                }
            }
            if (vr == Vr.DA || vr == Vr.TM || vr == Vr.DT) {
                for (String one : values) {
                    String problem = Matching.dateTimeProblem(vr, one);
                    if (problem != null) {
                        throw new IllegalArgumentException("'" + path + "=" + value + "': " + problem);
                    }
                }
            }
            target.setString(tag, vr, values);
        }
    }

    /**
     * The tag of a keyword or of {@code (gggg,eeee)}.
     *
     * @throws UnknownKeyException when it is neither
     */
    public static int tag(String name) {
        if (name.startsWith("(") || name.matches("\\p{XDigit}{4},?\\p{XDigit}{4}")) {
            return Tag.parse(name);
        }
        OptionalInt tag = StandardDictionary.tagOf(name);
        if (tag.isEmpty()) {
            throw new UnknownKeyException("'" + name + "' is not a keyword of the data dictionary (e.g. PatientID) "
                    + "nor a tag (gggg,eeee)");
        }
        return tag.getAsInt();
    }

    /**
     * A DA query value with whole years and months written out as ranges (a convenience of Ferry's own index):
     * {@code 2024} is {@code 20240101-20241231}, {@code 202402-} is {@code 20240201-}, {@code -2024} is
     * {@code -20241231}; anything else is returned as it is.
     */
    public static String wholeDates(String value) {
        String text = value.strip();
        int dash = text.indexOf('-');
        if (dash < 0) {
            return YEAR_OR_MONTH.matcher(text).matches() ? first(text) + "-" + last(text) : value;
        }
        String low = text.substring(0, dash).strip();
        String high = text.substring(dash + 1).strip();
        if (!YEAR_OR_MONTH.matcher(low).matches() && !YEAR_OR_MONTH.matcher(high).matches()) {
            return value;
        }
        return (YEAR_OR_MONTH.matcher(low).matches() ? first(low) : low) + "-"
                + (YEAR_OR_MONTH.matcher(high).matches() ? last(high) : high);
    }

    private static String first(String yearOrMonth) {
        return yearOrMonth.length() == 4 ? yearOrMonth + "0101" : yearOrMonth + "01";
    }

    private static String last(String yearOrMonth) {
        if (yearOrMonth.length() == 4) {
            return yearOrMonth + "1231";
        }
        YearMonth month = YearMonth.of(Integer.parseInt(yearOrMonth.substring(0, 4)),
                Math.max(1, Math.min(12, Integer.parseInt(yearOrMonth.substring(4)))));
        return yearOrMonth + String.format(Locale.ROOT, "%02d", month.lengthOfMonth());
    }
}
