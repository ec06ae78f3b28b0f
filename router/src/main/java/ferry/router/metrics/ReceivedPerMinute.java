package ferry.router.metrics;

import ferry.router.events.EventListener;
import ferry.router.events.FerryEvent;
import ferry.router.events.InstanceReceived;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Objects and bytes received per minute over the last {@value #MINUTES} minutes, for the dashboard's chart
 * (docs/api.md, {@code GET /api/received/per-minute}): a ring of one slot per minute, fed by
 * {@link InstanceReceived}. Counting takes no lock (a slot is cleared under one when a new minute first reaches it)
 * and allocates nothing; nothing is kept across a restart. Holds no patient data.
 */
public final class ReceivedPerMinute implements EventListener {
    /** Minutes kept. */
    public static final int MINUTES = 180;
    private static final long MINUTE_MILLIS = 60_000;

    /**
     * One minute.
     *
     * @param at      its start
     * @param objects objects received in it
     * @param bytes   their bytes, as received
     */
    public record Minute(Instant at, long objects, long bytes) {
    }

    /**
     * The minutes asked for, the oldest first, the current (incomplete) one last.
     *
     * @param at     when this was read
     * @param minutes each minute, with zeros for those without objects
     */
    public record Series(Instant at, List<Minute> minutes) {
        public Series {
            minutes = List.copyOf(minutes);
        }
    }

    private final Clock clock;
    /** The minute (since the epoch) each slot counts; another minute's slot is cleared before it counts. */
    private final AtomicLongArray minuteOf = new AtomicLongArray(MINUTES);
    private final AtomicLongArray objects = new AtomicLongArray(MINUTES);
    private final AtomicLongArray bytes = new AtomicLongArray(MINUTES);

    public ReceivedPerMinute(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void on(FerryEvent event) {
        if (event instanceof InstanceReceived received) {
            long minute = clock.millis() / MINUTE_MILLIS;
            int slot = (int) (minute % MINUTES);
            if (minuteOf.get(slot) != minute) {
                claim(slot, minute);
            }
            objects.incrementAndGet(slot);
            bytes.addAndGet(slot, received.bytes());
        }
    }

    private synchronized void claim(int slot, long minute) {
        if (minuteOf.get(slot) != minute) {
            objects.set(slot, 0);
            bytes.set(slot, 0);
            minuteOf.set(slot, minute);
        }
    }

    /** The last {@code count} minutes (1 to {@value #MINUTES}), this one included. */
    public Series last(int count) {
        if (count < 1 || count > MINUTES) {
            throw new IllegalArgumentException("minutes must be from 1 to " + MINUTES);
        }
        long now = clock.millis();
        long current = now / MINUTE_MILLIS;
        List<Minute> minutes = new ArrayList<>(count);
        for (long minute = current - count + 1; minute <= current; minute++) {
            int slot = (int) (minute % MINUTES);
            boolean counted = minuteOf.get(slot) == minute;
            minutes.add(new Minute(Instant.ofEpochMilli(minute * MINUTE_MILLIS), counted ? objects.get(slot) : 0,
                    counted ? bytes.get(slot) : 0));
        }
        return new Series(Instant.ofEpochMilli(now), minutes);
    }
}
