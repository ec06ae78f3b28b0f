package ferry.core.json;

import ferry.core.charset.SpecificCharacterSet;
import ferry.core.data.ValueCodec;
import ferry.core.tag.Vr;
import java.util.ArrayList;
import java.util.List;

/** Text values of an element as {@link ferry.core.data.DataSet#getStrings} gives them, for bytes from anywhere. */
final class ValueStrings {
    private ValueStrings() {
    }

    /**
     * The values of a text element: decoded with {@code cs}, trailing padding removed, split at backslash and
     * stripped when the VR is multi-valued (not LT, ST, UT, UR).
     */
    static List<String> split(byte[] bytes, Vr vr, SpecificCharacterSet cs) {
        String text = ValueCodec.text(bytes, vr, cs);
        if (!vr.multiValued()) {
            return List.of(text);
        }
        List<String> values = new ArrayList<>(2);
        int start = 0;
        while (true) {
            int end = text.indexOf('\\', start);
            values.add((end < 0 ? text.substring(start) : text.substring(start, end)).strip());
            if (end < 0) {
                return values;
            }
            start = end + 1;
        }
    }
}
