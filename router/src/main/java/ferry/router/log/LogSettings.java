package ferry.router.log;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code log:} settings (docs/configuration.md). Without a file Ferry logs to the console (stderr), as before;
 * with one it writes there, rolled when it reaches {@code maxFileSize} and at midnight, keeping the rolled files of
 * {@code maxDays} days up to {@code totalSize} in all (the oldest go first), and logs to the console too only when
 * {@code console} says so.
 *
 * @param level       the level of every logger not named in {@code loggers}
 * @param loggers     levels of single loggers or packages, e.g. {@code ferry.router.queue: debug}
 * @param file        the log file, or {@code null} for the console only
 * @param console     whether to log to stderr as well as to the file (always true without a file)
 * @param json        one JSON object per line instead of text
 * @param maxFileSize the size at which the file is rolled
 * @param maxDays     days of rolled files kept
 * @param totalSize   the cap on all rolled files together
 */
public record LogSettings(Level level, Map<String, Level> loggers, Path file, boolean console, boolean json,
                          long maxFileSize, int maxDays, long totalSize) {
    /** The size at which the log file is rolled, by default. */
    public static final long DEFAULT_MAX_FILE_SIZE = 50L << 20;
    /** Days of rolled log files kept, by default. */
    public static final int DEFAULT_MAX_DAYS = 30;
    /** The cap on the rolled files together, by default. */
    public static final long DEFAULT_TOTAL_SIZE = 1L << 30;

    /** How much is logged, least first. */
    public enum Level {
        ERROR, WARN, INFO, DEBUG, TRACE
    }

    public LogSettings {
        loggers = Map.copyOf(loggers);
        console = console || file == null;
    }

    /** INFO to the console, no file: Ferry's behaviour without a {@code log:} section. */
    public static LogSettings defaults() {
        return new LogSettings(Level.INFO, Map.of(), null, true, false, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_DAYS,
                DEFAULT_TOTAL_SIZE);
    }

    /** These settings writing to {@code logFile} (and not to the console): a Ferry started by {@code ferry start}. */
    public LogSettings toFile(Path logFile) {
        return new LogSettings(level, loggers, logFile, false, json, maxFileSize, maxDays, totalSize);
    }

    /** Reads a {@code log:} map; relative file names resolve against {@code base}. */
    public static LogSettings parse(ConfigNode node, ConfigProblems problems, Path base) {
        Section section = Section.of(node, problems);
        Level level = section.choice("level", Level.class, Level.INFO);
        Map<String, Level> loggers = new LinkedHashMap<>();
        section.section("loggers").ifPresent(named -> {
            for (String logger : named.node().entries().keySet()) {
                loggers.put(logger, named.choice(logger, Level.class, Level.INFO));
            }
        });
        String file = section.string("file", null);
        boolean console = section.bool("console", file == null);
        boolean json = section.bool("json", false);
        long maxFileSize = section.size("max-file-size", DEFAULT_MAX_FILE_SIZE);
        Duration keep = section.duration("max-age", Duration.ofDays(DEFAULT_MAX_DAYS));
        long totalSize = section.size("total-size", DEFAULT_TOTAL_SIZE);
        section.finish();
        if (maxFileSize < 64 << 10) {
            problems.add(section.node("max-file-size").orElse(node), "should be at least 64KB");
        }
        if (keep.toDays() < 1) {
            problems.add(section.node("max-age").orElse(node), "should be at least 1d (files roll daily)");
        }
        if (totalSize < maxFileSize) {
            problems.add(section.node("total-size").orElse(node), "should be at least max-file-size");
        }
        if (file != null && file.isBlank()) {
            problems.add(section.node("file").orElse(node), "a log file needs a name; leave the key out to log to "
                    + "the console");
            file = null;
        }
        return new LogSettings(level, loggers, file == null ? null : base.resolve(file), console, json, maxFileSize,
                (int) Math.max(1, keep.toDays()), totalSize);
    }
}
