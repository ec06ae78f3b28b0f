package ferry.router.storage;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.edit.TagEdit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's store action: the folder, the layout that names each object's file in it, what happens when the name
 * is taken, the tag edits applied on the way in (to the stored copy, never to the received original), and how long
 * stored files are kept.
 *
 * @param keep how long a stored file is kept (housekeeping deletes older ones, docs/operations.md), or null for
 *             ever (the default)
 */
public record StoreConfig(Path folder, Layout layout, CollisionPolicy collision, List<TagEdit> edits, Duration keep) {
    /** The shortest {@code keep}: files younger than an hour may belong to a study still arriving. */
    static final Duration MINIMUM_KEEP = Duration.ofHours(1);

    public StoreConfig {
        edits = List.copyOf(edits);
    }

    /** A store whose files are kept for ever. */
    public StoreConfig(Path folder, Layout layout, CollisionPolicy collision, List<TagEdit> edits) {
        this(folder, layout, collision, edits, null);
    }

    /** This store with other edits (the same ones built for running, say). */
    public StoreConfig withEdits(List<TagEdit> replaced) {
        return new StoreConfig(folder, layout, collision, replaced, keep);
    }

    /**
     * {@code folder}, or {@code {folder: ..., layout: ..., collision: ..., modify: [...], keep: ...}}: a folder
     * relative to {@code base}, with edits after the route's.
     */
    public static StoreConfig parse(ConfigNode node, Path base, List<TagEdit> routeEdits, ConfigProblems problems) {
        if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null) {
            return new StoreConfig(base.resolve(scalar.value()), defaultLayout(scalar, problems),
                    CollisionPolicy.SKIP_IDENTICAL, routeEdits);
        }
        Section section = Section.of(node, problems);
        String folder = section.requiredString("folder");
        Layout layout = section.node("layout").map(l -> Layout.parse(l, problems))
                .orElseGet(() -> defaultLayout(section.node(), problems));
        CollisionPolicy collision = section.choice("collision", CollisionPolicy.class, CollisionPolicy.SKIP_IDENTICAL);
        List<TagEdit> edits = new ArrayList<>(routeEdits);
        section.node("modify").ifPresent(m -> edits.addAll(TagEdit.parse(m, base, problems)));
        Duration keep = section.has("keep") ? section.duration("keep", MINIMUM_KEEP) : null;
        if (keep != null && keep.compareTo(MINIMUM_KEEP) < 0) {
            problems.add(section.node("keep").orElseThrow(), "should be at least 1h (files younger than an hour may "
                    + "belong to a study still arriving)");
        }
        section.finish();
        return new StoreConfig(base.resolve(folder == null ? "." : folder), layout, collision, edits, keep);
    }

    private static Layout defaultLayout(ConfigNode at, ConfigProblems problems) {
        return Layout.parse(new ConfigNode.ScalarNode(at.path(), at.line(), "default"), problems);
    }
}
