package ferry.router.run;

import ferry.core.io.TransferSyntax;
import ferry.net.assoc.AcceptorPolicy;
import ferry.net.assoc.DicomServer;
import ferry.net.assoc.Negotiation;
import ferry.net.assoc.ServerSettings;
import ferry.net.assoc.Tls;
import ferry.net.service.DimseScp;
import ferry.net.service.RetrieveHandler;
import ferry.router.action.Resend;
import ferry.router.cluster.Heartbeat;
import ferry.router.cluster.NodeLoad;
import ferry.router.config.HttpConfig;
import ferry.router.journal.JournalCounts;
import ferry.router.receive.UnroutedArea;
import ferry.router.status.FerryStatus;
import ferry.router.web.Json;
import ferry.router.web.Routes;
import ferry.router.web.WebRoutes;
import ferry.router.web.WebServer;
import ferry.router.web.WebSettings;
import ferry.router.web.api.ApiRoutes;
import ferry.router.web.auth.Role;
import ferry.router.web.dicomweb.DicomWebRoutes;
import ferry.router.web.dicomweb.StowTitles;
import ferry.router.web.pages.Pages;
import ferry.router.web.viewer.TagViewer;
import ferry.router.action.StoreActions;
import ferry.router.config.ConfigLoader;
import ferry.router.config.FerryConfig;
import ferry.router.config.ListenerConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.edit.TagEdit;
import ferry.router.events.EventLog;
import ferry.router.events.Events;
import ferry.router.forward.Destination;
import ferry.router.forward.Destinations;
import ferry.router.forward.DicomDestination;
import ferry.router.forward.ForwardConfig;
import ferry.router.index.IndexSearch;
import ferry.router.journal.CommitStats;
import ferry.router.journal.Journal;
import ferry.router.journal.UnfinishedObject;
import ferry.router.log.RecentLog;
import ferry.router.metrics.FerryMetrics;
import ferry.router.metrics.ReceivedPerMinute;
import ferry.router.notify.Channels;
import ferry.router.qr.IndexFindHandler;
import ferry.router.qr.IndexRetrieveHandler;
import ferry.router.queue.ClaimSettings;
import ferry.router.queue.DestinationQueue;
import ferry.router.queue.ForwardQueue;
import ferry.router.receive.AssociationWatch;
import ferry.router.receive.DiskWatermark;
import ferry.router.receive.LiveAssociation;
import ferry.router.receive.ReceiveCounters;
import ferry.router.receive.ReceivePipeline;
import ferry.router.receive.RouteConfig;
import ferry.router.receive.Routing;
import ferry.router.receive.Spool;
import ferry.router.replicate.service.Endpoints;
import ferry.router.replicate.service.ReplicationService;
import ferry.router.retention.Housekeeping;
import ferry.router.rules.RoutingTable;
import ferry.router.storage.Placement;
import ferry.router.storage.StoreConfig;
import ferry.router.study.NotificationDispatcher;
import ferry.router.study.RouteNotifications;
import ferry.router.study.StudyTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Ferry: listeners, receive pipeline, journal and store actions, built from a {@link FerryConfig}.
 * Start recovers what the journal says is unfinished before the listeners open; stop lets running associations
 * finish, then the queued actions, then closes the journal; reload swaps routes and listener policies without
 * dropping associations. See docs/architecture.md (sections "The path of one C-STORE" and "At a start").
 */
