package ferry.router.qr;

import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.data.ValueFormatException;
import ferry.core.tag.DictionaryEntry;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.dimse.Status;
import ferry.net.service.DimseStatusException;
import ferry.router.index.IndexQuery;
import ferry.router.index.IndexQueryException;
import ferry.router.index.QueryLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request identifier of the Patient Root or Study Root model checked and turned into an {@link IndexQuery}
 * (PS3.4 C.4.1.1.3 for C-FIND, C.4.2.1 and C.4.3.1 for C-MOVE and C-GET). What is refused, and how:
 * <ul>
 * <li>0xA900 Identifier Does Not Match SOP Class: no Query/Retrieve Level (0008,0052), a level that is none of
 *     PATIENT, STUDY, SERIES, IMAGE or not of the model (Study Root has no PATIENT level), a key of a level below the
 *     query's, a key the data dictionary does not know (or a private one), a key whose VR is not the dictionary's;
 *     for C-MOVE and C-GET a missing or empty unique key of the retrieve level, or another key with a value that the
 *     index does not hold or cannot match (a number of related instances).</li>
 * <li>0xC000 Unable to Process: a value that cannot be matched (a date range that is none, a UID with letters, a
 *     code string in lower case, wild cards in a unique key of a retrieval).</li>
 * </ul>
 * Each names the key as Offending Element (0000,0901) and says why in Error Comment (0000,0902).
 *
 * <p>The numbers of related studies, series and instances (PS3.4 C.3.4) are counted from the index when asked for,
 * a value given for one not matched. A C-FIND key of the dictionary that the index does not hold (Patient's Age, ...)
 * is an optional key Ferry does not support: it is returned empty and the matches are sent with 0xFF01 (PS3.4
 * C.4.1.1.4). Relational queries are answered: keys of the levels above the query's (PatientName at the IMAGE level)
 * narrow the matches, and no unique key of a level above is required (PS3.4 C.4.1.2.2).
 */
final class QrIdentifier {
    /** Attributes of an identifier that say how to read it (C.4.1.1.3): neither keys nor refused. */
    private static final Set<Integer> NOT_KEYS = Set.of(Tags.SpecificCharacterSet, Tags.QueryRetrieveLevel,
            Tags.QueryRetrieveView, Tags.TimezoneOffsetFromUTC);
    /** The unique keys of the levels (PS3.4 C.6.1.1, C.6.2.1), from the top down. */
    private static final List<Integer> UNIQUE_KEYS = List.of(Tags.PatientID, Tags.StudyInstanceUID,
            Tags.SeriesInstanceUID, Tags.SOPInstanceUID);

    private QrIdentifier() {
    }

    /**
     * A checked C-FIND identifier.
     *
     * @param query      the query of the keys the index holds
     * @param unanswered the other keys, returned empty in every match (optional keys not supported)
     */
    record Find(IndexQuery query, List<Element> unanswered) {
    }

    /** The C-FIND identifier {@code identifier} of {@code model}, checked. */
    static Find find(QueryRetrieveModel model, DataSet identifier) {
        QueryLevel level = level(model, identifier);
        DataSet indexed = new DataSet();
        List<Element> unanswered = new ArrayList<>();
        for (Element element : identifier.elements()) {
            int tag = element.tag();
            if (Tag.isGroupLength(tag) || Tag.group(tag) <= 0x0002 || NOT_KEYS.contains(tag)) {
                indexed.put(element);
            } else if (IndexQuery.holds(QueryLevel.IMAGE, tag)) {
                checkKey(level, element);
                indexed.put(element);
            } else {
                known(element);
                unanswered.add(element);
            }
        }
        return new Find(query(level, indexed), List.copyOf(unanswered));
    }

    /**
     * The query at the IMAGE level of the instances a C-MOVE or C-GET identifier selects: the unique keys of the
     * retrieve level and above (a list of UIDs each, PS3.4 C.4.2.2), and any other key the index holds that has
     * a value (it narrows the selection). SOP Class UID and SOP Instance UID are returned with each match.
     */
    static IndexQuery retrieve(QueryRetrieveModel model, DataSet identifier) {
        QueryLevel level = level(model, identifier);
        int unique = UNIQUE_KEYS.get(level.ordinal());
        String value = strings(identifier, unique).stream().filter(v -> !v.isEmpty()).findFirst().orElse(null);
        if (value == null) {
            throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, unique, name(unique) + " is required with a value"
                    + " at the " + level + " level of a retrieval (PS3.4 C.4.2.1)");
        }
        DataSet query = new DataSet();
        for (Element element : identifier.elements()) {
            int tag = element.tag();
            if (Tag.isGroupLength(tag) || Tag.group(tag) <= 0x0002 || NOT_KEYS.contains(tag)) {
                continue;
            }
            boolean hasValue = strings(identifier, tag).stream().anyMatch(v -> !v.isEmpty());
            if (UNIQUE_KEYS.contains(tag) && hasValue) {
                checkKey(level, element);
                for (String uid : strings(identifier, tag)) {
                    if (uid.indexOf('*') >= 0 || uid.indexOf('?') >= 0) {
                        throw refused(Status.UNABLE_TO_PROCESS, tag, name(tag) + ": wild cards are not allowed in"
                                + " the unique keys of a retrieval (PS3.4 C.4.2.2)");
                    }
                }
                query.put(element);
            } else if (hasValue && IndexQuery.holds(QueryLevel.IMAGE, tag) && !IndexQuery.isCount(tag)) {
                checkKey(level, element);
                query.put(element);
            } else if (hasValue) {
                known(element);
                throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, tag, name(tag) + " cannot select what to"
                        + " retrieve: give the unique keys (PS3.4 C.4.2.1)");
            }
        }
        query.setString(Tags.QueryRetrieveLevel, Vr.CS, QueryLevel.IMAGE.name());
        for (int returned : List.of(Tags.SOPClassUID, Tags.SOPInstanceUID)) {
            if (!query.contains(returned)) {
                query.setString(returned, Vr.UI);
            }
        }
        return query(QueryLevel.IMAGE, query);
    }

    /** The Query/Retrieve Level of {@code identifier}, one that {@code model} has. */
    private static QueryLevel level(QueryRetrieveModel model, DataSet identifier) {
        String text = identifier.contains(Tags.QueryRetrieveLevel) ? identifier.getString(Tags.QueryRetrieveLevel)
                : null;
        if (text == null) {
            throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, Tags.QueryRetrieveLevel,
                    name(Tags.QueryRetrieveLevel) + " is missing (PS3.4 C.4.1.1.3)");
        }
        QueryLevel level = QueryLevel.of(text);
        if (level == null) {
            throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, Tags.QueryRetrieveLevel, "'" + text
                    + "' is not a level: PATIENT, STUDY, SERIES or IMAGE");
        }
        if (!model.has(level)) {
            throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, Tags.QueryRetrieveLevel, model.title()
                    + " has no " + level + " level (PS3.4 C.6.2.1): ask Patient Root");
        }
        return level;
    }

    /** Checks that a key the index holds is of {@code level} or above, with the dictionary's VR. */
    private static void checkKey(QueryLevel level, Element element) {
        int tag = element.tag();
        if (!IndexQuery.holds(level, tag)) {
            String hint = tag == Tags.Modality && level == QueryLevel.STUDY ? "; use ModalitiesInStudy" : "";
            throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, tag, name(tag) + ": below " + level + " level"
                    + hint);
        }
        known(element);
    }

    /** Checks that the dictionary knows the key and its VR is the dictionary's (UN is taken as it). */
    private static void known(Element element) {
        int tag = element.tag();
        Optional<DictionaryEntry> entry = Tag.isPrivate(tag) ? Optional.empty() : StandardDictionary.entry(tag);
        if (entry.isEmpty()) {
            throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, tag, Tag.toString(tag) + " is not a key of the"
                    + " Q/R models" + (Tag.isPrivate(tag) ? " (private)" : " (not in PS3.6)"));
        }
        Vr vr = element.vr();
        if (vr != null && vr != Vr.UN && !entry.get().vrs().contains(vr)) {
            throw refused(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, tag, name(tag) + " is " + entry.get().vrs()
                    .get(0) + ", not " + vr + " (PS3.6)");
        }
    }

    private static IndexQuery query(QueryLevel level, DataSet identifier) {
        try {
            return IndexQuery.of(level, identifier);
        } catch (IndexQueryException e) {
            throw refused(Status.UNABLE_TO_PROCESS, e.tag(), e.getMessage());
        }
    }

    private static List<String> strings(DataSet identifier, int tag) {
        try {
            return identifier.getStrings(tag);
        } catch (ValueFormatException e) {
            throw refused(Status.UNABLE_TO_PROCESS, tag, name(tag) + ": " + e.getMessage());
        }
    }

    private static DimseStatusException refused(Status status, int tag, String why) {
        return new DimseStatusException(status.withComment(why).withOffendingElements(tag));
    }

    /** {@code (0010,0020) PatientID}. */
    static String name(int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return Tag.toString(tag) + (keyword.isEmpty() ? "" : " " + keyword);
    }
}
