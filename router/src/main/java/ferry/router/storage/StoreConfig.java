package ferry.router.storage;

import ferry.router.edit.TagEdit;
import java.nio.file.Path;
import java.time.Duration;
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
}
