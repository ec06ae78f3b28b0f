package ferry.core.io;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;

/**
 * Encoded sizes of elements, items and data sets, for defined lengths and group lengths (PS3.5 §7.1, §7.5), with
 * odd-length values counted as {@link DicomWriter} writes them: padded to even length.
 */
final class EncodedLength {
    private EncodedLength() {
    }

    /** The VR actually written in explicit VR: values too long for a 16-bit length are written as UN. */
    static Vr explicitVr(Vr vr, long length) {
        return !vr.longHeader() && length > 0xFFFF && length != 0xFFFFFFFFL ? Vr.UN : vr;
    }

    static long ofDataSet(DataSet dataSet, boolean explicit) {
        long sum = 0;
        for (int i = 0; i < dataSet.size(); i++) {
            sum += ofElement(dataSet.vrAt(i), dataSet.valueAt(i), explicit);
        }
        return sum;
    }

    /** The length of the elements after a group length element at {@code from} that share its group. */
    static long ofGroup(DataSet dataSet, int from, boolean explicit) {
        int group = from > 0 ? Tag.group(dataSet.tagAt(from - 1)) : -1;
        long sum = 0;
        for (int i = from; i < dataSet.size() && Tag.group(dataSet.tagAt(i)) == group; i++) {
            sum += ofElement(dataSet.vrAt(i), dataSet.valueAt(i), explicit);
        }
        return sum;
    }

    /** The content length of a defined-length sequence: its items with their headers. */
    static long ofItems(Sequence sequence, boolean explicit) {
        long sum = 0;
        for (DataSet item : sequence.items()) {
            sum += 8 + ofDataSet(item, explicit) + (item.undefinedLength() ? 8 : 0);
        }
        return sum;
    }

    /** A value's length as written: an odd length gets a padding byte (PS3.5 §7.1.1). */
    static long even(long length) {
        return length + (length & 1);
    }

    static long ofElement(Vr vr, Value value, boolean explicit) {
        if (value instanceof Bytes b) {
            long length = even(b.bytes().length);
            return header(vr, length, explicit) + length;
        }
        if (value instanceof BulkData d) {
            long length = even(d.length());
            return header(vr, length, explicit) + length;
        }
        if (value instanceof Fragments f) {
            long sum = header(vr, 0xFFFFFFFFL, explicit) + 8;
            for (int i = 0; i < f.size(); i++) {
                sum += 8 + even(f.itemLength(i));
            }
            return sum;
        }
        Sequence s = (Sequence) value;
        boolean itemsExplicit = explicit && vr != Vr.UN;
        return header(vr, 0xFFFFFFFFL, explicit) + ofItems(s, itemsExplicit) + (s.undefinedLength() ? 8 : 0);
    }

    private static int header(Vr vr, long length, boolean explicit) {
        return !explicit || !explicitVr(vr, length).longHeader() ? 8 : 12;
    }
}
