package ferry.core.sr;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.data.ValueFormatException;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the content tree of an SR document (PS3.3 C.17.3, SR Document Content Module): the data set itself is the
 * root content item, its Content Sequence (0040,A730) holds the children (PS3.3 Table C.17-6, Document
 * Relationship Macro), each with a Value Type and Concept Name (PS3.3 Table C.17-5, Document Content Macro) and
 * the attributes of its value type (PS3.3 C.18). One reader reads one tree.
 *
 * <p>Never throws on what the data set holds: an item it cannot read becomes a {@link ContentValue.Problem} and a
 * {@link ContentTree.Problem}, its children still read. Recursion is bounded by {@code maxDepth}; by-reference
 * items are kept as {@link ContentValue.Reference} and never followed.
 */
final class ContentTreeReader {
    /** Value types whose items must have a Concept Name Code Sequence (PS3.3 Table C.17-5, type 1C). */
    private static final Set<ValueType> NAMED = EnumSet.of(ValueType.TEXT, ValueType.NUM, ValueType.CODE,
            ValueType.DATETIME, ValueType.DATE, ValueType.TIME, ValueType.UIDREF, ValueType.PNAME);

    private final int maxDepth;
    private final List<ContentTree.Problem> problems = new ArrayList<>();
    private final Set<String> positions = new HashSet<>();
    private final List<ContentItem> references = new ArrayList<>();

    ContentTreeReader(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    ContentTree read(DataSet document) {
        ContentItem root = item(document, "1", 1);
        for (ContentItem reference : references) {
            String target = ((ContentValue.Reference) reference.value()).target();
            String at = reference.position();
            if (at.equals(target) || at.startsWith(target + ".")) {
                problem(at, "refers to " + target + ", which contains it: a cycle, not followed");
            } else if (!positions.contains(target)) {
                problem(at, "refers to " + target + ", which is not in the tree");
            }
        }
        return new ContentTree(root, problems);
    }

    private void problem(String position, String reason) {
        problems.add(new ContentTree.Problem(position, reason));
    }

    /** The item at {@code depth} (the root is 1) and its children down to {@link #maxDepth}. */
    private ContentItem item(DataSet item, String position, int depth) {
        positions.add(position);
        String relationship = depth == 1 ? "" : text(item, Tags.RelationshipType, position);
        if (depth > 1 && relationship.isEmpty()) {
            problem(position, "no Relationship Type (0040,A010) (PS3.3 Table C.17-6)");
        }
        if (item.contains(Tags.ReferencedContentItemIdentifier)) {
            ContentItem reference = new ContentItem(position, relationship, null, reference(item, position),
                    List.of());
            if (reference.value() instanceof ContentValue.Reference) {
                references.add(reference);
            }
            return reference;
        }
        Code concept = concept(item, position);
        String typeText = text(item, Tags.ValueType, position);
        ValueType type = ValueType.of(typeText);
        ContentValue value;
        if (type == null) {
            String reason = typeText.isEmpty() ? "no Value Type (0040,A040) (PS3.3 Table C.17-5)"
                    : "value type " + typeText + " is not one Ferry reads (PS3.3 C.17.3.2.1)";
            value = new ContentValue.Problem(typeText, reason);
        } else {
            if (concept == null && (depth == 1 || NAMED.contains(type))) {
                problem(position, "no Concept Name Code Sequence (0040,A043), which " + (depth == 1
                        ? "the document root" : "a " + type + " item") + " must have (PS3.3 Table C.17-5)");
            }
            value = value(item, type);
        }
        if (value instanceof ContentValue.Problem p) {
            problem(position, p.reason());
        } else if (value instanceof ContentValue.Numeric && !NumericValues.oddity(item).isEmpty()) {
            problem(position, NumericValues.oddity(item));
        }
        return new ContentItem(position, relationship, concept, value, children(item, position, depth));
    }

    private List<ContentItem> children(DataSet item, String position, int depth) {
        Sequence content = item.getSequence(Tags.ContentSequence);
        if (content == null || content.size() == 0) {
            return List.of();
        }
        if (depth >= maxDepth) {
            String cut = position + ".1";
            String reason = "content deeper than " + maxDepth + " levels left out (" + content.size()
                    + " item(s) at level " + (depth + 1) + " and all below them)";
            problem(cut, reason);
            return List.of(new ContentItem(cut, "", null, new ContentValue.Problem("", reason), List.of()));
        }
        List<ContentItem> children = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            children.add(item(content.item(i), position + "." + (i + 1), depth + 1));
        }
        return children;
    }

    private Code concept(DataSet item, String position) {
        try {
            return Code.first(item, Tags.ConceptNameCodeSequence);
        } catch (ValueFormatException e) {
            problem(position, "Concept Name Code Sequence (0040,A043): " + e.getMessage());
            return null;
        }
    }

