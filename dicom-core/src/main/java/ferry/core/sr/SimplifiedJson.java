package ferry.core.sr;

import com.fasterxml.jackson.core.JsonGenerator;
import ferry.core.sr.SimplifiedReport.Field;
import ferry.core.sr.SimplifiedReport.Node;
import ferry.core.sr.SimplifiedReport.Numbers;
import ferry.core.sr.SimplifiedReport.Problem;
import ferry.core.sr.SimplifiedReport.Quantity;
import ferry.core.sr.SimplifiedReport.Text;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes {@link SimplifiedReport} nodes as JSON (docs/structured-reports.md): a node without fields is its value
 * alone (a string, {@code {"value": 12.3, "unit": "mGy"}}, a list of numbers, {@code {}} for an empty container);
 * a node with fields is an object whose value, if any, comes first as {@code value} (and {@code unit},
 * {@code qualifier}), then one member per field, a list when the name repeats. Depth is bounded by the tree's.
 */
final class SimplifiedJson {
    static final String VALUE = "value";
    static final String UNIT = "unit";
    static final String QUALIFIER = "qualifier";
    static final String PROBLEM = "(problem)";

    private SimplifiedJson() {
    }

    static void node(Node node, JsonGenerator json) throws IOException {
        if (node.fields().isEmpty() && node.value() instanceof Text t) {
            json.writeString(t.text());
            return;
        }
        if (node.fields().isEmpty() && node.value() instanceof Numbers n) {
            numbers(n, json);
            return;
        }
        json.writeStartObject();
        if (node.value() instanceof Text t) {
            json.writeStringField(VALUE, t.text());
        } else if (node.value() instanceof Numbers n) {
            json.writeFieldName(VALUE);
            numbers(n, json);
        } else if (node.value() instanceof Quantity q) {
            json.writeFieldName(VALUE);
            if (q.number() == null) {
                json.writeNull();
            } else {
                json.writeNumber(q.number());
            }
            if (!q.unit().isEmpty()) {
                json.writeStringField(UNIT, q.unit());
            }
            if (!q.qualifier().isEmpty()) {
                json.writeStringField(QUALIFIER, q.qualifier());
            }
        } else if (node.value() instanceof Problem p) {
            json.writeStringField(PROBLEM, p.reason());
        }
        for (Field field : node.fields()) {
            json.writeFieldName(field.name());
            if (field.nodes().size() == 1) {
                node(field.nodes().get(0), json);
            } else {
                json.writeStartArray();
                for (Node each : field.nodes()) {
                    node(each, json);
                }
                json.writeEndArray();
            }
        }
        json.writeEndObject();
    }

    private static void numbers(Numbers numbers, JsonGenerator json) throws IOException {
        json.writeStartArray();
        for (BigDecimal number : numbers.numbers()) {
            json.writeNumber(number);
        }
        json.writeEndArray();
    }
}
