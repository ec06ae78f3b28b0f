package ferry.router.forward;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.tagexport.TagShape;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A JSON lines file the tags of objects are exported to ({@code json-lines:} under {@code destinations:},
 * docs/tag-export.md): one line per object, files named by day and numbered when they grow past a size.
 *
 * @param folder    where the files are
 * @param name      the files' name before the date and {@code .jsonl}
 * @param shape     how the tags are written
 * @param maxSize   a file is closed and the next one begun before it would grow past this many bytes
 * @param daily     a new file each day ({@code NAME-YYYY-MM-DD.jsonl}); else {@code NAME.jsonl}
 * @param batchSize lines written at once, at most
 */
public record JsonLinesConfig(Path folder, String name, TagShape shape, long maxSize, boolean daily, int batchSize)
        implements DestinationConfig {
    /** The files' name when none is given. */
    public static final String DEFAULT_NAME = "ferry-tags";
    /** The largest file when not configured: 100 MiB. */
    public static final long DEFAULT_MAX_SIZE = 100L << 20;
    /** The smallest {@code max-size}: 64 KiB. */
    public static final long LEAST_MAX_SIZE = 64L << 10;
    /** Lines written at once when not configured. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public JsonLinesConfig {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
    }

    /** One file at a time: lines are appended by one writer. */
    @Override
    public int maxParallel() {
        return 1;
    }

    /** A folder path, or a map with {@code folder} and settings. */
    public static JsonLinesConfig parse(ConfigNode node, ConfigProblems problems, Path base) {
        if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null && !scalar.value().isBlank()) {
            return new JsonLinesConfig(base.resolve(scalar.value().strip()), DEFAULT_NAME, TagShape.SIMPLIFIED,
                    DEFAULT_MAX_SIZE, true, DEFAULT_BATCH_SIZE);
        }
        Section section = Section.of(node, problems);
        String folder = section.requiredString("folder");
        String name = section.string("name", DEFAULT_NAME).strip();
        if (!NAME.matcher(name).matches()) {
            problems.add(section.node("name").orElse(section.node()), "'" + name + "' cannot name the files: "
                    + "letters, digits, '.', '_' and '-', not starting with '.', '_' or '-'");
        }
        TagShape shape = section.choice("shape", TagShape.class, TagShape.SIMPLIFIED);
        long maxSize = section.size("max-size", DEFAULT_MAX_SIZE);
        if (maxSize < LEAST_MAX_SIZE) {
            problems.add(section.node("max-size").orElse(section.node()), "must be at least 64KiB, found "
                    + maxSize + " bytes");
            maxSize = DEFAULT_MAX_SIZE;
        }
        boolean daily = section.bool("daily", true);
        int batchSize = (int) section.integer("batch-size", DEFAULT_BATCH_SIZE, 1, SplunkHecConfig.MOST_BATCH_SIZE);
        section.finish();
        return new JsonLinesConfig(base.resolve(folder == null ? "." : folder.strip()), name, shape, maxSize, daily,
                batchSize);
    }
}
