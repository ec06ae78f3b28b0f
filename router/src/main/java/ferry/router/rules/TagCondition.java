package ferry.router.rules;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.ValueCodec;
import ferry.core.tag.Vr;
import java.util.Arrays;
import java.util.List;

/**
 * An element's value passes a test. A multi-valued element (VM &gt; 1, values separated by backslash) passes when
 * any one of its values passes; an absent or empty element never passes. Text is compared without its padding
 * (PS3.5 §6.2); numbers of binary VRs (US, UL, FL, ...) are compared as their decimal text or numerically. Values
 * of unknown VR (UN, e.g. private elements received in Implicit VR) are read as text.
 *
 * @param path which element, possibly inside sequences (any item may pass)
 * @param test the test of one value
 */
public record TagCondition(AttributePath path, ValueTest test) implements Condition, AttributePath.ElementTest {
    @Override
    public boolean test(RoutingInput input) {
        return input.header() != null && path.anyElement(input.header(), this);
    }

    @Override
    public boolean testElement(DataSet dataSet, int tag) {
        if (!(dataSet.value(tag) instanceof Bytes bytes) || bytes.bytes().length == 0) {
            return false;
        }
        Vr vr = dataSet.vr(tag);
        List<String> values = vr == Vr.UN ? unknownAsText(bytes.bytes()) : dataSet.getStrings(tag);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (!value.isEmpty() && test.test(value, vr)) {
                return true;
            }
        }
        return false;
    }

    /** A UN value as ISO-8859-1 text split at backslash, padding removed from each value. */
    private static List<String> unknownAsText(byte[] bytes) {
        String text = ValueCodec.text(bytes, Vr.UN, null);
        if (text.indexOf('\\') < 0) {
            return List.of(text.strip());
        }
        String[] values = text.split("\\\\", -1);
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i].strip();
        }
        return Arrays.asList(values);
    }

    @Override
    public int stopBefore() {
        return path.stopBefore();
    }
}
