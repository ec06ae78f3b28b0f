package ferry.core.io;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import java.util.Arrays;

/** The first difference between two data sets, with its element path, for assertion messages. */
final class DataSetDifference {
    private DataSetDifference() {
    }

    /**
     * The first difference, or {@code null} when the data sets are equal (as {@link DataSet#equals}) — except that
     * with {@code ignoreGroupLengthValues} the values of group length elements (gggg,0000) are not compared: the
     * writer recomputes them, so a file whose group length was wrong reads back with the right one. An odd-length
     * value may come back with one padding byte (space or NUL) more: the writer pads them (PS3.5 §7.1.1).
     */
    static String first(DataSet expected, DataSet actual, boolean ignoreGroupLengthValues) {
        return first(expected, actual, ignoreGroupLengthValues, "");
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

    private static String first(DataSet expected, DataSet actual, boolean ignoreGroupLengths, String path) {
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
                for (int n = 0; n < es.size(); n++) {
                    String inner = first(es.item(n), as.item(n), ignoreGroupLengths, at + "[" + (n + 1) + "]>");
                    if (inner != null) {
                        return inner;
                    }
                }
            } else if (!e.equals(a) && !(ignoreGroupLengths && Tag.isGroupLength(tag)) && !padded(e, a)) {
                return at + ": " + e + " expected, found " + a;
            }
        }
        return null;
    }
}
