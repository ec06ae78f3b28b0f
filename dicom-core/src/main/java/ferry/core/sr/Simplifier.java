package ferry.core.sr;

import ferry.core.sr.SimplifiedReport.Empty;
import ferry.core.sr.SimplifiedReport.Field;
import ferry.core.sr.SimplifiedReport.Node;
import ferry.core.sr.SimplifiedReport.Numbers;
import ferry.core.sr.SimplifiedReport.Problem;
import ferry.core.sr.SimplifiedReport.Quantity;
import ferry.core.sr.SimplifiedReport.Text;
import ferry.core.sr.SimplifiedReport.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a content tree into its {@link SimplifiedReport} (docs/structured-reports.md): values by value type, the
 * UIDs of referenced objects and the data of coordinates as fields named by their attribute keywords, children
 * grouped by name in order of first appearance.
 */
final class Simplifier {
    /** The suffix of a child whose name is one of the member names the node's own value takes in JSON. */
    static final String RENAMED = " (concept)";

    private Simplifier() {
    }

    static SimplifiedReport simplify(ContentItem root) {
        return new SimplifiedReport(root.name(), node(root));
    }

    private static Node node(ContentItem item) {
        Map<String, List<Node>> fields = new LinkedHashMap<>();
        Value value = value(item.value(), fields);
        Set<String> taken = reserved(value);
        for (ContentItem child : item.children()) {
            String name = child.name();
            if (taken.contains(name)) {
                name += RENAMED;
            }
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(node(child));
        }
        List<Field> list = new ArrayList<>(fields.size());
        fields.forEach((name, nodes) -> list.add(new Field(name, nodes)));
        return new Node(value, list);
    }

    /** The member names a node with this value uses in JSON when it has fields too. */
    private static Set<String> reserved(Value value) {
        if (value instanceof Quantity) {
            return Set.of(SimplifiedJson.VALUE, SimplifiedJson.UNIT, SimplifiedJson.QUALIFIER);
        }
        if (value instanceof Text || value instanceof Numbers) {
            return Set.of(SimplifiedJson.VALUE);
        }
        return value instanceof Problem ? Set.of(SimplifiedJson.PROBLEM) : Set.of();
    }

    /** The node's own value; attributes of references and coordinates go into {@code fields}. */
    private static Value value(ContentValue value, Map<String, List<Node>> fields) {
        if (value instanceof ContentValue.Text t) {
            return new Text(t.text());
        }
        if (value instanceof ContentValue.Numeric n) {
            String qualifier = n.qualifier() == null ? "" : n.qualifier().name();
            return new Quantity(n.number(), n.unitText(), qualifier);
        }
        if (value instanceof ContentValue.Coded c) {
            return new Text(c.code().name());
        }
        if (value instanceof ContentValue.Reference r) {
            return new Text(r.target());
        }
        if (value instanceof ContentValue.Problem p) {
            return new Problem(p.reason());
        }
        if (value instanceof ContentValue.ObjectReference o) {
            text(fields, "ReferencedSOPClassUID", o.sopClassUid());
            text(fields, "ReferencedSOPInstanceUID", o.sopInstanceUid());
            numbers(fields, "ReferencedFrameNumber", o.frames().stream().map(BigDecimal::valueOf).toList());
        } else if (value instanceof ContentValue.SpatialCoordinates s) {
            text(fields, "GraphicType", s.graphicType());
            numbers(fields, "GraphicData", s.data());
            text(fields, "ReferencedFrameOfReferenceUID", s.frameOfReference());
        } else if (value instanceof ContentValue.TemporalCoordinates t) {
            text(fields, "TemporalRangeType", t.rangeType());
            numbers(fields, "ReferencedSamplePositions", t.samplePositions());
            numbers(fields, "ReferencedTimeOffsets", t.timeOffsets());
            if (!t.dateTimes().isEmpty()) {
                text(fields, "ReferencedDateTime", String.join("\\", t.dateTimes()));
            }
        }
        return new Empty();
    }

    private static void text(Map<String, List<Node>> fields, String name, String text) {
        if (!text.isEmpty()) {
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(new Node(new Text(text), List.of()));
        }
    }

    private static void numbers(Map<String, List<Node>> fields, String name, List<BigDecimal> numbers) {
        if (!numbers.isEmpty()) {
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(new Node(new Numbers(numbers), List.of()));
        }
    }
}
