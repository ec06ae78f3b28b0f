package ferry.core.sr;

import java.math.BigDecimal;
import java.util.List;

/**
 * One numeric value of a structured report with where it is: the concept names from below the document root down
 * to the NUM item, e.g. {@code [CT Accumulated Dosimetry Data, CT Dose Length Product Total]} → 1234.5 mGy.cm.
 * This is what an index stores to answer comparisons such as "CT Dose Length Product Total > 500".
 *
 * <ul>
 * <li>{@link #path()} joins the names with {@code /}. Repeated containers give the same path to several values
 *     (each irradiation event's {@code CT Acquisition/CT Dose/DLP}); a query on a path matches when any of them
 *     does. {@link #position()} ({@code 1.5.7.2}) tells them apart.</li>
 * <li>{@link #name()} (the last name) and {@link #concept()} (its code, e.g. {@code (113838,DCM,"DLP")}) are
 *     the short keys a user types; concept codes do not change with the language or wording of a report.</li>
 * <li>{@link #value()} is exact (the DS text of Numeric Value); {@link #unit()} is the Measurement Units code
 *     and {@link #unitText()} its readable form ({@code mGy.cm}).</li>
 * </ul>
 *
 * @param names    concept names (code meanings; see {@link ContentItem#name()}), never empty
 * @param position the NUM item's position in the tree
 * @param concept  the NUM item's concept name code; {@code null} when it has none
 * @param value    the numeric value
 * @param unit     the unit code (UCUM for standard templates)
 */
public record Measurement(List<String> names, String position, Code concept, BigDecimal value, Code unit) {
    public Measurement {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a measurement has at least one name");
        }
    }

    /** The names joined with {@code /}: {@code CT Accumulated Dosimetry Data/CT Dose Length Product Total}. */
    public String path() {
        return String.join("/", names);
    }

    /** The last name: the NUM item's concept name, e.g. {@code DLP}. */
    public String name() {
        return names.get(names.size() - 1);
    }

    /** The unit as a reader knows it ({@link Code#unitText()}): {@code mGy.cm}; empty when there is none. */
    public String unitText() {
        return unit == null ? "" : unit.unitText();
    }

    /** {@code path = value unit}. */
    @Override
    public String toString() {
        return path() + " = " + value.toPlainString() + (unitText().isEmpty() ? "" : " " + unitText());
    }
}
