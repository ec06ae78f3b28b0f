package ferry.core.sr;

import java.math.BigDecimal;
import java.util.List;

/**
 * The value of one SR content item, by value type (PS3.3 C.18, the content item macros). Each record says which
 * {@link ValueType} it holds; {@link Reference} is a by-reference relationship (PS3.3 Table C.17-6, Referenced
 * Content Item Identifier) and {@link Problem} an item that could not be read, or content left out.
 */
public sealed interface ContentValue {
    /** The value type as written in Value Type (0040,A040): {@code NUM}, {@code CONTAINER}; empty for a reference. */
    String valueType();

    /** CONTAINER (PS3.3 C.18.8): Continuity Of Content {@code SEPARATE} or {@code CONTINUOUS}, or empty. */
    record Container(String continuity) implements ContentValue {
        @Override
        public String valueType() {
            return ValueType.CONTAINER.name();
        }
    }

    /**
     * TEXT, DATETIME, DATE, TIME, UIDREF and PNAME: the value as written in Text Value, DateTime, Date, Time, UID
     * or Person Name (0040,A160…A124), padding removed; dates, times and names keep their DICOM form
     * ({@code 20240102}, {@code Doe^John}).
     */
    record Text(ValueType type, String text) implements ContentValue {
        @Override
        public String valueType() {
            return type.name();
        }
    }

    /**
     * NUM (PS3.3 C.18.1, Numeric Measurement Macro): Numeric Value (0040,A30A) with its Measurement Units Code
     * Sequence (0040,08EA); {@code number} and {@code unit} are {@code null} when the Measured Value Sequence is
     * empty, {@code unit} also when the measured value has none (reported as a problem), and {@code qualifier} (Numeric Value Qualifier Code Sequence (0040,A301), e.g. "Not a number") is
     * {@code null} when absent.
     */
    record Numeric(BigDecimal number, Code unit, Code qualifier) implements ContentValue {
        @Override
        public String valueType() {
            return ValueType.NUM.name();
        }

        /** The unit as a reader knows it ({@link Code#unitText()}), or an empty string. */
        public String unitText() {
            return unit == null ? "" : unit.unitText();
        }
    }

    /** CODE (PS3.3 C.18.2): the Concept Code Sequence (0040,A168). */
    record Coded(Code code) implements ContentValue {
        @Override
        public String valueType() {
            return ValueType.CODE.name();
        }
    }

    /**
     * COMPOSITE, IMAGE and WAVEFORM (PS3.3 C.18.3–C.18.5): the Referenced SOP Sequence's class and instance UIDs
     * and, for images, the frame numbers (empty when the whole object is meant).
     */
    record ObjectReference(ValueType type, String sopClassUid, String sopInstanceUid, List<Integer> frames)
            implements ContentValue {
        public ObjectReference {
            frames = List.copyOf(frames);
        }

        @Override
        public String valueType() {
            return type.name();
        }
    }

    /**
     * SCOORD and SCOORD3D (PS3.3 C.18.6, C.18.9): Graphic Type (0070,0023) and Graphic Data (0070,0022);
     * {@code frameOfReference} is the Referenced Frame of Reference UID (3006,0024) of SCOORD3D, else empty.
     */
    record SpatialCoordinates(ValueType type, String graphicType, List<BigDecimal> data, String frameOfReference)
            implements ContentValue {
        public SpatialCoordinates {
            data = List.copyOf(data);
        }

        @Override
        public String valueType() {
            return type.name();
        }
    }

    /**
     * TCOORD (PS3.3 C.18.7): Temporal Range Type (0040,A130) and whichever of Referenced Sample Positions,
     * Referenced Time Offsets and Referenced DateTime the item has (the others empty).
     */
    record TemporalCoordinates(String rangeType, List<BigDecimal> samplePositions, List<BigDecimal> timeOffsets,
            List<String> dateTimes) implements ContentValue {
        public TemporalCoordinates {
            samplePositions = List.copyOf(samplePositions);
            timeOffsets = List.copyOf(timeOffsets);
            dateTimes = List.copyOf(dateTimes);
        }

        @Override
        public String valueType() {
            return ValueType.TCOORD.name();
        }
    }

    /**
     * A by-reference relationship: the item is the content item at {@code target} (its position, e.g.
     * {@code 1.2.2.1}, from Referenced Content Item Identifier (0040,DB73)). It is never followed, so references
     * cannot loop.
     */
    record Reference(String target) implements ContentValue {
        @Override
        public String valueType() {
            return "";
        }
    }

    /**
     * An item that could not be read as its value type, or content that was left out (too deep): {@code valueType}
     * is what the item said (possibly empty), {@code reason} says what is wrong and where in the standard.
     */
    record Problem(String valueType, String reason) implements ContentValue {
    }
}
