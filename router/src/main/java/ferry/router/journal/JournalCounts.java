package ferry.router.journal;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the journal has recorded since it was created.
 *
 * @param perRoute objects and bytes per route name (an object sent to two routes counts in both), sorted by name
 * @param unrouted the number of objects no route matched
 * @param objects  all objects recorded, routed or not
 * @param bytes    their total size
 */
public record JournalCounts(Map<String, RouteCount> perRoute, long unrouted, long objects, long bytes) {

    public JournalCounts {
        perRoute = Collections.unmodifiableMap(new TreeMap<>(perRoute));
    }
}
