package ferry.core.data;

import ferry.core.charset.SpecificCharacterSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A DICOM data set: elements kept in ascending tag order (PS3.5 §7.1). Values are stored as read and decoded on
 * access, so reading a header costs little; text is decoded with the data set's Specific Character Set, which
 * items inherit from the data set that holds their sequence (PS3.5 §7.5.3).
 *
 * <p>Typed getters return {@code null} (or an empty array/list) when an element is absent or empty, and throw
 * {@link ValueFormatException} when a present value cannot be read as the asked type. Not thread-safe.
 */
public final class DataSet {
    private int[] tags = new int[16];
    private Vr[] vrs = new Vr[16];
    private Value[] values = new Value[16];
    private int size;
    private DataSet parent;
    private SpecificCharacterSet characterSet;
    private boolean undefinedLength;

    /** A new empty top-level data set. */
    public DataSet() {
        this(null);
    }

    /** A new empty data set that inherits its character set from {@code parent} (an item). */
    public DataSet(DataSet parent) {
        this.parent = parent;
    }

    void setParent(DataSet parent) {
        this.parent = parent;
        this.characterSet = null;
    }

    /** The data set holding the sequence this item belongs to; {@code null} at top level. */
    public DataSet parent() {
        return parent;
    }

    /** For items: whether the item was (or is to be) encoded with undefined length. */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    public void setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** The element with this tag, or {@code null}. */
    public Element get(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : new Element(tag, vrs[i], values[i]);
    }

    /** The value with this tag, or {@code null}. */
    public Value value(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : values[i];
    }

