package ferry.router.receive;

import ferry.router.events.EventListener;
import ferry.router.events.FerryEvent;
import ferry.router.events.InstanceReceived;
import ferry.router.events.InstanceRefused;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this Ferry process has received since it started, for {@code ferry status}: it listens to the receive
 * pipeline's {@link InstanceReceived} and {@link InstanceRefused} events.
 */
public final class ReceiveCounters implements EventListener {
    /** Objects of one route and the bytes of their data sets as received. */
    public record Count(long objects, long bytes) {
    }

    private static final String UNROUTED = "(unrouted)";

    private final Map<String, LongAdder[]> perRoute = new ConcurrentHashMap<>();
    private final LongAdder objects = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    @Override
    public void on(FerryEvent event) {
        if (event instanceof InstanceReceived received) {
            received(received.routes(), received.bytes());
        } else if (event instanceof InstanceRefused refused && refused.status() == InstanceRefused.OUT_OF_RESOURCES) {
            this.refused.increment();
        } else if (event instanceof InstanceRefused refused && refused.status() != InstanceRefused.PROCESSING_FAILURE) {
            failed.increment();
        }
    }

    private void received(List<String> routes, long bytes) {
        objects.increment();
        this.bytes.add(bytes);
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

    /** Objects received and their bytes, each object once whatever its routes. */
    public Count total() {
        return new Count(objects.sum(), bytes.sum());
    }

    /** Objects and bytes per route name; objects no route matched under {@code (unrouted)}. */
    public Map<String, Count> perRoute() {
        Map<String, Count> out = new TreeMap<>();
        perRoute.forEach((route, adders) -> out.put(route, new Count(adders[0].sum(), adders[1].sum())));
        return out;
    }

    /** Objects refused for lack of disk space (or a journal that cannot write): 0xA700. */
    public long refusedForDisk() {
        return refused.sum();
    }

    /** Objects refused because their data set could not be read or was not the instance named: 0xA900, 0xC000. */
    public long unreadable() {
        return failed.sum();
    }
}
