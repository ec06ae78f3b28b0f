package ferry.router.receive;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What this Ferry process has received since it started, for {@code ferry status}. */
public final class ReceiveCounters {
    /** Objects and bytes of one route. */
    public record Count(long objects, long bytes) {
    }

    private static final String UNROUTED = "(unrouted)";

    private final Map<String, LongAdder[]> perRoute = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void received(List<String> routes, long bytes) {
        if (routes.isEmpty()) {
            add(UNROUTED, bytes);
        }
        for (String route : routes) {
            add(route, bytes);
        }
    }

    private void add(String route, long bytes) {
        LongAdder[] adders = perRoute.computeIfAbsent(route, r -> new LongAdder[] {new LongAdder(), new LongAdder()});
        adders[0].increment();
        adders[1].add(bytes);
    }

    void addRefused() {
        refused.increment();
    }

    void addUnreadable() {
        failed.increment();
    }

    /** Objects and bytes per route name; objects no route matched under {@code (unrouted)}. */
    public Map<String, Count> perRoute() {
        Map<String, Count> out = new TreeMap<>();
        perRoute.forEach((route, adders) -> out.put(route, new Count(adders[0].sum(), adders[1].sum())));
        return out;
    }

    /** Objects refused for lack of disk space. */
    public long refusedForDisk() {
        return refused.sum();
    }

    /** Objects refused because their data set could not be read. */
    public long unreadable() {
        return failed.sum();
    }
}
