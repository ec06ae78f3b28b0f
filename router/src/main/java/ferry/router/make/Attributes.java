package ferry.router.make;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;

/** Setting elements in the VR the data dictionary gives them, so the headers made here read as plain lists. */
final class Attributes {
    private Attributes() {
    }

    /** Sets a text, IS or DS element to these values (none: an empty value, as a type 2 element may be). */
    static void text(DataSet dataSet, int tag, String... values) {
        if (values.length == 0) {
            dataSet.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
        } else {
            dataSet.setString(tag, StandardDictionary.vrOf(tag), values);
        }
    }

    /** Sets a US, SS, UL or SL element. */
    static void ints(DataSet dataSet, int tag, long... values) {
        dataSet.setInts(tag, StandardDictionary.vrOf(tag), values);
    }

    /** Sets an FL or FD element. */
    static void doubles(DataSet dataSet, int tag, double... values) {
        dataSet.setDoubles(tag, StandardDictionary.vrOf(tag), values);
    }
}
