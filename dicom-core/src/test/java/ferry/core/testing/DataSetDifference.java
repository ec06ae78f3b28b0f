package ferry.core.testing;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.util.Arrays;

/** The first difference between two data sets, with its element path, for assertion messages. */
public final class DataSetDifference {
    /** How element values are compared. */
    public enum Values {
        /** Byte for byte, except that an odd-length value may come back with one padding byte more. */
        BYTES,
        /**
         * Text values (SH, LO, PN, CS, DA, UI …) as text: decoded with their data set's character set, trailing
         * padding removed, so that a value re-encoded with other escape sequences, or written back without padding
         * beyond even length, is the same value (PS3.5 §6.2: trailing spaces are not significant); others as
         * {@link #BYTES}.
         */
        DECODED_TEXT
    }

    private DataSetDifference() {
    }

    /**
     * The first difference, or {@code null} when the data sets are equal (as {@link DataSet#equals}) — except that
     * with {@code ignoreGroupLengthValues} the values of group length elements (gggg,0000) are not compared: the
     * writer recomputes them, so a file whose group length was wrong reads back with the right one. An odd-length
     * value may come back with one padding byte (space or NUL) more: the writer pads them (PS3.5 §7.1.1).
     */
    public static String first(DataSet expected, DataSet actual, boolean ignoreGroupLengthValues) {
        return first(expected, actual, ignoreGroupLengthValues, Values.BYTES);
    }

    /**
     * The first difference, or {@code null} when there is none: in tags, VRs, values compared as {@code values}
     * says, the items of sequences, and whether sequences and items have undefined length; group length values are
     * not compared with {@code ignoreGroupLengthValues}.
     */
    public static String first(DataSet expected, DataSet actual, boolean ignoreGroupLengthValues, Values values) {
        return first(expected, actual, ignoreGroupLengthValues, values, "");
    }

    private static boolean padded(Value expected, Value actual) {
        if (!(expected instanceof Bytes e) || !(actual instanceof Bytes a)) {
            return false;
        }
        int length = e.bytes().length;
        return length % 2 == 1 && a.bytes().length == length + 1
                && Arrays.equals(e.bytes(), Arrays.copyOf(a.bytes(), length))
                && (a.bytes()[length] == 0 || a.bytes()[length] == ' ');
    }

    private static boolean sameText(DataSet expected, DataSet actual, int index) {
        if (expected.vrAt(index).kind() != Vr.Kind.TEXT || !(expected.valueAt(index) instanceof Bytes)
                || !(actual.valueAt(index) instanceof Bytes)) {
            return false;
        }
        int tag = expected.tagAt(index);
        return expected.getText(tag).equals(actual.getText(tag));
    }

    private static String first(DataSet expected, DataSet actual, boolean ignoreGroupLengths, Values values,
                                String path) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            if (i >= expected.size()) {
                return path + Tag.toString(actual.tagAt(i)) + ": not expected, found " + actual.valueAt(i);
            }
            if (i >= actual.size()) {
                return path + Tag.toString(expected.tagAt(i)) + ": missing";
            }
            int tag = expected.tagAt(i);
            String at = path + Tag.toString(tag);
            if (tag != actual.tagAt(i)) {
                return at + ": found " + Tag.toString(actual.tagAt(i)) + " instead";
            }
            if (expected.vrAt(i) != actual.vrAt(i)) {
                return at + ": VR " + expected.vrAt(i) + " expected, found " + actual.vrAt(i);
            }
            Value e = expected.valueAt(i);
            Value a = actual.valueAt(i);
            if (e instanceof Sequence es && a instanceof Sequence as) {
                if (es.size() != as.size()) {
                    return at + ": " + es.size() + " items expected, found " + as.size();
                }
                if (es.undefinedLength() != as.undefinedLength()) {
                    return at + ": a sequence of " + (es.undefinedLength() ? "undefined" : "defined") + " length "
                            + "expected";
                }
                for (int n = 0; n < es.size(); n++) {
                    if (es.item(n).undefinedLength() != as.item(n).undefinedLength()) {
                        return at + "[" + (n + 1) + "]: an item of " + (es.item(n).undefinedLength() ? "undefined"
                                : "defined") + " length expected";
                    }
                    String inner = first(es.item(n), as.item(n), ignoreGroupLengths, values,
                            at + "[" + (n + 1) + "]>");
                    if (inner != null) {
                        return inner;
                    }
                }
            } else if (!e.equals(a) && !(ignoreGroupLengths && Tag.isGroupLength(tag)) && !padded(e, a)
                    && !(values == Values.DECODED_TEXT && sameText(expected, actual, i))) {
                return at + ": " + e + " expected, found " + a;
            }
        }
        return null;
    }
}
