package ferry.core.data;

import ferry.core.charset.SpecificCharacterSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Conversions between value bytes (little endian) and Java values, per VR (PS3.5 §6.2). */
public final class ValueCodec {
    private ValueCodec() {
    }

    /** Bytes as ISO-8859-1 text, for VRs whose repertoire is the default one. */
    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The whole value of a text element decoded, trailing padding (space or NUL) removed. */
    public static String text(byte[] bytes, Vr vr, SpecificCharacterSet cs) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == ' ' || bytes[end - 1] == 0)) {
            end--;
        }
        if (vr.usesCharacterSet()) {
            return cs.decode(bytes, 0, end, vr);
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** Splits a multi-valued text at backslash and trims each value. */
    static List<String> splitValues(String text, boolean trimLeading) {
        List<String> parts = new ArrayList<>(2);
        int start = 0;
        while (true) {
            int end = text.indexOf('\\', start);
            String part = end < 0 ? text.substring(start) : text.substring(start, end);
            parts.add(trimLeading ? part.strip() : part.stripTrailing());
            if (end < 0) {
                return parts;
            }
            start = end + 1;
        }
    }

    /** Every value of an element as text. */
    static List<String> strings(byte[] bytes, Vr vr, SpecificCharacterSet cs, int tag) {
        return switch (vr.kind()) {
            case TEXT -> {
                String text = text(bytes, vr, cs);
                if (!vr.multiValued()) {
                    yield List.of(text);
                }
                yield splitValues(text, true);
            }
            case BINARY -> {
                if (vr == Vr.FL || vr == Vr.FD) {
                    double[] numbers = doubles(bytes, vr, tag);
                    List<String> list = new ArrayList<>(numbers.length);
                    for (double d : numbers) {
                        list.add(formatDouble(d));
                    }
                    yield list;
                }
                if (vr == Vr.AT) {
                    List<String> list = new ArrayList<>();
                    for (int i = 0; i + 3 < bytes.length; i += 4) {
                        list.add(Tag.toString(Tag.of(u16(bytes, i), u16(bytes, i + 2))));
                    }
                    yield list;
                }
                long[] numbers = longs(bytes, vr, tag);
                List<String> list = new ArrayList<>(numbers.length);
                for (long n : numbers) {
                    list.add(vr == Vr.UV ? Long.toUnsignedString(n) : Long.toString(n));
                }
                yield list;
            }
            default -> List.of();
        };
    }

    static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    static int s32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static long s64(byte[] b, int i) {
        return (s32(b, i) & 0xFFFFFFFFL) | (long) s32(b, i + 4) << 32;
    }

    /** Every value of an integer element: binary VRs decoded, IS parsed. */
    static long[] longs(byte[] bytes, Vr vr, int tag) {
        switch (vr) {
            case US, SS -> {
                long[] out = new long[bytes.length / 2];
                for (int i = 0; i < out.length; i++) {
                    int v = u16(bytes, 2 * i);
                    out[i] = vr == Vr.SS ? (short) v : v;
                }
                return out;
            }
            case UL, SL -> {
                long[] out = new long[bytes.length / 4];
                for (int i = 0; i < out.length; i++) {
                    int v = s32(bytes, 4 * i);
                    out[i] = vr == Vr.SL ? v : v & 0xFFFFFFFFL;
                }
                return out;
            }
            case UV, SV -> {
                long[] out = new long[bytes.length / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = s64(bytes, 8 * i);
                }
                return out;
            }
            case IS, DS -> {
                List<String> parts = splitValues(ascii(bytes).replace("\0", ""), true);
                if (parts.size() == 1 && parts.get(0).isEmpty()) {
                    return new long[0];
                }
                long[] out = new long[parts.size()];
                for (int i = 0; i < out.length; i++) {
                    try {
                        out[i] = vr == Vr.IS ? Long.parseLong(strip(parts.get(i)))
                                : new BigDecimal(parts.get(i)).longValueExact();
                    } catch (RuntimeException e) {
                        throw new ValueFormatException(tag, "'" + parts.get(i) + "' is not an integer");
                    }
                }
                return out;
            }
            default -> throw new ValueFormatException(tag, vr + " values are not integers");
        }
    }

    private static String strip(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }

    /** Every value of a numeric element as doubles. */
    static double[] doubles(byte[] bytes, Vr vr, int tag) {
        switch (vr) {
            case FL, OF -> {
                double[] out = new double[bytes.length / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat(s32(bytes, 4 * i));
                }
                return out;
            }
            case FD, OD -> {
                double[] out = new double[bytes.length / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Double.longBitsToDouble(s64(bytes, 8 * i));
                }
                return out;
            }
            case DS, IS -> {
                List<String> parts = splitValues(ascii(bytes).replace("\0", ""), true);
                if (parts.size() == 1 && parts.get(0).isEmpty()) {
                    return new double[0];
                }
                double[] out = new double[parts.size()];
                for (int i = 0; i < out.length; i++) {
                    try {
                        out[i] = Double.parseDouble(parts.get(i));
                    } catch (NumberFormatException e) {
                        throw new ValueFormatException(tag, "'" + parts.get(i) + "' is not a decimal number");
                    }
                }
                return out;
            }
            default -> {
                long[] ints = longs(bytes, vr, tag);
                double[] out = new double[ints.length];
                for (int i = 0; i < ints.length; i++) {
                    out[i] = ints[i];
                }
                return out;
            }
        }
    }

    /** Encodes text values joined by backslash, padded to even length. */
    static byte[] encodeStrings(String[] values, Vr vr, SpecificCharacterSet cs) {
        String joined = String.join("\\", values);
        byte[] raw = vr.usesCharacterSet() ? cs.encode(joined, vr) : joined.getBytes(StandardCharsets.ISO_8859_1);
        return padded(raw, vr);
    }

    static byte[] padded(byte[] raw, Vr vr) {
        if ((raw.length & 1) == 0) {
            return raw;
        }
        byte[] out = Arrays.copyOf(raw, raw.length + 1);
        out[raw.length] = vr.padding();
        return out;
    }

    static byte[] encodeLongs(long[] values, Vr vr) {
        int unit = switch (vr) {
            case US, SS -> 2;
            case UL, SL -> 4;
            case UV, SV -> 8;
            case IS -> 0;
            default -> throw new IllegalArgumentException(vr + " does not hold integers");
        };
        if (unit == 0) {
            String[] text = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                text[i] = Long.toString(values[i]);
            }
            return padded(String.join("\\", text).getBytes(StandardCharsets.US_ASCII), vr);
        }
        byte[] out = new byte[values.length * unit];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < unit; b++) {
                out[i * unit + b] = (byte) (values[i] >>> (8 * b));
            }
        }
        return out;
    }

    static byte[] encodeDoubles(double[] values, Vr vr) {
        switch (vr) {
            case FL, FD -> {
                int unit = vr == Vr.FL ? 4 : 8;
                byte[] out = new byte[values.length * unit];
                for (int i = 0; i < values.length; i++) {
                    long bits = unit == 4 ? Float.floatToIntBits((float) values[i]) : Double.doubleToLongBits(values[i]);
                    for (int b = 0; b < unit; b++) {
                        out[i * unit + b] = (byte) (bits >>> (8 * b));
                    }
                }
                return out;
            }
            case DS -> {
                String[] text = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    text[i] = formatDecimalString(values[i]);
                }
                return padded(String.join("\\", text).getBytes(StandardCharsets.US_ASCII), vr);
            }
            default -> throw new IllegalArgumentException(vr + " does not hold decimal numbers");
        }
    }

    /** A DS value of at most 16 characters (PS3.5 §6.2). */
    static String formatDecimalString(double value) {
        String text = formatDouble(value);
        if (text.length() <= 16) {
            return text;
        }
        for (int digits = 15; digits > 0; digits--) {
            String candidate = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros()
                    .toString();
            if (candidate.length() <= 16) {
                return candidate;
            }
        }
        return text.substring(0, 16);
    }
}
