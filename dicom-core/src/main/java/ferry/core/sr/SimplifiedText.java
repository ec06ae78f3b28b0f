package ferry.core.sr;

import ferry.core.sr.SimplifiedReport.Field;
import ferry.core.sr.SimplifiedReport.Node;
import ferry.core.sr.SimplifiedReport.Numbers;
import ferry.core.sr.SimplifiedReport.Problem;
import ferry.core.sr.SimplifiedReport.Quantity;
import ferry.core.sr.SimplifiedReport.Text;
import ferry.core.sr.SimplifiedReport.Value;
import java.math.BigDecimal;

/**
 * Writes {@link SimplifiedReport} nodes as indented text, one line per node: {@code name: value}, children two
 * spaces further in, a repeated name numbered {@code name [2/3]}. Control characters in values are escaped
 * ({@code \n}, {@code \r}, {@code \t}, {@code \x1b}), so every item stays on one line.
 */
final class SimplifiedText {
    private SimplifiedText() {
    }

    static void node(String name, Node node, String indent, int width, StringBuilder out) {
        out.append(indent).append(escape(name, 0));
        String value = value(node.value());
        if (!value.isEmpty()) {
            out.append(": ").append(escape(value, width));
        }
        out.append('\n');
        String inner = indent + "  ";
        for (Field field : node.fields()) {
            int count = field.nodes().size();
            for (int i = 0; i < count; i++) {
                String label = count == 1 ? field.name() : field.name() + " [" + (i + 1) + "/" + count + "]";
                node(label, field.nodes().get(i), inner, width, out);
            }
        }
    }

    private static String value(Value value) {
        if (value instanceof Text t) {
            return t.text();
        }
        if (value instanceof Quantity q) {
            String number = q.number() == null ? "(no value)" : q.number().toPlainString();
            String unit = q.unit().isEmpty() ? "" : " " + q.unit();
            return number + unit + (q.qualifier().isEmpty() ? "" : " (" + q.qualifier() + ")");
        }
        if (value instanceof Numbers n) {
            StringBuilder out = new StringBuilder();
            for (BigDecimal number : n.numbers()) {
                out.append(out.length() == 0 ? "" : ", ").append(number.toPlainString());
            }
            return out.toString();
        }
        if (value instanceof Problem p) {
            return "(problem) " + p.reason();
        }
        return "";
    }

    /** {@code text} on one line, cut to {@code width} characters with "..." when longer (0 = never cut). */
    static String escape(String text, int width) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (width > 0 && out.length() > width) {
            out.setLength(Math.max(0, width - 3));
            out.append("...");
        }
        return out.toString();
    }
}
