package ferry.core.sr;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content tree of a structured report (PS3.3 C.17.3), read from its data set, with what was wrong in it.
 *
 * <pre>{@code
 * ContentTree tree = ContentTree.read(dataSet).orElseThrow();   // empty when the data set is no SR document
 * tree.title();                  // "X-Ray Radiation Dose Report"
 * tree.simplified().toJson();    // {"X-Ray Radiation Dose Report": {"CT Accumulated Dosimetry Data": {...}}}
 * tree.measurements();           // CT Accumulated Dosimetry Data/CT Dose Length Product Total = 1234.5 mGy.cm, ...
 * }</pre>
 *
 * <p>Bounded: the tree is read at most {@link #MAX_DEPTH} levels deep (deeper content is replaced by one
 * {@link ContentValue.Problem} item), by-reference relationships are {@link ContentValue.Reference}s that are
 * never followed, and nothing in the data set makes reading throw. docs/structured-reports.md describes the forms.
 */
public record ContentTree(ContentItem root, List<Problem> problems) {
    /** How many levels of content items are read, the root being level 1; deeper content is left out. */
    public static final int MAX_DEPTH = 64;

    public ContentTree {
        problems = List.copyOf(problems);
    }

    /** Something wrong at one place of the tree: the item's {@code position} ({@code 1.2.3}) and what. */
    public record Problem(String position, String reason) {
        @Override
        public String toString() {
            return "content item " + position + ": " + reason;
        }
    }

    /**
     * Whether {@code dataSet} holds an SR content tree: its top level has Value Type (0040,A040) or Content
     * Sequence (0040,A730), as SR documents (and Key Object Selection documents) do.
     */
    public static boolean isStructuredReport(DataSet dataSet) {
        return dataSet.contains(Tags.ValueType) || dataSet.contains(Tags.ContentSequence);
    }

    /** The content tree of {@code dataSet}, or empty when it is no structured report. Never throws. */
    public static Optional<ContentTree> read(DataSet dataSet) {
        return isStructuredReport(dataSet) ? Optional.of(new ContentTreeReader(MAX_DEPTH).read(dataSet))
                : Optional.empty();
    }

    /** The document title: the root's concept name (e.g. "X-Ray Radiation Dose Report"), else {@code (CONTAINER)}. */
    public String title() {
        return root.name();
    }

    /** The tree in the simplified form: concept names to values (docs/structured-reports.md). */
    public SimplifiedReport simplified() {
        return Simplifier.simplify(root);
    }

    /**
     * Every numeric value of the tree (NUM items with a number, by-reference items not followed) with its path of
     * concept names, in document order.
     */
    public List<Measurement> measurements() {
        List<Measurement> out = new ArrayList<>();
        collect(root, List.of(), out);
        return out;
    }

    private static void collect(ContentItem item, List<String> names, List<Measurement> out) {
        if (item.value() instanceof ContentValue.Numeric n && n.number() != null && !names.isEmpty()) {
            out.add(new Measurement(names, item.position(), item.concept(), n.number(), n.unit()));
        }
        for (ContentItem child : item.children()) {
            List<String> childNames = new ArrayList<>(names);
            childNames.add(child.name());
            collect(child, childNames, out);
        }
    }
}
