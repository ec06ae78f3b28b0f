package ferry.core.sr;

import java.util.List;

/**
 * One SR content item and its children (PS3.3 C.17.3, SR Document Content Module). {@code position} is the item's
 * place in the tree as Referenced Content Item Identifier counts it and dsrdump prints it: {@code 1} for the
 * document root, {@code 1.2} for its second child. {@code relationship} is the Relationship Type (0040,A010) with
 * its parent ({@code CONTAINS}, {@code HAS PROPERTIES} …), empty for the root; {@code concept} the Concept Name
 * Code Sequence (0040,A043), {@code null} when the item has none.
 */
public record ContentItem(String position, String relationship, Code concept, ContentValue value,
        List<ContentItem> children) {
    public ContentItem {
        children = List.copyOf(children);
    }

    /**
     * The name of this item in the simplified form and in measurement paths: the concept name's meaning (else its
     * code value); for an item without a concept name, its value type in parentheses, {@code (IMAGE)}; for a
     * by-reference item {@code (reference)}, for a problem {@code (problem)}.
     */
    public String name() {
        if (concept != null && !concept.name().isEmpty()) {
            return concept.name();
        }
        if (value instanceof ContentValue.Reference) {
            return "(reference)";
        }
        if (value instanceof ContentValue.Problem) {
            return "(problem)";
        }
        return "(" + value.valueType() + ")";
    }
}
