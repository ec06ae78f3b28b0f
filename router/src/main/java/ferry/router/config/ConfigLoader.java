package ferry.router.config;

import ferry.net.assoc.AcceptorLimits;
import ferry.router.action.Resend;
import ferry.router.action.StoreActions;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.config.yaml.YamlSource;
import ferry.router.edit.TagEdit;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.ForwardConfig;
import ferry.router.journal.Durability;
import ferry.router.log.LogSettings;
import ferry.router.notify.NotifyConfig;
import ferry.router.notify.SmtpConfig;
import ferry.router.queue.QueueConfig;
import ferry.router.receive.RouteConfig;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.ReplicationConfig;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.service.Endpoints;
import ferry.router.retention.RetentionSettings;
import ferry.router.rules.Condition;
import ferry.router.rules.RoutingTable;
import ferry.router.storage.CollisionPolicy;
import ferry.router.storage.Layout;
import ferry.router.storage.StoreConfig;
import ferry.router.study.CompletionConfig;
import ferry.router.study.RetryConfig;
import ferry.router.web.auth.Users;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a {@link FerryConfig} from a YAML file (docs/configuration.md), from seed 000's {@code routes.json}
 * (a list of {@code {"AETITLE", "PATH", "EMAIL"}} objects, given as the file or referenced by
 * {@code routes-json:}), or the embedded default. Every problem of a file is reported at once.
 */
public final class ConfigLoader {
    /** The data directory of the embedded default, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("ferry-data");
    /** The free disk space under which new objects are refused, by default. */
    public static final long DEFAULT_MINIMUM_FREE_DISK = 500L << 20;
    /** The shortest {@code keep:} of a store folder. */
    /** The layout preset of seed 000's routes.json (PatientID/StudyDate_StudyTime/SeriesInstanceUID/SOPInstanceUID). */
    public static final String ROUTES_JSON_LAYOUT = "routes-json";

    private ConfigLoader() {
    }

    /**
     * Ferry with no configuration file: AE {@code FERRY} on port 11112, everything stored under
     * {@code dataDirectory/store} with the default layout.
     */
    public static FerryConfig embeddedDefault(Path dataDirectory) {
        ConfigProblems problems = new ConfigProblems();
        RouteConfig route = defaultRoute(dataDirectory, problems);
        return new FerryConfig(null, dataDirectory, Durability.PROCESS, DEFAULT_MINIMUM_FREE_DISK,
                List.of(ListenerConfig.embeddedDefault()), List.of(route), SmtpConfig.defaults(), RetryConfig.DEFAULT,
                QueueConfig.DEFAULT, Map.of(), Map.of(), LogSettings.defaults(),
                RetentionSettings.defaults(), true, List.of(), true, HttpConfig.defaults(), Users.NONE);
    }

