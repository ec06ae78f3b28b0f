package ferry.router.receive;

import ferry.core.tag.Tags;
import ferry.router.config.RouteConfig;
import ferry.router.config.StoreConfig;
import ferry.router.rules.RoutingTable;
import ferry.router.storage.Layout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing in force: the routing table, each route's configuration by name, the layout of the unrouted area,
 * and how far into each object's data set the header must be read for all of them.
 */
public record Routing(RoutingTable table, Map<String, RouteConfig> routes, Layout unroutedLayout, int stopBefore) {
    /** Tags the journal records whatever the rules ask for: up to Series Instance UID. */
    private static final int JOURNAL_TAGS_END = Tags.SeriesInstanceUID + 1;

    public Routing {
        routes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** The routing for {@code routes}, in order. */
    public static Routing of(RoutingTable table, List<RouteConfig> routes, Layout unroutedLayout) {
        Map<String, RouteConfig> byName = new LinkedHashMap<>();
        int stop = max(JOURNAL_TAGS_END, table.stopBefore());
        stop = max(stop, unroutedLayout.stopBefore());
        for (RouteConfig route : routes) {
            byName.put(route.name(), route);
            for (StoreConfig store : route.stores()) {
                stop = max(stop, store.layout().stopBefore());
            }
        }
        return new Routing(table, byName, unroutedLayout, stop);
    }

    private static int max(int a, int b) {
        return Integer.compareUnsigned(a, b) >= 0 ? a : b;
    }
}
