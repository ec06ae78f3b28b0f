package ferry.router.config;

import ferry.router.edit.TagEdit;
import ferry.router.storage.CollisionPolicy;
import ferry.router.storage.Layout;
import java.nio.file.Path;
import java.util.List;

/**
 * A route's store action: the folder, the layout that names each object's file in it, what happens when the name
 * is taken, and the tag edits applied on the way in (to the stored copy, never to the received original).
 */
public record StoreConfig(Path folder, Layout layout, CollisionPolicy collision, List<TagEdit> edits) {
    public StoreConfig {
        edits = List.copyOf(edits);
    }

    /** This store with other edits (the same ones built for running, say). */
    public StoreConfig withEdits(List<TagEdit> replaced) {
        return new StoreConfig(folder, layout, collision, replaced);
    }
}