    /** Reads and validates {@code file} (YAML, or a routes.json list). */
    public static FerryConfig load(Path file) throws IOException, ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no configuration file " + file.toAbsolutePath());
        }
        ConfigNode root = YamlSource.read(file);
        Path base = file.toAbsolutePath().getParent();
        return fromNode(root, base, file);
    }

    /** Validates an already parsed configuration; relative paths resolve against {@code base}. */
    public static FerryConfig fromNode(ConfigNode root, Path base, Path source) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        String name = source == null ? "configuration" : source.toString();
        if (root instanceof ConfigNode.ListNode routesJson) {
            Path data = base.resolve(DEFAULT_DATA_DIRECTORY);
            List<RouteConfig> routes = routesJson(routesJson, base, CompletionConfig.defaults(), problems);
            problems.throwIfAny(name);
            // Like the storescp of seed 000: answer to any called AE title; the routes sort by it.
            ListenerConfig anyAeTitle = new ListenerConfig(null, ListenerConfig.DEFAULT_PORT, Set.of(), List.of(),
                    ListenerConfig.DEFAULT_MAX_ASSOCIATIONS, AcceptorLimits.DEFAULT, null, false);
            return new FerryConfig(source, data, Durability.PROCESS, DEFAULT_MINIMUM_FREE_DISK, List.of(anyAeTitle),
                    routes, SmtpConfig.defaults(), RetryConfig.DEFAULT, QueueConfig.DEFAULT, Map.of(), Map.of(),
                    LogSettings.defaults(), RetentionSettings.defaults(), true, List.of(), true, HttpConfig.defaults(),
                    Users.NONE);
        }
        Section top = Section.of(root, problems);
        Path data = base.resolve(top.string("data-directory", DEFAULT_DATA_DIRECTORY.toString()));
        Durability durability = top.choice("durability", Durability.class, Durability.PROCESS);
        long minimumFree = top.size("min-free-disk", DEFAULT_MINIMUM_FREE_DISK);
        boolean index = top.bool("index", true);
        boolean metrics = top.bool("metrics", true);
        List<ListenerConfig> listeners = new ArrayList<>();
        for (ConfigNode listener : top.list("listeners")) {
            listeners.add(ListenerConfig.parse(listener, problems, base));
        }
        if (!top.has("listeners")) {
            listeners.add(ListenerConfig.embeddedDefault());
        }
        checkPorts(listeners, top, problems);
        checkQueryRetrieve(listeners, index, top, problems);
        RetentionSettings retention = top.node("retention").map(node -> RetentionSettings.parse(node, problems))
                .orElseGet(RetentionSettings::defaults);
        LogSettings log = top.node("log").map(node -> LogSettings.parse(node, problems, base))
                .orElseGet(LogSettings::defaults);
        SmtpConfig smtp = top.node("smtp").map(node -> SmtpConfig.parse(node, problems))
                .orElseGet(SmtpConfig::defaults);
        RetryConfig retry = top.node("notifications").map(node -> RetryConfig.parse(node, problems))
                .orElse(RetryConfig.DEFAULT);
        QueueConfig queue = top.node("queue").map(node -> QueueConfig.parse(node, problems, QueueConfig.DEFAULT))
                .orElse(QueueConfig.DEFAULT);
        Map<String, QueueConfig> destinationQueues = new LinkedHashMap<>();
        Map<String, DestinationConfig> destinations = top.node("destinations")
                .map(node -> DestinationConfig.parseAll(withoutQueues(node, queue, destinationQueues, problems),
                        problems, base))
                .orElse(Map.of());
        // completion: at the top is every route's default; a route's own keys replace it as a whole
        CompletionConfig completion = top.node("completion").map(node -> CompletionConfig.parse(node, problems))
                .orElseGet(CompletionConfig::defaults);
        List<RouteConfig> routes = new ArrayList<>();
        for (ConfigNode route : top.list("routes")) {
            routes.add(route(route, base, completion, problems));
        }
        String routesJsonFile = top.string("routes-json", null);
        if (routesJsonFile != null) {
            routes.addAll(routesJsonFile(base.resolve(routesJsonFile), top.node("routes-json").orElseThrow(),
                    base, completion, problems));
        }
        if (!top.has("routes") && routesJsonFile == null) {
            routes.add(defaultRoute(data, problems));
        }
        List<ReplicationConfig> replications = replications(top, base, destinations, listeners, problems);
        HttpConfig http = top.node("http").map(node -> HttpConfig.parse(node, problems, base))
                .orElseGet(HttpConfig::defaults);
        Users users = top.node("users").map(node -> Users.parse(node, problems)).orElse(Users.NONE);
        checkHttp(http, users, top, problems);
        DicomWebConfig dicomWeb = top.node("dicomweb").map(node -> DicomWebConfig.parse(node, problems))
                .orElseGet(DicomWebConfig::defaults);
        DatabaseConfig database = DatabaseConfig.parse(top, base, problems);
        top.finish();
        checkForwards(top, routes, destinations, problems);
        checkKeep(routes, destinations, data, problems);
        new RoutingTable(routes.stream().map(RouteConfig::rule).toList(), problems);
        problems.throwIfAny(name);
        return new FerryConfig(source, data, durability, minimumFree, listeners, routes, smtp, retry, queue,
                destinations, destinationQueues, log, retention, index, replications, metrics, http, users,
                dicomWeb, database);
    }

    /**
     * The web server may listen beyond this machine only with users who must log in (docs/web.md, "Security"):
     * without users, whoever connects is an administrator.
     */
    private static void checkHttp(HttpConfig http, Users users, Section top, ConfigProblems problems) {
        if (http.enabled() && !http.loopbackOnly() && users.isEmpty()) {
            problems.add(top.node("http").orElse(top.node()), "the web server would listen on "
                    + http.address().getHostAddress() + ", beyond this machine, with no users: add users: with"
                    + " their roles and password hashes, or keep the address 127.0.0.1 (docs/web.md)");
        }
    }

    /**
     * Reports a port that two listeners share, once, at the later listener's {@code port}. A listener whose port is
     * invalid (reported already, and replaced by the default) takes part in nothing.
     */
    private static void checkPorts(List<ListenerConfig> listeners, Section top, ConfigProblems problems) {
        List<ConfigNode> nodes = top.node("listeners").filter(ConfigNode.ListNode.class::isInstance)
                .map(list -> ((ConfigNode.ListNode) list).items()).orElse(List.of());
        Map<Integer, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            ConfigNode node = i < nodes.size() ? nodes.get(i) : top.node();
            Optional<ConfigNode> written = node instanceof ConfigNode.MapNode map ? map.get("port") : Optional.empty();
            int port = listeners.get(i).port();
            if (!(node instanceof ConfigNode.MapNode) && i < nodes.size()
                    || written.isPresent() && !writtenAs(written.get(), port)) {
                continue;
            }
            Integer earlier = first.putIfAbsent(port, i);
            if (earlier != null) {
                problems.add(written.orElse(node), "port " + port + " is listeners[" + earlier + "]'s already: two"
                        + " listeners cannot share a port");
            }
        }
    }

    /**
     * The {@code replications:} entries, their names unique; one fetching by C-MOVE from a DICOM node, on a port of
     * its own.
     */
    private static List<ReplicationConfig> replications(Section top, Path base,
                                                        Map<String, DestinationConfig> destinations,
                                                        List<ListenerConfig> listeners, ConfigProblems problems) {
        List<ReplicationConfig> replications = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<Integer, String> movePorts = new HashMap<>();
        for (ConfigNode node : top.list("replications")) {
            ReplicationConfig replication = ReplicationConfig.parse(node, base, problems);
            if (replication != null) {
                Section entry = Section.of(node, new ConfigProblems());
                Endpoints.problem(replication.from(), EndpointException.Side.SOURCE, destinations.keySet())
                        .ifPresent(p -> problems.add(entry.node("from").orElse(node), p));
                Endpoints.problem(replication.to(), EndpointException.Side.DESTINATION, destinations.keySet())
                        .ifPresent(p -> problems.add(entry.node("to").orElse(node), p));
                if (replication.retrieve() instanceof Retrieve.Move move) {
                    checkMove(replication, move, destinations, listeners, movePorts, entry, problems);
                }
            }
            if (replication != null && !names.add(replication.name())) {
                problems.add(node, "a second replication named " + replication.name() + ": names must differ (each "
                        + "keeps its record under its name)");
            } else if (replication != null) {
                replications.add(replication);
            }
        }
        return replications;
    }

    /**
     * Reports a C-MOVE replication whose source is no DICOM node, or whose move port is a listener's or another such
     * replication's (each listens on its own while it runs).
     */
    private static void checkMove(ReplicationConfig replication, Retrieve.Move move,
                                  Map<String, DestinationConfig> destinations, List<ListenerConfig> listeners,
                                  Map<Integer, String> movePorts, Section entry, ConfigProblems problems) {
        if (!(destinations.get(replication.from()) instanceof DestinationConfig.Dicom)) {
            problems.add(entry.node("retrieve").orElse(entry.node()), Endpoints.notDicomToMove(replication.from()));
        }
        ConfigNode port = entry.node("move-port").orElse(entry.node());
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig listener = listeners.get(i);
            if (listener.port() == move.port() && (listener.bindAddress() == null || move.bindAddress() == null
                    || listener.bindAddress().equals(move.bindAddress()))) {
                problems.add(port, "port " + move.port() + " is listeners[" + i + "]'s: the move destination of a "
                        + "replication needs a port of its own");
            }
        }
        String earlier = movePorts.putIfAbsent(move.port(), replication.name());
        if (earlier != null) {
            problems.add(port, "port " + move.port() + " is the move destination of replication " + earlier
                    + " already: each replication fetching by C-MOVE needs a port (and AE title) of its own");
        }
    }

    /** Reports a listener with {@code query-retrieve: on} while {@code index: off}: there would be nothing to answer. */
    private static void checkQueryRetrieve(List<ListenerConfig> listeners, boolean index, Section top,
                                           ConfigProblems problems) {
        if (index) {
            return;
        }
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i).queryRetrieve()) {
                problems.add(top.node("index").orElse(top.node()), "listeners[" + i + "] has query-retrieve: on,"
                        + " which answers from the index: set index: on (docs/query-retrieve.md)");
            }
        }
    }

    /** Whether {@code node} holds {@code port} as written (not an invalid value replaced by the default). */
    private static boolean writtenAs(ConfigNode node, int port) {
        try {
            return node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null
                    && Long.parseLong(scalar.value().strip()) == port;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static RouteConfig route(ConfigNode node, Path base, CompletionConfig defaultCompletion,
                                     ConfigProblems problems) {
        Section section = Section.of(node, problems);
        String name = section.requiredString("name");
        if (name != null && (name.isBlank() || name.chars().anyMatch(Character::isISOControl)
                || name.equals(StoreActions.UNROUTED) || name.equals(Resend.ROUTE))) {
            problems.add(section.node("name").orElseThrow(), "'" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' cannot be a route name (not empty, no control characters, not "
                    + StoreActions.UNROUTED + ", not " + Resend.ROUTE + ")");
        }
        boolean isDefault = section.bool("default", false);
        Condition when = section.node("when").map(w -> Condition.parse(w, problems)).orElseGet(Condition::always);
        boolean continueToNext = section.bool("continue", false);
        List<TagEdit> routeEdits = section.node("modify").map(m -> TagEdit.parse(m, base, problems)).orElse(List.of());
        List<StoreConfig> stores = new ArrayList<>();
        for (ConfigNode store : section.list("store")) {
            stores.add(StoreConfig.parse(store, base, routeEdits, problems));
        }
        List<ForwardConfig> forwards = new ArrayList<>();
        for (ConfigNode forward : section.list("forward")) {
            forwards.add(ForwardConfig.parse(forward, routeEdits, problems));
        }
        if (stores.isEmpty() && forwards.isEmpty()) {
            problems.add(section.node(), "route '" + name + "' does nothing: give it a store or a forward");
        }
        CompletionConfig completion = section.node("completion").map(c -> CompletionConfig.parse(c, problems))
                .orElse(defaultCompletion);
        List<NotifyConfig> notify = new ArrayList<>();
        for (ConfigNode entry : section.list("notify")) {
            notify.add(NotifyConfig.parse(entry, problems, base));
        }
        section.finish();
        return new RouteConfig(name == null ? "?" : name, when, continueToNext, isDefault, stores, forwards, completion,
                notify, section.node().line());
    }

    /**
     * The {@code destinations:} map with each destination's own {@code queue:} settings taken out (into
     * {@code queues}, over the top-level ones); the rest is the destination itself.
     */
    private static ConfigNode withoutQueues(ConfigNode destinations, QueueConfig defaults,
                                            Map<String, QueueConfig> queues, ConfigProblems problems) {
        if (!(destinations instanceof ConfigNode.MapNode map)) {
            return destinations;
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : map.entries().entrySet()) {
            ConfigNode value = entry.getValue();
            if (value instanceof ConfigNode.MapNode destination && destination.entries().containsKey("queue")) {
                queues.put(entry.getKey(), QueueConfig.parse(destination.entries().get("queue"), problems, defaults));
                Map<String, ConfigNode> rest = new LinkedHashMap<>(destination.entries());
                rest.remove("queue");
                value = new ConfigNode.MapNode(destination.path(), destination.line(), rest);
            }
            entries.put(entry.getKey(), value);
        }
        return new ConfigNode.MapNode(map.path(), map.line(), entries);
    }

    private static void checkForwards(Section top, List<RouteConfig> routes, Map<String, DestinationConfig> known,
                                      ConfigProblems problems) {
        for (RouteConfig route : routes) {
            for (ForwardConfig forward : route.forwards()) {
                if (!known.containsKey(forward.destination())) {
                    problems.add(route.line(), "routes." + route.name() + ".forward", "no destination '"
                            + forward.destination() + "' under destinations:" + (known.isEmpty() ? ""
                            : " (there are: " + String.join(", ", known.keySet()) + ")"));
                }
            }
        }
    }

    /**
     * A store folder whose files age out ({@code keep:}) must not delete what is not its own or still needed: the
     * data directory (journal, spool) and the folders of other stores and folder destinations that keep their files
     * must not be inside it, and the route's studies must be complete (and notified) before their files go.
     */
    private static void checkKeep(List<RouteConfig> routes, Map<String, DestinationConfig> destinations, Path data,
                                  ConfigProblems problems) {
        List<Path> keptForEver = new ArrayList<>();
        routes.forEach(route -> route.stores().stream().filter(store -> store.keep() == null)
                .forEach(store -> keptForEver.add(normal(store.folder()))));
        destinations.values().forEach(destination -> {
            if (destination instanceof DestinationConfig.Folder folder) {
                keptForEver.add(normal(folder.store().folder()));
            }
        });
        for (RouteConfig route : routes) {
            for (StoreConfig store : route.stores()) {
                if (store.keep() == null) {
                    continue;
                }
                String where = "routes." + route.name() + ".store.keep";
                Path folder = normal(store.folder());
                if (normal(data).startsWith(folder)) {
                    problems.add(route.line(), where, "the folder " + folder + " holds Ferry's data directory "
                            + normal(data) + ": ageing it out would delete the journal and the spool");
                }
                keptForEver.stream().filter(other -> other.startsWith(folder)).findFirst().ifPresent(other ->
                        problems.add(route.line(), where, "the folder " + folder + " holds " + other
                                + ", whose files are kept for ever: give it a keep of its own, or another place"));
                // a study of the route is reported complete at the latest force-after since its first object
                Duration window = route.completion().forceAfter();
                if (!route.notifications().isEmpty() && store.keep().compareTo(window) < 0) {
                    problems.add(route.line(), where, "is shorter than the route's completion force-after ("
                            + window.toHours() + " h): files could go before their study is reported complete");
                }
            }
        }
    }

    /**
     * Where {@code path} really is: symbolic links followed as far as it exists (a store folder reached through a link
     * ages out the folder the link leads to, and containment is judged there), the rest normalised.
     */
    private static Path normal(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    private static Layout layout(String preset, ConfigNode at, ConfigProblems problems) {
        return Layout.parse(new ConfigNode.ScalarNode(at.path(), at.line(), preset), problems);
    }

    private static RouteConfig defaultRoute(Path data, ConfigProblems problems) {
        ConfigNode here = new ConfigNode.ScalarNode("", 0, null);
        return new RouteConfig("default", Condition.always(), false, true, List.of(new StoreConfig(
                data.resolve("store"), layout("default", here, problems), CollisionPolicy.SKIP_IDENTICAL, List.of())),
                List.of(),
                CompletionConfig.defaults(), List.of(), 0);
    }

    private static List<RouteConfig> routesJsonFile(Path file, ConfigNode at, Path base, CompletionConfig completion,
                                                    ConfigProblems problems) {
        ConfigNode root;
        try {
            root = YamlSource.read(file);
        } catch (IOException e) {
            problems.add(at, "cannot read " + file + ": " + e.getMessage());
            return List.of();
        } catch (ConfigException e) {
            e.problems().forEach(p -> problems.add(p.line(), file.getFileName() + ":" + p.path(), p.message()));
            return List.of();
        }
        if (!(root instanceof ConfigNode.ListNode list)) {
            problems.add(at, file + " is not a routes.json list of {AETITLE, PATH, EMAIL}");
            return List.of();
        }
        return routesJson(list, file.toAbsolutePath().getParent(), completion, problems);
    }

    /**
     * Seed 000's routes.json: each {@code {"AETITLE": a, "PATH": p, "EMAIL": [...]}} becomes route {@code a}
     * storing objects called to AE title {@code a} under {@code p} with seed 000's layout, and mailing each completed
     * study to the EMAIL addresses with seed 000's text (through the {@code smtp:} server, localhost by default).
     */
    private static List<RouteConfig> routesJson(ConfigNode.ListNode list, Path base, CompletionConfig completion,
                                                ConfigProblems problems) {
        List<RouteConfig> routes = new ArrayList<>();
        for (ConfigNode entry : list.items()) {
            Section section = Section.of(entry, problems);
            String aeTitle = section.requiredString("AETITLE");
            String path = section.requiredString("PATH");
            List<NotifyConfig> mail = section.node("EMAIL")
                    .filter(node -> !(node instanceof ConfigNode.ListNode l && l.items().isEmpty()))
                    .map(node -> List.<NotifyConfig>of(NotifyConfig.parse(new ConfigNode.MapNode(node.path(),
                            node.line(), Map.of("email", node)), problems, base)))
                    .orElse(List.of());
            section.finish();
            if (aeTitle == null || path == null) {
                continue;
            }
            ConfigNode when = new ConfigNode.MapNode(section.node().path(), section.node().line(),
                    Map.of("called", new ConfigNode.ScalarNode(section.node().path() + ".AETITLE",
                            section.node().line(), aeTitle)));
            routes.add(new RouteConfig(aeTitle, Condition.parse(when, problems), false, false,
                    List.of(new StoreConfig(base.resolve(path), layout(ROUTES_JSON_LAYOUT, section.node(), problems),
                            CollisionPolicy.SKIP_IDENTICAL, List.of())), List.of(), completion, mail,
                    section.node().line()));
        }
        return routes;
    }
}
