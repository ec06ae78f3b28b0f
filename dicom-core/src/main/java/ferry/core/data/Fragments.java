package ferry.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item followed by the fragments, each kept as
 * read ({@link Bytes}, or {@link BulkData} when large). Ferry carries them through untouched for every
 * compressed transfer syntax.
 */
public final class Fragments implements Value {
    private final List<Value> items = new ArrayList<>();

    /** The items: first the offset table (possibly empty), then the fragments. Unmodifiable. */
    public List<Value> items() {
        return Collections.unmodifiableList(items);
    }

    /** Appends an item; only {@link Bytes} and {@link BulkData} are allowed. */
    public void add(Value item) {
        if (!(item instanceof Bytes) && !(item instanceof BulkData)) {
            throw new IllegalArgumentException("a fragment is bytes or bulk data, not " + item);
        }
        items.add(item);
    }

    /** The length in bytes of item {@code index}. */
    public long itemLength(int index) {
        Value item = items.get(index);
        return item instanceof Bytes b ? b.bytes().length : ((BulkData) item).length();
    }

    public int size() {
        return items.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fragments f && items.equals(f.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "Fragments[" + items.size() + " items]";
    }
}
