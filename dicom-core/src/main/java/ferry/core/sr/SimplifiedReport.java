package ferry.core.sr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * A structured report reduced to concept names and values, after Orthanc's "simplified tags": the document title
 * names the root, each content item is a field named by its concept name ({@link ContentItem#name()}), a
 * container an object of its children, a repeated name one field with several nodes (a JSON list). The exact JSON
 * shape is in docs/structured-reports.md; {@link #toJson()} and {@link #write(JsonGenerator)} write it,
 * {@link #toText(int)} writes the same tree as indented text.
 */
public record SimplifiedReport(String title, Node root) {

    /** A name and the nodes that carry it, in document order: more than one when the name repeats. */
    public record Field(String name, List<Node> nodes) {
        public Field {
            nodes = List.copyOf(nodes);
        }
    }

    /** One content item: its own value and its children's fields (first occurrence order). */
    public record Node(Value value, List<Field> fields) {
        public Node {
            fields = List.copyOf(fields);
        }
    }

    /** What a node holds itself. */
    public sealed interface Value {
    }

    /** A container, or a reference to an object (its UIDs are fields): nothing of its own. */
    public record Empty() implements Value {
    }

    /** Text, a date, time or date time (DICOM form), a UID, a person name, a code's meaning, a reference. */
    public record Text(String text) implements Value {
    }

    /** A NUM item: {@code number} and {@code unit} {@code null}/empty when it has no value; qualifier or empty. */
    public record Quantity(BigDecimal number, String unit, String qualifier) implements Value {
    }

    /** Several numbers: graphic data, frame numbers, sample positions. */
    public record Numbers(List<BigDecimal> numbers) implements Value {
        public Numbers {
            numbers = List.copyOf(numbers);
        }
    }

    /** An item that could not be read, or content left out: why. */
    public record Problem(String reason) implements Value {
    }

    /** The report as a JSON object {@code {"<title>": ...}}, compact. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Writes the report as one JSON object {@code {"<title>": ...}} to {@code json}. */
    public void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName(title);
        SimplifiedJson.node(root, json);
        json.writeEndObject();
    }

    /**
     * The report as indented text, one line per item: {@code name: value}, two more spaces per level, repeated
     * names numbered {@code [1/2]}; values longer than {@code width} characters are cut (0 = never).
     */
    public String toText(int width) {
        StringBuilder out = new StringBuilder();
        SimplifiedText.node(title, root, "", width, out);
        return out.toString();
    }
}
