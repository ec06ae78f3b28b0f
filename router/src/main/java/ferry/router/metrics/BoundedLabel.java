package ferry.router.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The values of a label that comes from outside, such as the calling AE title: the first {@code most} distinct values
 * are kept as they are, every later one becomes {@link #OTHER}. A sender cannot make the metrics grow without
 * bound by calling with ever new AE titles (each label value is a time series of its own in Prometheus). Thread-safe.
 */
final class BoundedLabel {
    /** What the values past the first {@code most} become. */
    static final String OTHER = "other";

    private final int most;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

    BoundedLabel(int most) {
        this.most = most;
    }

    /** {@code value} itself when it is among the first {@code most} seen, else {@link #OTHER}. */
    String of(String value) {
        if (kept.contains(value)) {
            return value;
        }
        if (count.incrementAndGet() > most) {
            count.decrementAndGet();
            return OTHER;
        }
        if (!kept.add(value)) {
            count.decrementAndGet(); // another thread kept it meanwhile
        }
        return value;
    }
}
