package ferry.core.sr;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tags;

/**
 * A coded concept of the Code Sequence Macro (PS3.3 Table 8.8-1): its value (Code Value, or Long Code Value or URN
 * Code Value when that is what the item has), Coding Scheme Designator and Code Meaning. Parts that are absent
 * are empty strings, never {@code null}.
 */
public record Code(String value, String scheme, String meaning) {
    /** The coding scheme of units of measurement (PS3.16 Section 8, UCUM). */
    public static final String UCUM = "UCUM";

    public Code {
        value = value == null ? "" : value;
        scheme = scheme == null ? "" : scheme;
        meaning = meaning == null ? "" : meaning;
    }

    /** The code in the first item of {@code sequence} of {@code item}, or {@code null} when there is none. */
    static Code first(DataSet item, int sequence) {
        Sequence codes = item.getSequence(sequence);
        if (codes == null || codes.size() == 0) {
            return null;
        }
        DataSet code = codes.item(0);
        String value = code.getString(Tags.CodeValue);
        if (value == null) {
            value = code.getString(Tags.LongCodeValue);
        }
        if (value == null) {
            value = code.getString(Tags.URNCodeValue);
        }
        return new Code(value, code.getString(Tags.CodingSchemeDesignator), code.getString(Tags.CodeMeaning));
    }

    /**
     * How this code reads as a unit of measurement: the UCUM code value, which is the unit's symbol
     * ({@code mGy.cm}, {@code mm}); the code meaning for a UCUM annotation such as {@code {events}} and for units
     * of any other coding scheme.
     */
    public String unitText() {
        boolean symbol = scheme.equals(UCUM) && !value.isEmpty() && !value.startsWith("{");
        return symbol || meaning.isEmpty() ? value : meaning;
    }

    /** The name a reader knows this concept by: the code meaning, else the code value. */
    public String name() {
        return meaning.isEmpty() ? value : meaning;
    }

    /** dsrdump's notation: {@code (113830,DCM,"Mean CTDIvol")}. */
    @Override
    public String toString() {
        return "(" + value + "," + scheme + ",\"" + meaning + "\")";
    }
}
