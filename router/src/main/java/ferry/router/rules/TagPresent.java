package ferry.router.rules;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.Value;

/**
 * An element is present with a value: non-empty bytes, a sequence with at least one item, or a value left in the
 * file. An element that is there but empty (a type 2 element, PS3.5 §7.4) counts as absent.
 *
 * @param path which element, possibly inside sequences (present in any item is enough)
 */
public record TagPresent(AttributePath path) implements Condition, AttributePath.ElementTest {
    @Override
    public boolean test(RoutingInput input) {
        return input.header() != null && path.anyElement(input.header(), this);
    }

    @Override
    public boolean testElement(DataSet dataSet, int tag) {
        Value value = dataSet.value(tag);
        if (value instanceof Bytes bytes) {
            return bytes.bytes().length > 0;
        }
        if (value instanceof Sequence sequence) {
            return sequence.size() > 0;
        }
        return value != null;
    }

    @Override
    public int stopBefore() {
        return path.stopBefore();
    }
}
