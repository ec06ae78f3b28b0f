package ferry.core.sr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Ferry's content tree written the way dcmtk's {@code dsrdump -Ph +Pc +Pl} lists it, and dsrdump's listing reduced
 * to what both say, so the two trees can be compared line by line: indentation, relationship, value type, concept
 * name code and the value of TEXT, NUM, CODE, DATE, TIME, DATETIME, UIDREF, PNAME and CONTAINER items; by-reference
 * items as {@code <inferred from 1.2.2.1>}. Referenced objects and coordinates are compared up to their value
 * (dsrdump abbreviates them), observation date times are left out.
 */
final class DsrdumpNotation {
    private static final Set<String> VALUE_NOT_COMPARED = Set.of("IMAGE", "COMPOSITE", "WAVEFORM", "SCOORD",
            "SCOORD3D", "TCOORD");

    private DsrdumpNotation() {
    }

    /** The content tree lines of a dsrdump listing, normalized. */
    static List<String> lines(String dsrdump) {
        List<String> lines = new ArrayList<>();
        for (String line : dsrdump.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("<")) {
                continue; // document header lines, blank lines
            }
            // observation date time after the item: "<...> {2001-02-13 18:47:46}"
            String item = line.replaceFirst(">\\s*\\{[^}]*\\}\\s*$", ">").stripTrailing();
            lines.add(normalize(item));
        }
        return lines;
    }

    private static String normalize(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return line;
        }
        int space = line.lastIndexOf(' ', colon);
        String type = line.substring(space + 1, colon).replace("<", "");
        if (VALUE_NOT_COMPARED.contains(type)) {
            int equals = line.indexOf('=', colon);
            return line.substring(0, equals + 1) + "…>";
        }
        return line;
    }

    /** Ferry's tree in the same notation. */
    static List<String> lines(ContentTree tree) {
        List<String> lines = new ArrayList<>();
        add(tree.root(), "", lines);
        return lines;
    }

    private static void add(ContentItem item, String indent, List<String> lines) {
        String relationship = item.relationship().isEmpty() ? "" : item.relationship().toLowerCase(Locale.ROOT) + " ";
        if (item.value() instanceof ContentValue.Reference r) {
            lines.add(indent + "<" + relationship + r.target() + ">");
            return;
        }
        String concept = item.concept() == null ? "" : item.concept().toString();
        String type = item.value().valueType();
        String value = VALUE_NOT_COMPARED.contains(type) ? "…" : value(item.value());
        lines.add(indent + "<" + relationship + type + ":" + concept + "=" + value + ">");
        for (ContentItem child : item.children()) {
            add(child, indent + "  ", lines);
        }
    }

    private static String value(ContentValue value) {
        if (value instanceof ContentValue.Container c) {
            return c.continuity();
        }
        if (value instanceof ContentValue.Text t) {
            return "\"" + t.text().replace("\r", "\\r").replace("\n", "\\n") + "\"";
        }
        if (value instanceof ContentValue.Numeric n) {
            return "\"" + n.number().toPlainString() + "\" " + n.unit();
        }
        if (value instanceof ContentValue.Coded c) {
            return c.code().toString();
        }
        return value.toString();
    }
}
