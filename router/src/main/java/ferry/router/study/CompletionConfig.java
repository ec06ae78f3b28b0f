package ferry.router.study;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When a route's study (or series) counts as complete (docs/notifications.md). A study completes when none of its
 * objects arrived for the quiet period, earlier when its expected objects or series are there, and at the latest
 * the force-after cap after its first arrival of the round, even while objects still arrive.
 *
 * @param quietPeriod       no object of the study for this long: complete
 * @param seriesQuietPeriod no object of a series for this long: the series is complete (series notifications,
 *                          expected series)
 * @param expectedObjects   complete as soon as this many objects of the study are stored; 0 for no such rule
 * @param expectedSeries    complete as soon as every pattern (a DICOM wildcard on Series Description) matches a
 *                          complete series; empty for no such rule
 * @param forceAfter        complete this long after the round's first arrival however busy the study still is
 */
public record CompletionConfig(Duration quietPeriod, Duration seriesQuietPeriod, long expectedObjects,
                               List<String> expectedSeries, Duration forceAfter) {
    /** Orthanc's "stable age" and mercure's study timeout are 60 s as well; seed 004 uses 16 s. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SERIES_QUIET_PERIOD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FORCE_AFTER = Duration.ofHours(24);

    public CompletionConfig {
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(seriesQuietPeriod, "seriesQuietPeriod");
        Objects.requireNonNull(forceAfter, "forceAfter");
        expectedSeries = List.copyOf(expectedSeries);
    }

    /** The defaults: 60 s quiet, 10 s for a series, nothing expected, forced after 24 h. */
    public static CompletionConfig defaults() {
        return new CompletionConfig(DEFAULT_QUIET_PERIOD, DEFAULT_SERIES_QUIET_PERIOD, 0, List.of(),
                DEFAULT_FORCE_AFTER);
    }

    /** Reads a route's {@code completion:} map; absent keys take the defaults. */
    public static CompletionConfig parse(ConfigNode node, ConfigProblems problems) {
        Section section = Section.of(node, problems);
        Duration quiet = positive(section, "quiet-period", DEFAULT_QUIET_PERIOD);
        Duration seriesQuiet = positive(section, "series-quiet-period", DEFAULT_SERIES_QUIET_PERIOD);
        long expected = section.integer("expected-objects", 0, 0, Long.MAX_VALUE);
        List<String> series = section.strings("expected-series");
        Duration force = positive(section, "force-after", DEFAULT_FORCE_AFTER);
        if (force.compareTo(quiet) <= 0) {
            problems.add(section.node("force-after").orElse(section.node()),
                    "force-after (" + force + ") must be longer than quiet-period (" + quiet + ")");
        }
        section.finish();
        return new CompletionConfig(quiet, seriesQuiet, expected, series, force);
    }

    private static Duration positive(Section section, String key, Duration fallback) {
        Duration value = section.duration(key, fallback);
        if (value.isZero() || value.isNegative()) {
            section.problems().add(section.node(key).orElse(section.node()), key + " must be longer than 0");
            return fallback;
        }
        return value;
    }
}
