package ferry.router.events;

import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The log lines a PACS administrator reads to follow Ferry (docs/operations.md, "What the log says"): one line per
 * association when it ends (peer, AE titles, objects, bytes, duration, how it ended), one when a destination goes
 * down (its circuit breaker opens, with the last failure) and one when it is back (after how long). Each line also
 * carries its values as key-value pairs, which JSON logs ({@code log: {json: true}}) write as fields of their own.
 * Its logger is {@code ferry.router.events.EventLog}: {@code log: {loggers: {ferry.router.events.EventLog: warn}}}
 * silences the association lines.
 */
public final class EventLog implements EventListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    @Override
    public void on(FerryEvent event) {
        if (event instanceof AssociationEnded ended) {
            association(ended);
        } else if (event instanceof DestinationDown down) {
            LOG.atWarn().addKeyValue("event", "destination-down").addKeyValue("destination", down.destination())
                    .addKeyValue("failures_in_row", down.failuresInRow()).addKeyValue("reason", down.reason())
                    .log("destination {} is down: {} deliveries in a row failed, the last: {}; its jobs wait, the "
                            + "next probe in {}", down.destination(), down.failuresInRow(), down.reason(),
                            duration(down.nextProbeIn()));
        } else if (event instanceof DestinationRecovered recovered) {
            LOG.atInfo().addKeyValue("event", "destination-recovered")
                    .addKeyValue("destination", recovered.destination())
                    .addKeyValue("down_seconds", seconds(recovered.downFor()))
                    .log("destination {} is back after {} down: its jobs go out again", recovered.destination(),
                            duration(recovered.downFor()));
        }
    }

    private static void association(AssociationEnded ended) {
        if (ended.outcome() == AssociationEnded.Outcome.FAILED ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        AssociationOpened opened = ended.opened();
        LoggingEventBuilder line = ended.outcome() == AssociationEnded.Outcome.FAILED ? LOG.atWarn() : LOG.atInfo();
        String outcome = ended.outcome().name().toLowerCase(Locale.ROOT);
        line.addKeyValue("event", "association").addKeyValue("listener", opened.listener())
                .addKeyValue("calling_ae", opened.callingAeTitle()).addKeyValue("called_ae", opened.calledAeTitle())
                .addKeyValue("peer", opened.peer()).addKeyValue("objects", ended.objects())
                .addKeyValue("bytes", ended.bytes()).addKeyValue("refused", ended.refused())
                .addKeyValue("seconds", seconds(ended.duration())).addKeyValue("outcome", outcome)
                .log("association {}@{} → {} ({}) {} after {}{}: {} object(s), {}, {} refused",
                        opened.callingAeTitle(), opened.peer(), opened.calledAeTitle(), where(opened.listener()),
                        outcome,
                        duration(ended.duration()), ended.detail() == null ? "" : " (" + ended.detail() + ")",
                        ended.objects(), bytes(ended.bytes()), ended.refused());
    }

    /** A DICOM listener as {@code port 11112}; objects stored over HTTP (STOW-RS, docs/dicomweb.md) as {@code http}. */
    private static String where(String listener) {
        return !listener.isEmpty() && listener.chars().allMatch(Character::isDigit) ? "port " + listener : listener;
    }

    /** Seconds with milliseconds, for the key-value pairs: {@code 2.417}. */
    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }

    /** A duration for people: {@code 0.42 s}, {@code 12.3 s}, {@code 4 min 5 s}, {@code 3 h 20 min}. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1e3);
        }
        if (seconds < 7200) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** A size for people, in decimal units as {@code ls -h --si} and storescu print: {@code 820 B}, {@code 15.7 MB}. */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes / 1000.0;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 100 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
