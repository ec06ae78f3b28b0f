package ferry.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import java.io.IOException;

/**
 * DICOM JSON that cannot be read as a data set (PS3.18 Annex F): malformed JSON, a key that is not a tag, an
 * unknown VR, a value of the wrong JSON type for its VR, a bulk data URI nobody resolves. The message names the
 * attribute (as a path through sequences, e.g. {@code (0040,A730)[0].(0040,A160)}) and the line and column in the
 * JSON text.
 */
public final class DicomJsonException extends IOException {
    private final String attribute;
    private final int line;
    private final int column;

    DicomJsonException(String attribute, String problem, JsonLocation location, Throwable cause) {
        super(message(attribute, problem, location), cause);
        this.attribute = attribute;
        this.line = location == null ? -1 : location.getLineNr();
        this.column = location == null ? -1 : location.getColumnNr();
    }

    DicomJsonException(String attribute, String problem, JsonLocation location) {
        this(attribute, problem, location, null);
    }

    private static String message(String attribute, String problem, JsonLocation location) {
        StringBuilder text = new StringBuilder("DICOM JSON");
        if (!attribute.isEmpty()) {
            text.append(' ').append(attribute);
        }
        if (location != null && location.getLineNr() > 0) {
            text.append(" at line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr());
        }
        return text.append(": ").append(problem).toString();
    }

    /** The attribute the problem is in, e.g. {@code (0010,0010) PatientName}; empty when outside any attribute. */
    public String attribute() {
        return attribute;
    }

    /** The line (1-based) in the JSON text, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** The column (1-based) in the JSON text, or -1 when unknown. */
    public int column() {
        return column;
    }
}