    private ContentValue reference(DataSet item, String position) {
        try {
            long[] path = item.getLongs(Tags.ReferencedContentItemIdentifier);
            if (path.length == 0) {
                return problem("", "empty Referenced Content Item Identifier (0040,DB73)", position);
            }
            StringBuilder target = new StringBuilder();
            for (long step : path) {
                if (step < 1) {
                    return problem("", "Referenced Content Item Identifier (0040,DB73) holds " + step
                            + ", not a position (PS3.3 C.17.3.2.5)", position);
                }
                target.append(target.length() == 0 ? "" : ".").append(step);
            }
            return new ContentValue.Reference(target.toString());
        } catch (ValueFormatException e) {
            return problem("", e.getMessage(), position);
        }
    }

    private ContentValue problem(String valueType, String reason, String position) {
        ContentValue.Problem problem = new ContentValue.Problem(valueType, reason);
        problem(position, reason);
        return problem;
    }

    /** The value of an item of {@code type}; a {@link ContentValue.Problem} when it cannot be read. */
    private ContentValue value(DataSet item, ValueType type) {
        try {
            return switch (type) {
                case CONTAINER -> new ContentValue.Container(item.getString(Tags.ContinuityOfContent, ""));
                case TEXT -> textValue(item, type, Tags.TextValue, "Text Value (0040,A160)");
                case DATETIME -> textValue(item, type, Tags.DateTime, "DateTime (0040,A120)");
                case DATE -> textValue(item, type, Tags.Date, "Date (0040,A121)");
                case TIME -> textValue(item, type, Tags.Time, "Time (0040,A122)");
                case PNAME -> textValue(item, type, Tags.PersonName, "Person Name (0040,A123)");
                case UIDREF -> textValue(item, type, Tags.UID, "UID (0040,A124)");
                case NUM -> NumericValues.read(item);
                case CODE -> coded(item);
                case COMPOSITE, IMAGE, WAVEFORM -> objectReference(item, type);
                case SCOORD, SCOORD3D, TCOORD -> coordinates(item, type);
            };
        } catch (ValueFormatException | NumberFormatException e) {
            return new ContentValue.Problem(type.name(), e.getMessage());
        }
    }

    private static ContentValue textValue(DataSet item, ValueType type, int tag, String attribute) {
        // Text Value keeps its leading spaces and line breaks; the others are single values without them
        String text = type == ValueType.TEXT ? item.getText(tag) : item.getString(tag);
        if (text == null) {
            return new ContentValue.Problem(type.name(), "a " + type + " item without " + attribute
                    + " (PS3.3 C.17.3.2.1)");
        }
        return new ContentValue.Text(type, text);
    }

    private static ContentValue coded(DataSet item) {
        Code code = Code.first(item, Tags.ConceptCodeSequence);
        if (code == null) {
            return new ContentValue.Problem(ValueType.CODE.name(),
                    "a CODE item without Concept Code Sequence (0040,A168) (PS3.3 C.18.2)");
        }
        return new ContentValue.Coded(code);
    }

    private static ContentValue objectReference(DataSet item, ValueType type) {
        Sequence sops = item.getSequence(Tags.ReferencedSOPSequence);
        if (sops == null || sops.size() == 0) {
            return new ContentValue.Problem(type.name(), "a " + type
                    + " item without Referenced SOP Sequence (0008,1199) (PS3.3 C.18.3)");
        }
        DataSet sop = sops.item(0);
        List<Integer> frames = new ArrayList<>();
        for (long frame : sop.getLongs(Tags.ReferencedFrameNumber)) {
            frames.add((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, frame)));
        }
        return new ContentValue.ObjectReference(type, sop.getString(Tags.ReferencedSOPClassUID, ""),
                sop.getString(Tags.ReferencedSOPInstanceUID, ""), frames);
    }

    private static ContentValue coordinates(DataSet item, ValueType type) {
        if (type == ValueType.TCOORD) {
            return new ContentValue.TemporalCoordinates(item.getString(Tags.TemporalRangeType, ""),
                    NumericValues.numbers(item, Tags.ReferencedSamplePositions),
                    NumericValues.numbers(item, Tags.ReferencedTimeOffsets),
                    item.getStrings(Tags.ReferencedDateTime));
        }
        String frameOfReference = type == ValueType.SCOORD3D
                ? item.getString(Tags.ReferencedFrameOfReferenceUID, "") : "";
        return new ContentValue.SpatialCoordinates(type, item.getString(Tags.GraphicType, ""),
                NumericValues.numbers(item, Tags.GraphicData), frameOfReference);
    }

    /** The first value of a text element, or an empty string; a value that cannot be read is a problem. */
    private String text(DataSet item, int tag, String position) {
        try {
            return item.getString(tag, "");
        } catch (ValueFormatException e) {
            problem(position, e.getMessage());
            return "";
        }
    }
}
