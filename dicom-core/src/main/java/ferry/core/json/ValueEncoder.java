package ferry.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import ferry.core.json.AttributeDecoder.Num;
import ferry.core.json.AttributeDecoder.Obj;
import ferry.core.tag.Vr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/** The values of a DICOM JSON {@code "Value"} array as DICOM values, checked against their VR (PS3.5 §6.2). */
final class ValueEncoder {
    private static final String[] GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private ValueEncoder() {
    }

    /** Text values (string VRs, PN, IS, DS); JSON null is an empty value. */
    static String[] texts(List<?> list, Vr vr, String name, JsonLocation where) throws DicomJsonException {
        if (!vr.multiValued() && list.size() > 1) {
            throw new DicomJsonException(name, "VR " + vr + " holds one value, found " + list.size(), where);
        }
        String[] values = new String[list.size()];
        for (int i = 0; i < values.length; i++) {
            Object item = list.get(i);
            String value;
            if (item == AttributeDecoder.NULL) {
                value = "";
            } else if (vr == Vr.PN && item instanceof Obj groups) {
                value = personName(groups.fields(), name, where);
            } else if ((vr == Vr.IS || vr == Vr.DS) && item instanceof Num number) {
                value = vr == Vr.IS ? integerString(number, name, where) : decimalString(number);
            } else if (item instanceof String text) {
                value = vr == Vr.IS || vr == Vr.DS ? text.strip() : text;
            } else {
                throw new DicomJsonException(name, "value " + (i + 1) + " of VR " + vr + " must be "
                        + (vr == Vr.PN ? "an object of name groups" : vr == Vr.IS || vr == Vr.DS ? "a number"
                        : "a string") + ", not " + AttributeDecoder.kind(item), where);
            }
            if (vr.multiValued() && value.indexOf('\\') >= 0) {
                throw new DicomJsonException(name, "value '" + value + "' holds a backslash, the value delimiter "
                        + "of VR " + vr + " (PS3.18 §F.2.4)", where);
            }
            values[i] = value;
        }
        return values.length == 1 && values[0].isEmpty() ? new String[0] : values;
    }

    /** Alphabetic=Ideographic=Phonetic, empty trailing groups left out. */
    private static String personName(Map<String, Object> groups, String name, JsonLocation where)
            throws DicomJsonException {
        String[] parts = {"", "", ""};
        int count = 0;
        for (Map.Entry<String, Object> group : groups.entrySet()) {
            int index = List.of(GROUPS).indexOf(group.getKey());
            if (index < 0) {
                throw new DicomJsonException(name, "unknown person name group \"" + group.getKey()
                        + "\" (expected Alphabetic, Ideographic or Phonetic)", where);
            }
            if (!(group.getValue() instanceof String text)) {
                throw new DicomJsonException(name, "person name group \"" + group.getKey() + "\" must be a string, "
                        + "not " + AttributeDecoder.kind(group.getValue()), where);
            }
            if (text.indexOf('=') >= 0) {
                throw new DicomJsonException(name, "person name group '" + text + "' holds '=', the group "
                        + "delimiter", where);
            }
            parts[index] = text;
            if (!text.isEmpty()) {
                count = Math.max(count, index + 1);
            }
        }
        return String.join("=", List.of(parts).subList(0, count));
    }

    private static String integerString(Num number, String name, JsonLocation where) throws DicomJsonException {
        BigInteger value = integer(number.text());
        if (value == null) {
            throw new DicomJsonException(name, number.text() + " is not an integer (VR IS)", where);
        }
        if (value.bitLength() > 31) {
            throw new DicomJsonException(name, number.text() + " is outside the range of VR IS", where);
        }
        return value.toString();
    }

    /** The number as written when it fits the 16 characters of a DS, else rounded until it does. */
    static String decimalString(Num number) {
        String text = number.text();
        if (text.length() <= 16) {
            return text;
        }
        BigDecimal value = new BigDecimal(text);
        for (int digits = 16; digits > 0; digits--) {
            BigDecimal rounded = value.round(new MathContext(digits)).stripTrailingZeros();
            if (Math.abs(rounded.scale()) <= 16 && rounded.toPlainString().length() <= 16) {
                return rounded.toPlainString();
            }
            String scientific = rounded.toString();
            if (scientific.length() <= 16) {
                return scientific;
            }
        }
        throw new AssertionError(text);
    }

    /** Binary numbers (US, SS, UL, SL, UV, SV, FL, FD) and tags (AT), little endian. */
    static byte[] binary(List<?> list, Vr vr, String name, JsonLocation where) throws DicomJsonException {
        int unit = vr == Vr.AT ? 4 : vr.swapUnit();
        ByteBuffer out = ByteBuffer.allocate(list.size() * unit).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String problem = put(out, item, vr);
            if (problem != null) {
                throw new DicomJsonException(name, "value " + (i + 1) + " of VR " + vr + ": " + problem, where);
            }
        }
        return out.array();
    }

    /** Puts one value; returns what is wrong with it, or null. */
    private static String put(ByteBuffer out, Object item, Vr vr) {
        if (vr == Vr.AT) {
            if (!(item instanceof String text) || text.length() != 8
                    || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return "expected a tag as 8 hexadecimal digits, not " + describe(item);
            }
            int tag = (int) Long.parseLong(text, 16);
            out.putShort((short) (tag >>> 16)).putShort((short) tag);
            return null;
        }
        if (vr == Vr.FL || vr == Vr.FD) {
            String text;
            if (item instanceof Num number) {
                text = number.text();
            } else if (item instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"))) {
                text = s;
            } else {
                return "expected a number, not " + describe(item);
            }
            if (vr == Vr.FL) {
                out.putFloat(Float.parseFloat(text));
            } else {
                out.putDouble(Double.parseDouble(text));
            }
            return null;
        }
        String text;
        if (item instanceof Num number) {
            text = number.text();
        } else if (item instanceof String s && (vr == Vr.UV || vr == Vr.SV)) {
            text = s.strip();
        } else {
            return "expected a number, not " + describe(item);
        }
        BigInteger value = integer(text);
        if (value == null) {
            return "'" + text + "' is not an integer";
        }
        boolean unsigned = vr == Vr.US || vr == Vr.UL || vr == Vr.UV;
        int bits = vr.swapUnit() * 8;
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = (unsigned ? BigInteger.ONE.shiftLeft(bits) : BigInteger.ONE.shiftLeft(bits - 1))
                .subtract(BigInteger.ONE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            return text + " is outside the range of VR " + vr + " (" + min + " to " + max + ")";
        }
        long bitsValue = value.signum() < 0 ? value.longValue() : value.mod(TWO_64).longValue();
        switch (bits) {
            case 16 -> out.putShort((short) bitsValue);
            case 32 -> out.putInt((int) bitsValue);
            default -> out.putLong(bitsValue);
        }
        return null;
    }

    /** The integer {@code text} denotes (1.0 and 1e3 included), or null; absurd exponents are refused cheaply. */
    private static BigInteger integer(String text) {
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() == 0) {
                return BigInteger.ZERO;
            }
            value = value.stripTrailingZeros();
            if (value.scale() > 0) {
                return null;
            }
            if (value.precision() - value.scale() > 40) {
                return BigInteger.ONE.shiftLeft(200).multiply(BigInteger.valueOf(value.signum()));
            }
            return value.toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String describe(Object item) {
        if (item instanceof String s) {
            return "'" + s + "'";
        }
        if (item instanceof Num n) {
            return n.text();
        }
        return AttributeDecoder.kind(item);
    }
}
