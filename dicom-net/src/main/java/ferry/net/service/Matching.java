package ferry.net.service;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.data.Sequence;
import ferry.core.data.Value;
import ferry.core.data.ValueFormatException;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.dimse.Status;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The attribute matching of C-FIND (PS3.4 C.2.2.2) of one request identifier against candidate data sets, and
 * the response identifiers built from the candidates that match (C.4.1.2.1).
 *
 * <pre>{@code
 * Matching query = Matching.of(identifier);
 * for (DataSet candidate : candidates) {
 *     if (query.matches(candidate) && !responder.pending(query.response(candidate))) {
 *         return; // cancelled
 *     }
 * }
 * }</pre>
 *
 * <p>Every key of the identifier is matched except Specific Character Set, Query/Retrieve Level, Query/Retrieve
 * View and Timezone Offset From UTC, which say how to read the others (C.2.2.2). By the key's value:
 * <ul>
 * <li>empty, or {@code *}: Universal Matching; every candidate matches and its value is returned.
 * <li>{@code *} and {@code ?} in an AE, CS, LO, LT, PN, SH, ST, UC, UR or UT key: Wild Card Matching.
 * <li>DA, TM, DT with {@code -}: Range Matching, {@code 20260101-20261231}, {@code -20261231},
 *     {@code 20260101-}. Dates and times compare by meaning: {@code 2230} matches {@code 223000}, and a bound given
 *     with less precision covers all of it, so {@code 1000-18} ends at 18:59:59.999999 and the DT {@code 2026} is
 *     the whole year. DT offsets ({@code &ZZXX}) count when both sides have one; otherwise local times are compared.
 * <li>several values separated by backslash: a candidate matches when any of its values matches any of them; for UI
 *     this is List of UID Matching, for other VRs an extension (as dcm4che does).
 * <li>a sequence with one item: Sequence Matching; an item of the candidate must match all the item's keys, and
 *     the response holds the matching items with the requested attributes. An empty item (or none) asks for the
 *     whole sequence; an item of universal keys only matches every candidate (with or without items) and asks for
 *     those attributes of every item.
 * <li>anything else: Single Value Matching, case-sensitive; IS, DS and binary numbers compare as numbers.
 * </ul>
 * <b>Person names</b> (PN) are matched without regard to case, as C.2.2.2.1.1 allows (a query for {@code doe^j*}
 * finds {@code DOE^JANE}); trailing empty components do not count ({@code Doe^Jane^^} is {@code Doe^Jane}), and a
 * key without {@code =} is also tried against each component group of the value alone.
 *
 * <p>A candidate without the attribute, or with it empty, matches only universal keys. A key that cannot be
 * read (a date range that is no range, a number that is no number) makes {@link #of} throw a
 * {@link DimseStatusException} with 0xC000 Unable to Process naming the Offending Element, which a
 * {@link FindHandler} can let propagate. Immutable after construction.
 */
public final class Matching {
    /** Attributes an identifier may hold that are not matched (PS3.4 C.2.2.2, C.4.1.1.3.1, C.4.1.1.3.2). */
    private static final Set<Integer> NOT_MATCHED = Set.of(Tags.SpecificCharacterSet, Tags.QueryRetrieveLevel,
            Tags.QueryRetrieveView, Tags.TimezoneOffsetFromUTC);
    private static final Set<Vr> WILDCARD_VRS = Set.of(Vr.AE, Vr.CS, Vr.LO, Vr.LT, Vr.PN, Vr.SH, Vr.ST, Vr.UC,
            Vr.UR, Vr.UT);
    private static final KeyMatch UNIVERSAL = new KeyMatch.Universal();

    private record Key(int tag, Vr vr, KeyMatch match) {
    }

    private final DataSet identifier;
    private final List<Key> keys = new ArrayList<>();
    private final boolean item;

    private Matching(DataSet identifier, boolean item) {
        this.identifier = identifier;
        this.item = item;
        for (Element element : identifier.elements()) {
            int tag = element.tag();
            if (Tag.isGroupLength(tag) || Tag.group(tag) <= 0x0002 || (!item && NOT_MATCHED.contains(tag))) {
                continue;
            }
            keys.add(new Key(tag, element.vr(), compile(element)));
        }
    }

    /**
     * The matching asked for by a C-FIND identifier.
     *
     * @throws DimseStatusException (0xC000, with the offending element) when a key cannot be read
     */
    public static Matching of(DataSet identifier) {
        return new Matching(identifier, false);
    }

    /** The identifier this matching was made from. */
    public DataSet identifier() {
        return identifier;
    }

    /** The identifier's Query/Retrieve Level (0008,0052), e.g. {@code STUDY}; {@code null} when absent. */
    public String level() {
        return identifier.getString(Tags.QueryRetrieveLevel);
    }

    /** True when every key is universal: every candidate matches. */
    boolean universal() {
        return keys.stream().allMatch(key -> key.match() instanceof KeyMatch.Universal
                || key.match() instanceof KeyMatch.ItemMatch match && match.item().universal());
    }

    /** Whether {@code candidate} matches every key. */
    public boolean matches(DataSet candidate) {
        for (Key key : keys) {
            if (!key.match().test(candidate, key.tag())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The response identifier for a matching candidate (C.4.1.2.1): each key of the identifier with the
     * candidate's value (zero length when it has none), the identifier's Query/Retrieve Level, and the
     * candidate's Specific Character Set, since the values are the candidate's as encoded.
     */
    public DataSet response(DataSet candidate) {
        DataSet response = new DataSet();
        if (!item) {
            copy(candidate, Tags.SpecificCharacterSet, response);
            copy(identifier, Tags.QueryRetrieveLevel, response);
            for (int tag : List.of(Tags.QueryRetrieveView, Tags.TimezoneOffsetFromUTC)) {
                if (identifier.contains(tag) && !copy(candidate, tag, response)) {
                    copy(identifier, tag, response);
                }
            }
        }
        for (Key key : keys) {
            if (key.vr() == Vr.SQ) {
                respondSequence(key, candidate, response);
            } else if (!copy(candidate, key.tag(), response)) {
                response.put(key.tag(), key.vr(), Bytes.EMPTY);
            }
        }
        return response;
    }

    private static void respondSequence(Key key, DataSet candidate, DataSet response) {
        Sequence values = candidate.getSequence(key.tag());
        if (key.match() instanceof KeyMatch.ItemMatch match) {
            Sequence matching = response.newSequence(key.tag());
            if (values != null) {
                for (DataSet item : values.items()) {
                    if (match.item().matches(item)) {
                        matching.add(match.item().response(item));
                    }
                }
            }
        } else if (values != null) {
            response.put(key.tag(), Vr.SQ, values);
        } else {
            response.newSequence(key.tag());
        }
    }

    private static boolean copy(DataSet from, int tag, DataSet to) {
        Element element = from.get(tag);
        if (element == null) {
            return false;
        }
        to.put(element);
        return true;
    }

    private KeyMatch compile(Element element) {
        int tag = element.tag();
        Vr vr = element.vr();
        if (vr == Vr.SQ) {
            Sequence sequence = identifier.getSequence(tag);
            if (sequence == null || sequence.size() == 0 || sequence.item(0).isEmpty()) {
                return UNIVERSAL;
            }
            if (sequence.size() > 1) {
                throw invalid(tag, "a sequence key has one item (C.2.2.2.6), not " + sequence.size());
            }
            return new KeyMatch.ItemMatch(new Matching(sequence.item(0), true));
        }
        Value value = element.value();
        if (!(value instanceof Bytes bytes)) {
            throw invalid(tag, "not a query key value (" + value.getClass().getSimpleName() + ")");
        }
        if (bytes.bytes().length == 0) {
            return UNIVERSAL;
        }
        if (vr.kind() == Vr.Kind.BULK) {
            return new KeyMatch.SameBytes(bytes.bytes());
        }
        List<String> values;
        try {
            values = identifier.getStrings(tag).stream().filter(v -> !v.isEmpty()).toList();
        } catch (ValueFormatException e) {
            throw invalid(tag, e.getMessage());
        }
        if (values.isEmpty() || (WILDCARD_VRS.contains(vr) && values.stream().anyMatch(v -> v.matches("\\*+")))) {
            return UNIVERSAL;
        }
        List<KeyMatch.ValueTest> tests = new ArrayList<>(values.size());
        for (String v : values) {
            tests.add(valueTest(tag, vr, v));
        }
        return new KeyMatch.AnyValue(vr, tests);
    }

    private static KeyMatch.ValueTest valueTest(int tag, Vr vr, String value) {
        if (WILDCARD_VRS.contains(vr) && (value.indexOf('*') >= 0 || value.indexOf('?') >= 0)) {
            return KeyMatch.Wildcard.of(value, vr == Vr.PN);
        }
        switch (vr) {
            case DA, TM, DT:
                return dateTimeTest(tag, vr, value);
            case IS, DS, US, SS, UL, SL, UV, SV, FL, FD:
                try {
                    return new KeyMatch.Numeric(new BigDecimal(value.strip()));
                } catch (NumberFormatException e) {
                    throw invalid(tag, "'" + value + "' is not a number");
                }
            case PN:
                return new KeyMatch.IgnoringCase(KeyMatch.trimPersonName(value));
            default:
                return new KeyMatch.Exact(value);
        }
    }

    private static KeyMatch.ValueTest dateTimeTest(int tag, Vr vr, String value) {
        KeyMatch.ValueTest test = dateTimeRange(vr, value);
        if (test == null) {
            throw invalid(tag, dateTimeProblem(vr, value));
        }
        return test;
    }

    /**
     * Why {@code value} is not a {@code vr} (DA, TM or DT) query value, a single one or a range (PS3.4 C.2.2.2.5),
     * naming the format it should have (PS3.5 §6.2); {@code null} when it is one. For a requestor to check its keys
     * before it sends them, with the words this SCP would answer.
     */
    public static String dateTimeProblem(Vr vr, String value) {
        if (dateTimeRange(vr, value) != null) {
            return null;
        }
        String format = switch (vr) {
            case DA -> "YYYYMMDD";
            case TM -> "HHMMSS.FFFFFF, or its start: HH, HHMM, HHMMSS";
            case DT -> "YYYYMMDDHHMMSS.FFFFFF&ZZXX, or its start from YYYY on, the offset optional";
            default -> throw new IllegalArgumentException(vr + " is not DA, TM or DT");
        };
        return "'" + value + "' is not a " + vr + " (" + format + ") nor a " + vr + " range (two of them joined by "
                + "'-', either may be left out) (PS3.5 §6.2, PS3.4 C.2.2.2.5)";
    }

    /**
     * A single date/time or a range (C.2.2.2.5), or null when the value is neither; for DT a {@code -} may also start
     * an offset.
     */
    private static KeyMatch.ValueTest dateTimeRange(Vr vr, String value) {
        String text = value.strip();
        if (text.indexOf('-') < 0) {
            Moment single = Moment.parse(text, vr);
            return single == null ? null : new KeyMatch.Between(vr, single, single, true);
        }
        for (int dash = text.indexOf('-'); dash >= 0; dash = text.indexOf('-', dash + 1)) {
            String low = text.substring(0, dash).strip();
            String high = text.substring(dash + 1).strip();
            Moment from = low.isEmpty() ? null : Moment.parse(low, vr);
            Moment to = high.isEmpty() ? null : Moment.parse(high, vr);
            boolean valid = (low.isEmpty() || from != null) && (high.isEmpty() || to != null)
                    && !(low.isEmpty() && high.isEmpty());
            if (valid) {
                return new KeyMatch.Between(vr, from, to, false);
            }
            if (vr != Vr.DT) {
                break;
            }
        }
        return null;
    }

    private static DimseStatusException invalid(int tag, String why) {
        String keyword = StandardDictionary.keywordOf(tag);
        String name = Tag.toString(tag) + (keyword == null || keyword.isEmpty() ? "" : " " + keyword);
        return new DimseStatusException(Status.UNABLE_TO_PROCESS.withComment(name + ": " + why)
                .withOffendingElements(tag));
    }
}
