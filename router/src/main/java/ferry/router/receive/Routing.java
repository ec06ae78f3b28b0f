package ferry.router.receive;

import ferry.core.tag.Tags;
import ferry.router.edit.TagEdit;
import ferry.router.forward.ForwardConfig;
import ferry.router.rules.RoutingTable;
import ferry.router.storage.CollisionPolicy;
import ferry.router.storage.Layout;
import ferry.router.storage.LayoutFolder;
import ferry.router.storage.Placement;
import ferry.router.storage.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The routing in force: the routing table, each route's stores by route name, the unrouted area, whether objects
 * are indexed ({@code index: on}), and how far into each object's data set the header must be read for all of them
 * (up to the pixel data when they are indexed: docs/index.md). A reload makes a new one; objects keep the one they
 * were received under.
 */
public record Routing(RoutingTable table, Map<String, List<Store>> stores, Map<String, List<ForwardConfig>> forwards,
                      Store unrouted, boolean indexed, int stopBefore) {
    /**
     * Tags read whatever the rules ask for: the journal's (up to Series Instance UID) and the completion reports'
     * (Series Number).
     */
    private static final int JOURNAL_TAGS_END = Tags.SeriesNumber + 1;
    /** The header of an indexed object: everything before the pixel data (float pixel data is the first kind). */
    private static final int INDEXED_HEADER_END = Tags.FloatPixelData;

    /** One store action of a route: its configuration and the folder store that carries it out. */
    public record Store(StoreConfig config, LayoutFolder folder) {
    }

    public Routing {
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
        forwards = Collections.unmodifiableMap(new LinkedHashMap<>(forwards));
    }

    /**
     * The routing for {@code routes}, in order, placing files with {@code placement}, indexing objects when
     * {@code indexed}; the stores' tag edits are built for running with {@code environment}
     * ({@link TagEdit#forRunning(List, Function)}).
     *
     * @throws IllegalStateException when an environment variable an edit names (a de-identification secret) is not set
     */
    public static Routing of(RoutingTable table, List<RouteConfig> routes, Path unroutedFolder, Placement placement,
                             boolean indexed, Function<String, String> environment) {
        Map<String, List<Store>> byName = new LinkedHashMap<>();
        Map<String, List<ForwardConfig>> forwards = new LinkedHashMap<>();
        Layout unroutedLayout = Layout.preset("default");
        int stop = max(JOURNAL_TAGS_END, table.stopBefore());
        stop = max(stop, unroutedLayout.stopBefore());
        if (indexed) {
            stop = max(stop, INDEXED_HEADER_END);
        }
        for (RouteConfig route : routes) {
            List<Store> stores = new ArrayList<>();
            for (StoreConfig store : route.stores()) {
                StoreConfig running = store.withEdits(TagEdit.forRunning(store.edits(), environment));
                stores.add(new Store(running, new LayoutFolder(store.folder(), store.layout(), store.collision(),
                        placement)));
                stop = max(stop, store.layout().stopBefore());
            }
            byName.put(route.name(), List.copyOf(stores));
            forwards.put(route.name(), route.forwards().stream().map(forward -> new ForwardConfig(
                    forward.destination(), TagEdit.forRunning(forward.edits(), environment))).toList());
        }
        StoreConfig unrouted = new StoreConfig(unroutedFolder, unroutedLayout, CollisionPolicy.SKIP_IDENTICAL,
                List.of());
        return new Routing(table, byName, forwards, new Store(unrouted, new LayoutFolder(unroutedFolder, unroutedLayout,
                CollisionPolicy.SKIP_IDENTICAL, placement)), indexed, stop);
    }

    private static int max(int a, int b) {
        return Integer.compareUnsigned(a, b) >= 0 ? a : b;
    }
}
