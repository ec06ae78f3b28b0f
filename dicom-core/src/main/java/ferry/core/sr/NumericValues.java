package ferry.core.sr;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.ValueFormatException;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numbers of SR content items exactly: a DS or IS value keeps its decimal text ({@code 12.30} stays
 * {@code 12.30}), an FL value is the float's shortest decimal ({@code 0.1}, not {@code 0.10000000149011612}).
 */
final class NumericValues {
    private NumericValues() {
    }

    /**
     * The value of a NUM item (PS3.3 C.18.1, Numeric Measurement Macro): the first item of Measured Value Sequence
     * (0040,A300) with Numeric Value (0040,A30A) and Measurement Units Code Sequence (0040,08EA). Numeric Value is
     * a DS; a number of another VR (FD, IS, a decimal in an LO) is read all the same, text that is no decimal
     * number is a {@link ContentValue.Problem}.
     */
    static ContentValue read(DataSet item) {
        Code qualifier = Code.first(item, Tags.NumericValueQualifierCodeSequence);
        Sequence measured = item.getSequence(Tags.MeasuredValueSequence);
        if (measured == null || measured.size() == 0) {
            return new ContentValue.Numeric(null, null, qualifier);
        }
        DataSet value = measured.item(0);
        List<BigDecimal> numbers;
        try {
            numbers = numbers(value, Tags.NumericValue);
        } catch (ValueFormatException | NumberFormatException e) {
            Vr vr = value.vr(Tags.NumericValue);
            return new ContentValue.Problem(ValueType.NUM.name(), "Numeric Value (0040,A30A) " + quoted(value)
                    + " is not a decimal number (VR " + vr + "; PS3.3 Table C.18-1 wants a DS)");
        }
        if (numbers.isEmpty()) {
            return new ContentValue.Problem(ValueType.NUM.name(),
                    "a measured value without Numeric Value (0040,A30A) (PS3.3 Table C.18-1)");
        }
        return new ContentValue.Numeric(numbers.get(0), Code.first(value, Tags.MeasurementUnitsCodeSequence),
                qualifier);
    }

    /**
     * What is odd about a NUM item that was read all the same: a Numeric Value of another VR than DS, a measured
     * value without units; empty when nothing is.
     */
    static String oddity(DataSet item) {
        Sequence measured = item.getSequence(Tags.MeasuredValueSequence);
        if (measured == null || measured.size() == 0) {
            return "";
        }
        DataSet value = measured.item(0);
        Vr vr = value.vr(Tags.NumericValue);
        if (vr != null && vr != Vr.DS) {
            return "Numeric Value (0040,A30A) has VR " + vr + ", not DS (PS3.3 Table C.18-1); read as a number";
        }
        if (value.getSequence(Tags.MeasurementUnitsCodeSequence) == null
                || value.getSequence(Tags.MeasurementUnitsCodeSequence).size() == 0) {
            return "a measured value without Measurement Units Code Sequence (0040,08EA) (PS3.3 Table C.18-1)";
        }
        return "";
    }

    /** Every value of a numeric element as an exact decimal; empty when absent or of a VR that holds no numbers. */
    static List<BigDecimal> numbers(DataSet item, int tag) {
        Vr vr = item.vr(tag);
        if (vr == null || item.getBytes(tag) == null) {
            return List.of();
        }
        List<BigDecimal> numbers = new ArrayList<>();
        if (vr == Vr.FL || vr == Vr.OF) {
            for (double d : item.getDoubles(tag)) {
                numbers.add(new BigDecimal(Float.toString((float) d)));
            }
        } else if (vr == Vr.FD || vr == Vr.OD) {
            for (double d : item.getDoubles(tag)) {
                numbers.add(new BigDecimal(Double.toString(d)));
            }
        } else {
            for (String text : item.getStrings(tag)) {
                if (!text.isEmpty()) {
                    numbers.add(new BigDecimal(text.startsWith("+") ? text.substring(1) : text));
                }
            }
        }
        return numbers;
    }

    private static String quoted(DataSet value) {
        try {
            return "'" + String.join("\\", value.getStrings(Tags.NumericValue)) + "'";
        } catch (ValueFormatException e) {
            return "(unreadable)";
        }
    }
}
