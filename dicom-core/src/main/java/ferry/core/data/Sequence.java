package ferry.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sequence of items (PS3.5 §7.5). Remembers whether it was encoded with undefined length so that an unchanged
 * data set is written back byte for byte.
 */
public final class Sequence implements Value {
    private final List<DataSet> items = new ArrayList<>();
    private final DataSet parent;
    private boolean undefinedLength;

    /** A new empty sequence whose items inherit the character set of {@code parent}. */
    public Sequence(DataSet parent, boolean undefinedLength) {
        this.parent = parent;
        this.undefinedLength = undefinedLength;
    }

    /** The items, unmodifiable; use {@link #addItem()} to add one. */
    public List<DataSet> items() {
        return Collections.unmodifiableList(items);
    }

    public int size() {
        return items.size();
    }

    public DataSet item(int index) {
        return items.get(index);
    }

    /** Appends a new empty item and returns it. */
    public DataSet addItem() {
        DataSet item = new DataSet(parent);
        items.add(item);
        return item;
    }

    /** Appends an item built elsewhere; it inherits this sequence's character set from now on. */
    public void add(DataSet item) {
        item.setParent(parent);
        items.add(item);
    }

    public boolean undefinedLength() {
        return undefinedLength;
    }

    public void setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sequence s && items.equals(s.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "Sequence[" + items.size() + " items]";
    }
}
