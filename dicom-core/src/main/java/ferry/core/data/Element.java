package ferry.core.data;

import ferry.core.tag.Vr;

/** One data element: tag, value representation and value. */
public record Element(int tag, Vr vr, Value value) {
}
