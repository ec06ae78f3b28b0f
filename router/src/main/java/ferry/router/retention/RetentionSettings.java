package ferry.router.retention;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The top-level {@code retention:} settings (docs/configuration.md): how long finished work is kept in the journal
 * database, and how often housekeeping runs. A retention of {@code off} keeps that kind of row for ever.
 *
 * @param journal       records (and their actions) of objects finished this long ago, or null for ever
 * @param forwardJobs   forward jobs delivered (or purged) this long ago, or null
 * @param notifications notifications sent or given up this long ago, or null
 * @param studies       completion state of studies reported complete and quiet this long, or null
 * @param every         how often housekeeping runs while Ferry runs
 */
public record RetentionSettings(Duration journal, Duration forwardJobs, Duration notifications, Duration studies,
                                Duration every) {
    /** Finished journal records are kept this long by default. */
    public static final Duration DEFAULT_JOURNAL = Duration.ofDays(90);
    /** Delivered forward jobs are kept this long by default. */
    public static final Duration DEFAULT_FORWARD_JOBS = Duration.ofDays(30);
    /** Sent notifications and the state of reported studies are kept this long by default. */
    public static final Duration DEFAULT_NOTIFICATIONS = Duration.ofDays(90);
    /** Housekeeping runs this often by default. */
    public static final Duration DEFAULT_EVERY = Duration.ofHours(1);
    /** The shortest retention accepted: shorter ones delete what an administrator still looks at. */
    public static final Duration MINIMUM = Duration.ofDays(1);

    /** The documented defaults. */
    public static RetentionSettings defaults() {
        return new RetentionSettings(DEFAULT_JOURNAL, DEFAULT_FORWARD_JOBS, DEFAULT_NOTIFICATIONS,
                DEFAULT_NOTIFICATIONS, DEFAULT_EVERY);
    }

    /** Reads a {@code retention:} map over the defaults. */
    public static RetentionSettings parse(ConfigNode node, ConfigProblems problems) {
        Section section = Section.of(node, problems);
        Duration journal = retention(section, "journal", DEFAULT_JOURNAL);
        Duration jobs = retention(section, "forward-jobs", DEFAULT_FORWARD_JOBS);
        Duration notifications = retention(section, "notifications", DEFAULT_NOTIFICATIONS);
        Duration studies = retention(section, "studies", DEFAULT_NOTIFICATIONS);
        Duration every = section.duration("every", DEFAULT_EVERY);
        section.finish();
        if (every.compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add(section.node("every").orElse(node), "should be at least 1m");
        }
        return new RetentionSettings(journal, jobs, notifications, studies, every);
    }

    /** A retention: a duration of at least {@link #MINIMUM}, or {@code off} (null: kept for ever). */
    private static Duration retention(Section section, String key, Duration fallback) {
        Optional<ConfigNode> node = section.node(key);
        if (node.isPresent() && node.get() instanceof ConfigNode.ScalarNode scalar && scalar.value() != null
                && scalar.value().strip().toLowerCase(Locale.ROOT).matches("off|false|no")) {
            section.string(key, null); // read: not an unknown key
            return null;
        }
        Duration value = section.duration(key, fallback);
        if (value.compareTo(MINIMUM) < 0) {
            section.problems().add(node.orElseThrow(), "should be at least 1d, or off to keep for ever (housekeeping"
                    + " never deletes unfinished work, but what is deleted cannot be looked up any more)");
            return fallback;
        }
        return value;
    }
}
