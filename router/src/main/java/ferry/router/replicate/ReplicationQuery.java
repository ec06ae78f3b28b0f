package ferry.router.replicate;

import ferry.core.data.DataSet;
import java.util.Objects;

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

    /** Whether it selects every instance. */
    public boolean isAll() {
        return keys.size() == 0;
    }
}
