package ferry.router.index;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.data.Sequence;
import ferry.core.data.ValueFormatException;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.service.DimseStatusException;
import ferry.net.service.Matching;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A query of the index: a level and a C-FIND identifier (PS3.4 C.4.1.1.3), whose keys are matched as C.2.2.2 says
 * ({@link Matching}: single value, universal, wild card, date and time range, list of UIDs; person names without
 * regard to case) and returned with each match. Keys may be of the level and of the levels above it (relational
 * queries: {@code PatientID} at the IMAGE level). Made by {@link #of}, which checks every key. It may also hold
 * {@link MeasureCondition}s on the numeric values of structured reports ({@link #withMeasures}), which an entity meets
 * when one of its reports' values does.
 *
 * @param level      the level whose entities are matched and returned
 * @param identifier the identifier (kept as given, but for a value given to a number of related entities, which is
 *                   dropped; do not change it afterwards)
 * @param matching   its matching
 * @param measures   conditions on SR numeric values, all of which a match meets; none for a C-FIND query
 */
public record IndexQuery(QueryLevel level, DataSet identifier, Matching matching, List<MeasureCondition> measures) {
    /** Attributes of an identifier that say how to read it; not keys (C.2.2.2, C.4.1.1.3). */
    private static final Set<Integer> NOT_KEYS = Set.of(Tags.SpecificCharacterSet, Tags.QueryRetrieveLevel,
            Tags.QueryRetrieveView, Tags.TimezoneOffsetFromUTC);
    private static final Pattern UID = Pattern.compile("[0-9.]{1,64}");
    private static final Pattern CODE_STRING = Pattern.compile("[A-Z0-9 _*?]{1,16}");

    public IndexQuery {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(matching, "matching");
        measures = List.copyOf(measures);
    }

    /** A query without measure conditions. */
    public IndexQuery(QueryLevel level, DataSet identifier, Matching matching) {
        this(level, identifier, matching, List.of());
    }

    /** This query with {@code conditions} too, each to be met by some SR numeric value of a match. */
    public IndexQuery withMeasures(List<MeasureCondition> conditions) {
        List<MeasureCondition> all = new ArrayList<>(measures);
        all.addAll(conditions);
        return new IndexQuery(level, identifier, matching, all);
    }

    /**
     * The query of {@code identifier} at {@code level}.
     *
     * @throws IndexQueryException naming the key, when a key is not in the index, lies below {@code level}, is a
     *                             sequence, or has a value that is not of its VR
     */
    public static IndexQuery of(QueryLevel level, DataSet identifier) {
        for (Element element : identifier.elements()) {
            int tag = element.tag();
            if (Tag.isGroupLength(tag) || Tag.group(tag) <= 0x0002 || NOT_KEYS.contains(tag)) {
                continue;
            }
            check(level, identifier, element);
        }
        DataSet matched = withoutCountValues(identifier);
        try {
            return new IndexQuery(level, matched, Matching.of(matched));
        } catch (DimseStatusException e) {
            List<Integer> offending = e.status().offendingElements();
            throw new IndexQueryException(offending.isEmpty() ? 0 : offending.get(0), e.status().errorComment());
        }
    }

    /**
     * {@code identifier}, or a copy of it whose numbers of related entities are empty. PS3.4 C.3.4 (Table C.3-1)
     * defines them as the numbers of entities that match the query, not as attributes of an entity: they are
     * return keys, and a value given for one is not matched (universal matching, as for an optional key an SCP
     * does not match on), the count is returned.
     */
    private static DataSet withoutCountValues(DataSet identifier) {
        boolean valued = identifier.elements().stream().anyMatch(element -> isCount(element.tag())
                && !(element.value() instanceof Bytes bytes && bytes.bytes().length == 0));
        if (!valued) {
            return identifier;
        }
        DataSet copy = new DataSet();
        for (Element element : identifier.elements()) {
            if (isCount(element.tag())) {
                copy.put(element.tag(), Vr.IS, Bytes.EMPTY);
            } else {
                copy.put(element);
            }
        }
        return copy;
    }

    /** Whether {@code tag} is a number of related studies, series or instances (PS3.4 C.3.4): returned, not matched. */
    public static boolean isCount(int tag) {
        return IndexKey.of(tag).filter(key -> key.kind() == IndexKey.Kind.COUNT).isPresent();
    }

    /** Whether the index holds {@code tag} as a key at {@code level} (a C-FIND SCP may leave out the others). */
    public static boolean holds(QueryLevel level, int tag) {
        return IndexKey.of(tag).filter(key -> level.atOrBelow(key.level())).isPresent();
    }

    /** The keys the index holds at {@code level}, as keywords, in the order of the levels. */
    public static List<String> keywords(QueryLevel level) {
        return IndexKey.upTo(level).stream().map(IndexKey::keyword).toList();
    }

    private static void check(QueryLevel level, DataSet identifier, Element element) {
        int tag = element.tag();
        IndexKey key = IndexKey.of(tag).orElseThrow(() -> new IndexQueryException(tag, IndexKey.name(tag)
                + " is not in the index; its keys at the " + level + " level are " + String.join(", ",
                keywords(level))));
        if (!level.atOrBelow(key.level())) {
            String hint = key == IndexKey.MODALITY && level == QueryLevel.STUDY
                    ? " (at the STUDY level, ask for ModalitiesInStudy)" : "";
            throw new IndexQueryException(tag, IndexKey.name(tag) + " is a " + key.level() + "-level key: query at"
                    + " the " + key.level() + " level or below" + hint);
        }
        if (element.vr() == Vr.SQ || element.value() instanceof Sequence) {
            throw new IndexQueryException(tag, IndexKey.name(tag) + " is not a sequence");
        }
        List<String> values;
        try {
            values = identifier.getStrings(tag);
        } catch (ValueFormatException e) {
            throw new IndexQueryException(tag, IndexKey.name(tag) + ": " + e.getMessage());
        }
        Vr vr = element.vr();
        for (String value : values) {
            if (value.isEmpty()) {
                continue;
            }
            if (vr == Vr.UI && !UID.matcher(value).matches()) {
                throw new IndexQueryException(tag, IndexKey.name(tag) + ": '" + value + "' is not a UID (digits and"
                        + " dots, at most 64: PS3.5 §9.1)");
            }
            if (vr == Vr.CS && !CODE_STRING.matcher(value).matches()) {
                String upper = value.toUpperCase(Locale.ROOT);
                throw new IndexQueryException(tag, IndexKey.name(tag) + ": '" + value + "' is not a CS value (upper"
                        + " case letters, digits, space and _, at most 16: PS3.5 §6.2)"
                        + (CODE_STRING.matcher(upper).matches() ? "; did you mean " + upper + "?" : ""));
            }
        }
    }

    /** The columns the query selects: the stored keys of its level and above, and the counts it asks for. */
    List<IndexKey> columns() {
        return IndexKey.columns(level, keys());
    }

    /** The keys of the query (the identifier's attributes that are keys), from the patient level down. */
    List<IndexKey> keys() {
        return identifier.elements().stream().map(element -> IndexKey.of(element.tag()))
                .flatMap(Optional::stream).sorted().collect(Collectors.toList());
    }

    /** The tags of the query's keys, from the patient level down: the attributes of every match. */
    public List<Integer> keyTags() {
        return keys().stream().map(IndexKey::tag).toList();
    }
}
