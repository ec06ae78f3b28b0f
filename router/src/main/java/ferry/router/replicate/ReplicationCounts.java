package ferry.router.replicate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The counts of a replication's pass (or of its following), updated by its threads; see {@link ReplicationReport}. */
final class ReplicationCounts {
    final AtomicLong listed = new AtomicLong();
    final AtomicLong present = new AtomicLong();
    final AtomicLong copied = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong toCopy = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    /** Back to zero, for a new pass. */
    void reset() {
        for (AtomicLong count : List.of(listed, present, copied, failed, toCopy, bytes)) {
            count.set(0);
        }
    }

    /** The counts now, {@code elapsed} since they began. */
    ReplicationReport report(Duration elapsed) {
        return new ReplicationReport(listed.get(), present.get(), copied.get(), failed.get(), toCopy.get(), bytes.get(),
                elapsed);
    }
}
