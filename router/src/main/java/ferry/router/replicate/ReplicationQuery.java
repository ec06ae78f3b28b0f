package ferry.router.replicate;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Vr;
import ferry.net.service.Matching;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which instances of a source are candidates ({@code --query KEY=VALUE...}): the keys of a C-FIND identifier with
 * their values, matched as C-FIND matches them (PS3.4 C.2.2.2: wild cards, date ranges, UID lists), at whatever
 * level each key belongs to. No Query/Retrieve Level: a source asks at the level it needs. Empty: every instance.
 *
 * @param keys the keys and values; never changed after it is made
 */
public record ReplicationQuery(DataSet keys) {
    /** Every instance. */
    public static final ReplicationQuery ALL = new ReplicationQuery(new DataSet());

    public ReplicationQuery {
        Objects.requireNonNull(keys, "keys");
    }

    /**
     * The query of {@code keys} (keyword or {@code (gggg,eeee)} to value, as {@code replications:} gives them): each
     * value checked against its VR.
     *
     * @throws IllegalArgumentException naming the key, when a key is unknown, a sequence or not text, or a date or
     *                                  time value is malformed
     */
    public static ReplicationQuery of(Map<String, String> keys) {
        DataSet query = new DataSet();
        for (Map.Entry<String, String> key : keys.entrySet()) {
            int tag = tag(key.getKey());
            Vr vr = StandardDictionary.vrOf(tag);
            String value = key.getValue() == null ? "" : key.getValue();
            if (vr == Vr.UN || vr == Vr.SQ || vr.kind() != Vr.Kind.TEXT) {
                throw new IllegalArgumentException("'" + key.getKey() + "' cannot be matched here ("
                        + (vr == Vr.UN ? "not in the data dictionary" : vr + " attribute") + ")");
            }
            if (value.isEmpty()) {
                query.put(tag, vr, Bytes.EMPTY);
                continue;
            }
            String[] values = vr.multiValued() ? value.split("\\\\", -1) : new String[] {value};
            for (String one : values) {
                String problem = vr == Vr.DA || vr == Vr.TM || vr == Vr.DT ? Matching.dateTimeProblem(vr, one) : null;
                if (problem != null) {
                    throw new IllegalArgumentException("'" + key.getKey() + ": " + value + "': " + problem);
                }
            }
            query.setString(tag, vr, values);
        }
        return new ReplicationQuery(query);
    }

    private static int tag(String name) {
        if (name.startsWith("(")) {
            return Tag.parse(name);
        }
        OptionalInt tag = StandardDictionary.tagOf(name);
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' is not a keyword of the data dictionary (e.g. "
                    + "Modality) nor a tag (gggg,eeee)");
        }
        return tag.getAsInt();
    }

    /** The keys as {@code KEY=VALUE} texts, for messages and the record (keywords where the dictionary has one). */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int tag = keys.tagAt(i);
            String keyword = StandardDictionary.keywordOf(tag).isEmpty() ? Tag.toString(tag)
                    : StandardDictionary.keywordOf(tag);
            texts.add(keyword + "=" + String.join("\\", keys.getStrings(tag)));
        }
        return texts;
    }

    /** Whether it selects every instance. */
    public boolean isAll() {
        return keys.size() == 0;
    }
}