public final class FerryService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryService.class);
    /** The largest P-DATA PDU received: large PDUs mean fewer reads per object. */
    private static final long MAX_PDU_LENGTH = 256 * 1024;
    /**
     * The first transfer syntax the sender proposes that Ferry reads, in every presentation context (never a private
     * or made-up one, whose data sets Ferry could not check or parse): a router keeps objects as they
     * were sent (a JPEG stays the JPEG the modality made; storescu -R proposes a file's own syntax first), and a
     * sender that offers a compressed syntax beside an uncompressed one may be unable to convert (PS3.8 §9.3.2.2
     * lets the acceptor choose any proposed syntax). {@code ferry receive} accepts the same.
     */
    public static final List<String> TRANSFER_SYNTAXES = List.of(Negotiation.ANY_TRANSFER_SYNTAX);

    private final InstanceLock lock;
    private final Placement placement;
    private final Journal journal;
    private final Spool spool;
    private final StoreActions actions;
    private final AtomicReference<Map<String, RouteNotifications>> notifications = new AtomicReference<>();
    private final NotificationDispatcher dispatcher;
    private final StudyTracker studies;
    private final AtomicReference<Map<String, Destination>> destinations = new AtomicReference<>(Map.of());
    private final ForwardQueue queue;
    private final ReceivePipeline pipeline;
    /**
     * The services of the listeners: Verification, Storage through the receive pipeline, and C-FIND, C-MOVE and C-GET
     * over the index. A listener accepts at negotiation only those it provides ({@link #policy}): the query/retrieve
     * models only with {@code query-retrieve: on}.
     */
    private final DimseScp scp;
    private final DiskWatermark watermark;
    /** Told of what happens; the counters of {@code ferry status}, the metrics and the {@link EventLog} listen. */
    private final Events events = new Events();
    private final ReceiveCounters counters = new ReceiveCounters();
    private final AssociationWatch associations = new AssociationWatch(events);
    /** Objects and bytes per minute, for the dashboard's chart. */
    private final ReceivedPerMinute perMinute = new ReceivedPerMinute(Clock.systemUTC());
    /** The Prometheus metrics, or null with {@code metrics: off}. */
    private final FerryMetrics metrics;
    private final AtomicReference<FerryConfig> config = new AtomicReference<>();
    /** Told of each configuration a reload puts in force (the log settings, for one). */
    private final List<Consumer<FerryConfig>> reloadListeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Routing> routing = new AtomicReference<>();
    private final Map<Integer, DicomServer> servers = new LinkedHashMap<>();
    private final Instant started = Instant.now();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Housekeeping housekeeping;
    private final ReplicationService replications;
    private final IndexSearch index;
    private final UnroutedArea unrouted;
    private final Resend resend;
    private ControlChannel control;
    private InstanceRecord record;
    private WebServer web;
    private Heartbeat heartbeat;
    private boolean stopping;

    private FerryService(FerryConfig config) throws IOException {
        Path data = dataDirectory(config);
        this.lock = InstanceLock.acquire(data);
        Journal opened = null;
        try {
            opened = Journal.open(config.journalDatabase(), config.durability());
            this.journal = opened;
            this.config.set(config);
            this.placement = new Placement(journal.policy());
            try {
                this.routing.set(routing(config));
            } catch (IllegalStateException e) {
                throw new IOException("tag edits: " + e.getMessage(), e);
            }
            this.spool = new Spool(config.spoolDirectory(), journal);
            this.watermark = new DiskWatermark(spool.folder(), config.minimumFreeDisk());
            try {
                this.notifications.set(notifications(config));
                this.destinations.set(destinations(config));
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            this.dispatcher = new NotificationDispatcher(journal, notifications::get,
                    config.notificationRetry(), Clock.systemUTC(), 8, events, config.database().lease());
            this.studies = new StudyTracker(journal, notifications::get, dispatcher, Clock.systemUTC(), events,
                    config.database().lease());
            this.queue = new ForwardQueue(journal, destinations::get, name -> this.config.get().queueOf(name),
                    this::forwardEdits, config.queueWorkDirectory(), spool::noLongerNeeded, Clock.systemUTC(),
                    ForwardQueue.JOBS_IN_MEMORY, events, config.database().shared()
                    ? new ClaimSettings(config.database().sharedStorage(), config.database().lease())
                    : ClaimSettings.ONE_NODE);
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            this.actions = new StoreActions(journal, spool, studies, queue, threads, routing::get,
                    () -> this.config.get().queue());
            this.pipeline = new ReceivePipeline(spool, watermark, routing::get, journal, actions, events);
            this.housekeeping = new Housekeeping(journal, Housekeeping.Pace.BESIDE_RECEIVING,
                    () -> this.config.get().retention(), () -> this.config.get().agingStores(), Clock.systemUTC());
            this.replications = new ReplicationService(config.replications(), new Endpoints(config.destinations(),
                    config.journalDatabase(), System::getenv), config.replicationWorkDirectory(), config::queueOf,
                    journal.policy(), Clock.systemUTC());
            IndexSearch search = new IndexSearch(config.journalDatabase());
            this.index = config.index() ? search : null;
            this.unrouted = new UnroutedArea(config.unroutedDirectory(), routing::get, pipeline,
                    uid -> index == null ? Optional.empty() : ServiceApi.origin(index, uid));
            this.resend = new Resend(search, spool, queue, journal, () -> destinations.get().keySet());
            this.scp = new DimseScp(pipeline, LOG::warn)
                    .withFindHandler(new IndexFindHandler(search), IndexFindHandler.MODELS)
                    .withRetrieveHandler(new IndexRetrieveHandler(search, this::moveDestination));
            this.metrics = config.metrics() ? new FerryMetrics(new FerryMetrics.Sources(queue::summary,
                    () -> diskFolders(this.config.get()), config.minimumFreeDisk(), () -> studies.pending().size()),
                    FerryVersion.version()) : null;
            events.listen(counters);
            events.listen(perMinute);
            RecentLog.installed(); // the dashboard's last log lines, from the start on
            if (metrics != null) {
                events.listen(metrics);
            }
            events.listen(new EventLog());
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            lock.close();
            throw e;
        }
    }

    /** The folders whose free space the metrics report: the data directory and every route's store folders. */
    private static Collection<Path> diskFolders(FerryConfig config) {
        List<Path> folders = new ArrayList<>(List.of(config.dataDirectory()));
        for (RouteConfig route : config.routes()) {
            route.stores().stream().map(StoreConfig::folder).forEach(folders::add);
        }
        return folders;
    }

    /**
     * The data directory, created when it is the default one ({@link FerryConfig#defaultDataDirectory()}).
     *
     * @throws IOException when a data directory the file names does not exist, or is not a directory
     */
    public static Path dataDirectory(FerryConfig config) throws IOException {
        Path data = config.dataDirectory();
        if (config.defaultDataDirectory()) {
            return Files.createDirectories(data);
        }
        if (!Files.isDirectory(data)) {
            throw new IOException(missingDataDirectory(config));
        }
        return data;
    }

    /** What to say of a data directory the file names that does not exist. */
    public static String missingDataDirectory(FerryConfig config) {
        return "data directory " + config.dataDirectory().toAbsolutePath() + (Files.exists(config.dataDirectory())
                ? " is not a directory" : " does not exist") + ": create it, or correct data-directory in "
                + config.source() + " (Ferry creates only its default one, docs/durability.md)";
    }

    /**
     * Starts Ferry: takes the data directory's lock, opens the journal, carries out unfinished records, removes
     * spool files that were never acknowledged, opens the listeners and the control channel.
     */
    public static FerryService start(FerryConfig config) throws IOException {
        FerryService service = new FerryService(config);
        try {
            service.recover();
            for (ListenerConfig listener : config.listeners()) {
                service.listen(listener);
            }
            service.control = ControlChannel.open(config.dataDirectory(), service::command);
            service.web = service.startWeb(config);
            service.record(config);
            service.housekeeping.start(HOUSEKEEPING_FIRST_AFTER);
            service.replications.start();
            service.heartbeat = Heartbeat.start(service.journal, service.journal.database().node(),
                    FerryVersion.version(), service::load, config.database().heartbeat(), Clock.systemUTC(),
                    service.afterEachBeat(config));
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("Ferry started: {} listener(s), {} route(s), data in {}, durability {}, web {}",
                config.listeners().size(), config.routes().size(), config.dataDirectory().toAbsolutePath(),
                config.durability().name().toLowerCase(Locale.ROOT), service.webUrl().orElse("off"));
        return service;
    }

    /**
     * The parts served by the web server (docs/web.md, "Adding routes"): the REST API, and whatever else is added
     * here as a {@link WebRoutes} (metrics, DICOMweb, the pages). Each registers its routes with the role they need.
     */
    private List<WebRoutes> webParts() {
        ServiceApi api = new ServiceApi(this, this::statusData, queue, studies, dispatcher, unrouted, resend, index);
        List<WebRoutes> parts = new ArrayList<>();
        parts.add(new ApiRoutes(api, FerryVersion.version()));
        parts.add(new Pages());
        if (metrics != null) {
            // Prometheus scrapes as a viewer (HTTP Basic, docs/metrics.md); on loopback without users, as anyone local
            parts.add(routes -> routes.get("/metrics", Role.VIEWER, ctx -> {
                ctx.contentType(metrics.contentType());
                metrics.scrape(ctx.outputStream());
            }));
        }
        parts.add(TagViewer.routes()); // the tag viewer at /viewer/, open to anyone (docs/viewer.md)
        if (config.get().dicomWeb().enabled()) {
            // DICOMweb (docs/dicomweb.md): QIDO-RS and WADO-RS over the index, STOW-RS into the receive pipeline
            parts.add(new DicomWebRoutes(index, pipeline, associations, () -> new StowTitles(
                    config.get().dicomWeb().calledAeTitle(), config.get().dicomWeb().callingAeTitle())));
        }
        return List.copyOf(parts);
    }

    /** Starts the web server as {@code http:} says; null when it is off. */
    private WebServer startWeb(FerryConfig config) throws IOException {
        HttpConfig http = config.http();
        if (!http.enabled()) {
            return null;
        }
        Tls tls = null;
        if (http.tls() != null) {
            tls = tls(http.tls(), "the web server (http.tls)");
        }
        WebServer server = WebServer.start(new WebSettings(http.address(), http.port(), tls, config.users(),
                http.sessionTimeout()), webParts());
        LOG.info("web server on {}{}", http.url(server.port()), config.users().isEmpty()
                ? " (this machine only, no users: whoever connects is an admin)"
                : " (" + config.users().all().size() + " user(s))");
        return server;
    }

    /**
     * What runs after each heartbeat (docs/cluster.md): on a shared database with shared storage, the unfinished
     * objects of nodes silent for longer than the lease are taken over and carried out here.
     */
    private List<Heartbeat.OnBeat> afterEachBeat(FerryConfig config) {
        List<Heartbeat.OnBeat> work = new ArrayList<>();
        work.add(queue::heartbeat); // renews this node's job leases, finds jobs no live node holds
        if (config.database().shared() && config.database().sharedStorage()) {
            work.add(() -> {
                List<UnfinishedObject> taken = new ArrayList<>();
                for (UnfinishedObject object : journal.takeOverFrom(Instant.now().minus(config.database().lease()))) {
                    if (!journal.dropIfNeverAcknowledged(object)) {
                        taken.add(object);
                    }
                }
                if (!taken.isEmpty()) {
                    LOG.warn("took over {} unfinished object(s) of node(s) silent for longer than the lease ({} s):"
                            + " carrying them out here", taken.size(), config.database().lease().toSeconds());
                    actions.recover(taken, routing.get());
                }
            });
        }
        return List.copyOf(work);
    }

    /** What this node is doing, for its heartbeat ({@code ferry_node.load}, docs/cluster.md). */
    private NodeLoad load() {
        int associations = servers().values().stream().mapToInt(DicomServer::activeAssociations).sum();
        ReceiveCounters.Count received = counters.total();
        long waiting = 0;
        long inFlight = 0;
        try {
            for (DestinationQueue destination : queue.summary()) {
                waiting += destination.pending();
                inFlight += destination.inFlight();
            }
        } catch (IOException e) {
            LOG.debug("the queue's counts for the heartbeat: {}", e.getMessage());
        }
        return new NodeLoad(associations, received.objects(), received.bytes(), waiting, inFlight,
                studies.pending().size());
    }

    /** The routes of the web server, every part's (empty when it is off). */
    public List<Routes.Route> webRoutes() {
        WebServer server = web;
        return server == null ? List.of() : server.routes();
    }

    /** The web server's URL ({@code http://127.0.0.1:8080/}), when it runs. */
    public Optional<String> webUrl() {
        WebServer server = web;
        return server == null ? Optional.empty() : Optional.of(config.get().http().url(server.port()));
    }

    /** Jobs listed per destination by {@code ferry queue --json}, as by {@code ferry queue}. */
    private static final int QUEUE_LISTED = 20;

    /** Housekeeping ({@code retention:}, {@code keep:}) runs this long after the start, then as configured. */
    private static final Duration HOUSEKEEPING_FIRST_AFTER = Duration.ofMinutes(1);

    /** A line per replication, for {@code ferry status}. */
    List<String> replicationStatus() {
        return replications.status();
    }

    /** What housekeeping did last, for {@code ferry status}. */
    public Housekeeping housekeeping() {
        return housekeeping;
    }

    /**
     * Records the data directory in use for the configuration file, so that {@code ferry status}, {@code stop} and
     * {@code reload} find this Ferry even after the file's {@code data-directory} was edited. Without the record
     * they still find it through the file's data directory, as long as that stays.
     */
    private void record(FerryConfig config) {
        if (config.source() == null) {
            return;
        }
        try {
            record = InstanceRecord.write(config.source(), config.dataDirectory());
        } catch (IOException e) {
            LOG.warn("cannot record the data directory in use for {} ({}): ferry status, stop and reload will find "
                    + "this Ferry only while the file names {}", config.source(), e.getMessage(),
                    config.dataDirectory().toAbsolutePath());
        }
    }

    /**
     * The destinations, made with their secrets.
     *
     * @throws IllegalStateException when a destination's environment variable or key store is missing
     */
    private static Map<String, Destination> destinations(FerryConfig config) {
        Map<String, Destination> made = new LinkedHashMap<>();
        try {
            config.destinations().forEach((name, destination) -> made.put(name,
                    Destinations.create(name, destination, System::getenv, config.durability().policy())));
        } catch (IllegalStateException e) {
            made.values().forEach(Destination::close);
            throw e;
        }
        return Collections.unmodifiableMap(made);
    }

    /** The edits of a route's forward to a destination, as configured now (none when no longer configured). */
    private List<TagEdit> forwardEdits(String route, String destination) {
        for (ForwardConfig forward : routing.get().forwards().getOrDefault(route, List.of())) {
            if (forward.destination().equals(destination)) {
                return forward.edits();
            }
        }
        return List.of();
    }

    /**
     * {@code queue retry [DEST|JOB]...} and {@code queue purge [DEST|JOB]...}; an answer that changed nothing because
     * of a bad argument or a failure starts with {@link ControlChannel#ERROR}.
     */
    private String queueCommand(String command) {
        List<String> words = List.of(command.split("\\s+"));
        List<String> arguments = words.subList(1, words.size());
        try {
            return switch (words.get(0)) {
                case "retry" -> queue.retry(arguments);
                case "purge" -> queue.purge(arguments);
                default -> ControlChannel.ERROR + "unknown queue command '" + words.get(0) + "': retry or purge\n";
            };
        } catch (IllegalArgumentException e) {
            return ControlChannel.ERROR + e.getMessage() + "\n";
        } catch (IOException e) {
            return ControlChannel.ERROR + "the queue could not be changed: " + e.getMessage() + "\n";
        }
    }

    /** The text {@code ferry queue} prints. */
    public String queueReport() {
        try {
            return queue.report();
        } catch (IOException e) {
            return "the queue could not be read: " + e.getMessage() + "\n";
        }
    }

    /**
     * The routes that notify, with their channels.
     *
     * @throws IllegalStateException when an environment variable a channel needs (a password, a secret) is not set
     */
    private static Map<String, RouteNotifications> notifications(FerryConfig config) {
        Map<String, RouteNotifications> notifying = new LinkedHashMap<>();
        for (RouteConfig route : config.routes()) {
            if (!route.notifications().isEmpty()) {
                notifying.put(route.name(), new RouteNotifications(route.name(), route.completion(),
                        route.notifications().stream().map(n -> Channels.create(n, config.smtp(), System::getenv)).toList()));
            }
        }
        return Map.copyOf(notifying);
    }

    private void recover() throws IOException {
        List<UnfinishedObject> unfinished = new ArrayList<>();
        for (UnfinishedObject object : journal.unfinished()) {
            if (journal.dropIfNeverAcknowledged(object)) {
                LOG.warn("dropped the record of {} from {}: never acknowledged, its spool file did not reach the disk"
                        + " before the machine stopped", object.record().sopInstanceUid(),
                        object.record().callingAeTitle());
            } else {
                unfinished.add(object);
            }
        }
        int removed = spool.removeUnneeded(unfinished.stream().map(object -> object.record().spoolFile()).toList(),
                queue::inUseAmong);
        if (removed > 0) {
            LOG.info("removed {} spool file(s) never acknowledged to their sender", removed);
        }
        queue.start();
        if (!unfinished.isEmpty()) {
            LOG.info("carrying out {} unfinished journal record(s)", unfinished.size());
            actions.recover(unfinished, routing.get());
        }
        dispatcher.start();
        studies.start();
    }

    private void listen(ListenerConfig listener) throws IOException {
        DicomServer server = DicomServer.start(new ServerSettings(listener.bindAddress(), listener.port(),
                policy(listener), listener.limits(), tls(listener)), associations.handler(scp, pipeline), LOG::info);
        servers.put(listener.port(), server);
        LOG.info("listening on port {} as {}{}", server.port(), listener.aeTitles().isEmpty() ? "any AE title"
                : String.join(", ", listener.aeTitles()), listener.tls() == null ? "" : " over TLS");
    }

    /**
     * What a listener accepts: Verification and Storage, and with {@code query-retrieve: on} the query/retrieve
     * models of {@link #scp} (and the SCP role of storage classes for C-GET). Presentation contexts of the others are
     * refused at negotiation (abstract syntax not supported).
     */
    private AcceptorPolicy policy(ListenerConfig listener) {
        Set<String> services = listener.queryRetrieve() ? scp.abstractSyntaxes() : Set.of(DimseScp.VERIFICATION);
        return new AcceptorPolicy(listener.aeTitles(), listener.allowedCallers(), services, scp.servesStorage(),
                TRANSFER_SYNTAXES, listener.maxAssociations(), MAX_PDU_LENGTH,
                listener.queryRetrieve() && scp.grantsStorageScpRole());
    }

    /**
     * The DICOM destination a C-MOVE names by its AE title (the first one configured, when several share it), as a
     * move destination: a new association to it for each C-MOVE.
     */
    private Optional<RetrieveHandler.MoveDestination> moveDestination(String aeTitle) {
        for (Destination destination : destinations.get().values()) {
            if (destination instanceof DicomDestination dicom && dicom.aeTitle().equals(aeTitle)) {
                return Optional.of(dicom::open);
            }
        }
        return Optional.empty();
    }

    private static Tls tls(ListenerConfig listener) throws IOException {
        return listener.tls() == null ? null : tls(listener.tls(), "TLS on port " + listener.port());
    }

    /** The TLS of {@code what}, its key store's password read from the environment variable the settings name. */
    private static Tls tls(ListenerConfig.TlsConfig tls, String what) throws IOException {
        String password = System.getenv(tls.passwordVariable());
        if (password == null) {
            throw new IOException(what + ": the environment variable " + tls.passwordVariable()
                    + " holding the key store password is not set");
        }
        return Tls.fromKeyStores(tls.keyStore(), password.toCharArray(), tls.trustStore(), password.toCharArray(),
                tls.requireClientCertificate());
    }

    private Routing routing(FerryConfig config) {
        ConfigProblems problems = new ConfigProblems();
        RoutingTable table = new RoutingTable(config.routes().stream().map(r -> r.rule()).toList(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("a validated configuration has problems: " + problems.all());
        }
        return Routing.of(table, config.routes(), config.unroutedDirectory(), placement, config.index(),
                System::getenv);
    }

    /** The port a listener actually listens on (the configured one, or the free one chosen for port 0). */
    public List<Integer> ports() {
        synchronized (servers) {
            return servers.values().stream().map(DicomServer::port).toList();
        }
    }

    /** The configuration in force. */
    public FerryConfig config() {
        return config.get();
    }

    /** The journal's group commit and fsync figures since the start. */
    public CommitStats commitStats() {
        return journal.commitStats();
    }

    /** What this process has received since it started. */
    public ReceiveCounters counters() {
        return counters;
    }

    /**
     * What happens in this Ferry, as events: a listener registered here hears every event from then on (see
     * {@link Events} for what a listener may do on the publishing thread).
     */
    public Events events() {
        return events;
    }

    /** The associations being served now, with what each has brought so far, the oldest first. */
    public List<LiveAssociation.Progress> liveAssociations() {
        return associations.live();
    }

    /** Objects and bytes received per minute, lately. */
    ReceivedPerMinute receivedPerMinute() {
        return perMinute;
    }

    /** The Prometheus metrics, for the HTTP server's {@code /metrics}; empty with {@code metrics: off}. */
    public Optional<FerryMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    /**
     * Reads the configuration file again and applies it: routes at once (objects being received keep the routing
     * they started with), listener policies for ports that stay, new listeners opened, removed ones closed after
     * their associations end. A file with problems changes nothing. Data directory, durability and free-disk
     * minimum cannot change while Ferry runs: they keep their running values, and the answer says so. Returns what
     * happened, for the log and the caller.
     */
    public synchronized String reload() {
        FerryConfig current = config.get();
        if (current.source() == null) {
            return "nothing to reload: Ferry runs with the embedded default (no --config)";
        }
        FerryConfig next;
        try {
            next = ConfigLoader.load(current.source());
        } catch (ConfigException | IOException e) {
            LOG.warn("reload refused, the running configuration stays: {}", e.getMessage());
            return "reload refused, the running configuration stays: " + e.getMessage();
        }
        StringBuilder notes = new StringBuilder();
        for (String setting : current.startSettingsChangedIn(next)) {
            notes.append('\n').append(setting).append(": it cannot change while Ferry runs; restart to apply it"
                    + " (ferry stop, then ferry start)");
        }
        next = next.withStartSettingsOf(current);
        Map<String, RouteNotifications> nextNotifications;
        Routing nextRouting;
        Map<String, Destination> nextDestinations;
        try {
            nextNotifications = notifications(next);
            nextRouting = routing(next);
            nextDestinations = destinations(next);
        } catch (IllegalStateException e) {
            LOG.warn("reload refused, the running configuration stays: {}", e.getMessage());
            return "reload refused, the running configuration stays: " + e.getMessage();
        }
        routing.set(nextRouting);
        notifications.set(nextNotifications);
        destinations.getAndSet(nextDestinations).values().forEach(Destination::close);
        synchronized (servers) {
            Set<Integer> wanted = new HashSet<>();
            for (ListenerConfig listener : next.listeners()) {
                wanted.add(listener.port());
                DicomServer server = servers.get(listener.port());
                try {
                    if (server == null) {
                        listen(listener);
                    } else {
                        server.updatePolicy(policy(listener));
                        server.updateLimits(listener.limits());
                    }
                } catch (IOException e) {
                    notes.append("; port ").append(listener.port()).append(": ").append(e.getMessage());
                }
            }
            for (Integer port : List.copyOf(servers.keySet())) {
                if (!wanted.contains(port)) {
                    DicomServer removed = servers.remove(port);
                    Thread closer = new Thread(() -> removed.close(Duration.ofMinutes(5)), "ferry-close-" + port);
                    closer.setDaemon(true);
                    closer.start();
                }
            }
        }
        config.set(next);
        if (web != null) {
            web.updateUsers(next.users());
        }
        for (Consumer<FerryConfig> listener : reloadListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                notes.append("; ").append(e.getMessage());
            }
        }
        String message = "reloaded " + next.source() + ": " + next.routes().size() + " route(s), "
                + next.listeners().size() + " listener(s)" + notes;
        if (notes.isEmpty()) {
            LOG.info(message);
        } else {
            LOG.warn(message);
        }
        return message;
    }

    /**
     * Calls {@code listener} with each configuration a reload puts in force, after the routes and listeners changed;
     * a {@link RuntimeException} it throws is reported in the reload's answer, its message naming what failed.
     */
    public void onReload(Consumer<FerryConfig> listener) {
        reloadListeners.add(listener);
    }

    /** The text {@code ferry status} prints. */
    public String status() {
        return StatusReport.text(statusData());
    }

    /** What {@code ferry status} shows, as data ({@code ferry status --json}, {@code GET /api/status}). */
    public FerryStatus statusData() {
        return StatusReport.read(new StatusReport.Parts(this, journal, actions, queue, watermark, studies, dispatcher,
                started, webUrl().orElse(null)));
    }

    /** The journal's totals of all time. */
    JournalCounts journalCounts() throws IOException {
        return journal.counts();
    }

    Map<Integer, DicomServer> servers() {
        synchronized (servers) {
            return new LinkedHashMap<>(servers);
        }
    }

    private String command(String command) {
        if (command.startsWith("queue ") && !command.equals("queue json")) {
            return queueCommand(command.substring("queue ".length()).strip());
        }
        switch (command) {
            case "status":
                return status();
            case "status json":
                return Json.text(statusData());
            case "queue json":
                try {
                    return Json.text(queue.view(QUEUE_LISTED));
                } catch (IOException e) {
                    return ControlChannel.ERROR + "the queue could not be read: " + e.getMessage() + "\n";
                }
            case "reload":
                return reload() + "\n";
            case "queue":
                return queueReport();
            case "ports":
                List<Integer> own = new ArrayList<>(ports());
                if (web != null) {
                    own.add(web.port());
                }
                return String.join(" ", own.stream().map(String::valueOf).toList()) + "\n";
            case "prune", "prune dry-run":
                try {
                    return housekeeping.runNow(command.endsWith("dry-run")).describe() + "\n";
                } catch (IOException e) {
                    return "failed: " + e.getMessage() + "\n";
                }
            case "stop":
                Thread stopper = new Thread(this::close, "ferry-stop");
                stopper.start();
                try {
                    stopper.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "stopped\n";
            default:
                return "unknown command '" + command + "'\n";
        }
    }

    /** Blocks until this service has stopped. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops: no new associations, running ones finish (up to 60 s), queued actions finish, the journal is closed
     * and the lock released.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        LOG.info("stopping: letting running associations finish");
        if (heartbeat != null) {
            try {
                heartbeat.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (web != null) {
            web.close();
        }
        servers().values().forEach(server -> server.close(Duration.ofSeconds(60)));
        housekeeping.close();
        if (replications != null) {
            replications.close();
        }
        actions.close(60);
        queue.close();
        destinations.get().values().forEach(Destination::close);
        studies.close();
        dispatcher.close();
        if (metrics != null) {
            metrics.close();
        }
        try {
            journal.close();
        } catch (Exception e) {
            LOG.error("closing the journal failed: {}", e.toString());
        }
        try {
            spool.close();
        } catch (IOException e) {
            LOG.warn("removing the recycled spool files failed (the next start removes them): {}", e.getMessage());
        }
        if (record != null) {
            try {
                record.close();
            } catch (IOException e) {
                LOG.warn("removing the record of the data directory in use failed: {}", e.getMessage());
            }
        }
        if (control != null) {
            control.close();
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("releasing the pid file failed: {}", e.getMessage());
        }
        LOG.info("stopped");
        stopped.countDown();
    }
}