    /** The VR of the element with this tag, or {@code null}. */
    public Vr vr(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** The tag of the element at {@code index} in tag order. */
    public int tagAt(int index) {
        Objects.checkIndex(index, size);
        return tags[index];
    }

    public Vr vrAt(int index) {
        Objects.checkIndex(index, size);
        return vrs[index];
    }

    public Value valueAt(int index) {
        Objects.checkIndex(index, size);
        return values[index];
    }

    /** All elements in tag order (a snapshot). */
    public List<Element> elements() {
        List<Element> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new Element(tags[i], vrs[i], values[i]));
        }
        return list;
    }

    /** Adds or replaces an element. */
    public void put(int tag, Vr vr, Value value) {
        Objects.requireNonNull(vr, "vr");
        Objects.requireNonNull(value, "value");
        if (tag == Tag.SPECIFIC_CHARACTER_SET) {
            characterSet = null;
        }
        if (size > 0 && Integer.compareUnsigned(tag, tags[size - 1]) > 0) {
            insertAt(size, tag, vr, value);
            return;
        }
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
        } else {
            insertAt(-i - 1, tag, vr, value);
        }
    }

    public void put(Element element) {
        put(element.tag(), element.vr(), element.value());
    }

    /** Removes the element with this tag; returns whether there was one. */
    public boolean remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return false;
        }
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        vrs[size] = null;
        values[size] = null;
        if (tag == Tag.SPECIFIC_CHARACTER_SET) {
            characterSet = null;
        }
        return true;
    }

    private void insertAt(int index, int tag, Vr vr, Value value) {
        if (size == tags.length) {
            int capacity = size * 2;
            tags = Arrays.copyOf(tags, capacity);
            vrs = Arrays.copyOf(vrs, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        System.arraycopy(tags, index, tags, index + 1, size - index);
        System.arraycopy(vrs, index, vrs, index + 1, size - index);
        System.arraycopy(values, index, values, index + 1, size - index);
        tags[index] = tag;
        vrs[index] = vr;
        values[index] = value;
        size++;
    }

    private int indexOf(int tag) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = Integer.compareUnsigned(tags[mid], tag);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /**
     * The character set of this data set: its own (0008,0005), else the one of the data set holding its sequence,
     * else the default repertoire.
     */
    public SpecificCharacterSet characterSet() {
        if (characterSet == null) {
            Value own = value(Tag.SPECIFIC_CHARACTER_SET);
            if (own instanceof Bytes b) {
                String[] terms = ValueCodec.splitValues(ValueCodec.ascii(b.bytes()), true).toArray(String[]::new);
                characterSet = SpecificCharacterSet.of(terms);
            } else {
                characterSet = parent != null ? parent.characterSet() : SpecificCharacterSet.DEFAULT;
            }
        }
        return characterSet;
    }

    // ---- typed reading -------------------------------------------------------------------------------------

    /** The whole value of a text element decoded, backslashes included, trailing padding removed; or null. */
    public String getText(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof Bytes b)) {
            return null;
        }
        return ValueCodec.text(b.bytes(), vrs[i], characterSet());
    }

    /** The first value of a text or number element as text, without padding; {@code null} when absent or empty. */
    public String getString(int tag) {
        List<String> all = getStrings(tag);
        return all.isEmpty() || all.get(0).isEmpty() ? null : all.get(0);
    }

    /** Like {@link #getString(int)}, with a default for absent or empty values. */
    public String getString(int tag, String defaultValue) {
        String value = getString(tag);
        return value != null ? value : defaultValue;
    }

    /** Every value of an element as text: text values split at backslash and trimmed, numbers formatted. */
    public List<String> getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof Bytes b) || b.bytes().length == 0) {
            return List.of();
        }
        return ValueCodec.strings(b.bytes(), vrs[i], characterSet(), tag);
    }

    /** The first value as an int (IS, US, SS, UL, SL, …), or {@code null}. */
    public Integer getInt(int tag) {
        long[] all = getLongs(tag);
        if (all.length == 0) {
            return null;
        }
        if (all[0] < Integer.MIN_VALUE || all[0] > Integer.MAX_VALUE) {
            throw new ValueFormatException(tag, "value " + all[0] + " does not fit an int");
        }
        return (int) all[0];
    }

    /** The first value as an int, or {@code defaultValue} when absent or empty. */
    public int getInt(int tag, int defaultValue) {
        Integer value = getInt(tag);
        return value != null ? value : defaultValue;
    }

    /** Every value as a long (IS, US, SS, UL, SL, UV, SV). */
    public long[] getLongs(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof Bytes b)) {
            return new long[0];
        }
        return ValueCodec.longs(b.bytes(), vrs[i], tag);
    }

    /** The first value as a double (DS, IS, FL, FD and integer VRs), or {@code null}. */
    public Double getDouble(int tag) {
        double[] all = getDoubles(tag);
        return all.length == 0 ? null : all[0];
    }

    public double[] getDoubles(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof Bytes b)) {
            return new double[0];
        }
        return ValueCodec.doubles(b.bytes(), vrs[i], tag);
    }

    /** The first value of a DA element, or {@code null}. */
    public LocalDate getDate(int tag) {
        String value = getString(tag);
        return value == null ? null : DateTimes.parseDate(value, tag);
    }

    /** The first value of a TM element, or {@code null}. */
    public LocalTime getTime(int tag) {
        String value = getString(tag);
        return value == null ? null : DateTimes.parseTime(value, tag);
    }

    /** The first value of a DT element (its offset, if any, ignored), or {@code null}. */
    public LocalDateTime getDateTime(int tag) {
        String value = getString(tag);
        return value == null ? null : DateTimes.parseDateTime(value, tag);
    }

    /** The first value of a PN element, or {@code null}. */
    public PersonName getPersonName(int tag) {
        String value = getString(tag);
        return value == null ? null : PersonName.parse(value);
    }

    /** The raw value bytes (little endian) of an element held in memory, or {@code null}. */
    public byte[] getBytes(int tag) {
        return value(tag) instanceof Bytes b ? b.bytes() : null;
    }

    /** The sequence with this tag, or {@code null}. */
    public Sequence getSequence(int tag) {
        return value(tag) instanceof Sequence s ? s : null;
    }

    // ---- typed writing -------------------------------------------------------------------------------------

    /** Sets a text (or IS/DS) element to these values, encoded in this data set's character set. */
    public void setString(int tag, Vr vr, String... values) {
        put(tag, vr, new Bytes(ValueCodec.encodeStrings(values, vr, tag == Tag.SPECIFIC_CHARACTER_SET
                ? SpecificCharacterSet.DEFAULT : characterSet())));
    }

    /** Sets an integer element (US, SS, UL, SL, UV, SV binary; IS text). */
    public void setInts(int tag, Vr vr, long... values) {
        put(tag, vr, new Bytes(ValueCodec.encodeLongs(values, vr)));
    }

    /** Sets a floating point element (FL, FD binary; DS text). */
    public void setDoubles(int tag, Vr vr, double... values) {
        put(tag, vr, new Bytes(ValueCodec.encodeDoubles(values, vr)));
    }

    /** Sets an element to these bytes (little endian for binary VRs). */
    public void setBytes(int tag, Vr vr, byte[] bytes) {
        put(tag, vr, new Bytes(bytes));
    }

    /** Puts a new empty sequence (undefined length) and returns it. */
    public Sequence newSequence(int tag) {
        Sequence sequence = new Sequence(this, true);
        put(tag, Vr.SQ, sequence);
        return sequence;
    }

    // ---- private elements (PS3.5 §7.8.1) -------------------------------------------------------------------

    /**
     * The tag of a private element given its creator, e.g. {@code privateTag("SIEMENS CSA HEADER", 0x0029, 0x10)}
     * → (0029,1010) when block 10 is reserved by that creator; -1 when the creator reserves no block here.
     */
    public int privateTag(String creator, int group, int elementOffset) {
        int block = findPrivateBlock(creator, group);
        return block < 0 ? -1 : Tag.of(group, block << 8 | (elementOffset & 0xFF));
    }

    /** The private creator of a private data element's block, or {@code null}. */
    public String privateCreatorOf(int tag) {
        int creator = Tag.creatorOf(tag);
        return creator < 0 ? null : getString(creator);
    }

    /** The block (0x10–0xFF) reserved for {@code creator} in {@code group}, reserving a free one if needed. */
    public int reservePrivateBlock(String creator, int group) {
        int block = findPrivateBlock(creator, group);
        if (block >= 0) {
            return block;
        }
        for (int b = 0x10; b <= 0xFF; b++) {
            if (!contains(Tag.of(group, b))) {
                setString(Tag.of(group, b), Vr.LO, creator);
                return b;
            }
        }
        throw new IllegalStateException("no free private block in group " + Integer.toHexString(group));
    }

    private int findPrivateBlock(String creator, int group) {
        for (int b = 0x10; b <= 0xFF; b++) {
            String value = getString(Tag.of(group, b));
            if (value != null && value.equals(creator.strip())) {
                return b;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof DataSet d) || d.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (tags[i] != d.tags[i] || vrs[i] != d.vrs[i] || !values[i].equals(d.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * h + tags[i];
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("DataSet[");
        for (int i = 0; i < size; i++) {
            out.append(i == 0 ? "" : ", ").append(Tag.toString(tags[i])).append(' ').append(vrs[i]).append(' ')
                    .append(values[i]);
            if (out.length() > 2000) {
                out.append(", …");
                break;
            }
        }
        return out.append(']').toString();
    }
}
