package ferry.router.edit;

import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Reading and writing an element's value as text, whatever its VR: the conversions the edits share. */
final class ElementValues {
    private ElementValues() {
    }

    /** Every value of an element as text (numbers formatted); empty when absent, empty or not readable so. */
    static List<String> read(DataSet dataSet, int tag) {
        try {
            return dataSet.getStrings(tag);
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    /**
     * Writes {@code text} into an element of VR {@code vr}: text VRs in the data set's character set (split at
     * {@code \} for multi-valued VRs), numbers parsed, AT as {@code ggggeeee}, other VRs as the text's bytes. A
     * value that does not fit a binary VR leaves the element unchanged; sequences are never written.
     */
    static void write(DataSet dataSet, int tag, Vr vr, String text) {
        if (!fits(vr, text)) {
            return;
        }
        switch (vr.kind()) {
            case TEXT -> {
                if (vr.multiValued()) {
                    dataSet.setString(tag, vr, text.split("\\\\", -1));
                } else {
                    dataSet.setString(tag, vr, text);
                }
            }
            case BINARY -> {
                String[] parts = text.isEmpty() ? new String[0] : text.split("\\\\");
                if (vr == Vr.FL || vr == Vr.FD) {
                    double[] values = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        values[i] = Double.parseDouble(parts[i].strip());
                    }
                    dataSet.setDoubles(tag, vr, values);
                } else if (vr == Vr.AT) {
                    byte[] bytes = new byte[parts.length * 4];
                    for (int i = 0; i < parts.length; i++) {
                        int value = Tag.parse(parts[i]); // group then element, each little endian (PS3.5 §6.2)
                        bytes[4 * i] = (byte) (value >>> 16);
                        bytes[4 * i + 1] = (byte) (value >>> 24);
                        bytes[4 * i + 2] = (byte) value;
                        bytes[4 * i + 3] = (byte) (value >>> 8);
                    }
                    dataSet.setBytes(tag, vr, bytes);
                } else {
                    long[] values = new long[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        values[i] = Long.parseLong(parts[i].strip());
                    }
                    dataSet.setInts(tag, vr, values);
                }
            }
            case BULK -> {
                byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
                if (bytes.length % 2 == 1) {
                    bytes = Arrays.copyOf(bytes, bytes.length + 1);
                    bytes[bytes.length - 1] = vr.padding();
                }
                dataSet.setBytes(tag, vr, bytes);
            }
            case SEQUENCE -> {
                // a sequence has no text value; fits() refused it already
            }
        }
    }

    /** Whether {@code text} can be written into an element of VR {@code vr}. */
    static boolean fits(Vr vr, String text) {
        if (vr == Vr.SQ) {
            return false;
        }
        if (vr.kind() != Vr.Kind.BINARY || text.isEmpty()) {
            return true;
        }
        try {
            for (String part : text.split("\\\\")) {
                if (vr == Vr.FL || vr == Vr.FD) {
                    Double.parseDouble(part.strip());
                } else if (vr == Vr.AT) {
                    Tag.parse(part);
                } else {
                    Long.parseLong(part.strip());
                }
            }
            return true;
        } catch (IllegalArgumentException notANumber) {
            return false;
        }
    }
}
