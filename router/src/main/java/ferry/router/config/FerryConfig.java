package ferry.router.config;

import ferry.router.database.Database;
import ferry.router.forward.DestinationConfig;
import ferry.router.journal.Durability;
import ferry.router.log.LogSettings;
import ferry.router.notify.SmtpConfig;
import ferry.router.queue.QueueConfig;
import ferry.router.receive.RouteConfig;
import ferry.router.replicate.ReplicationConfig;
import ferry.router.retention.RetentionSettings;
import ferry.router.retention.StoreAgeOut;
import ferry.router.storage.StoreConfig;
import ferry.router.study.RetryConfig;
import ferry.router.web.auth.Users;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Ferry's whole configuration, validated and immutable. {@link ConfigLoader} makes it from a YAML file, from
 * seed 000's {@code routes.json}, or as the embedded default (no file at all).
 *
 * @param source          the file it came from, or {@code null} for the embedded default
 * @param dataDirectory   spool, journal, unrouted objects, pid, log and control files
 * @param durability      when a C-STORE success is sent: {@code process} or {@code power}
 * @param minimumFreeDisk new objects are refused (0xA700) while the data directory's file system has less free
 * @param listeners       the DICOM listeners
 * @param routes          the routes, in order
 * @param smtp            the mail server of e-mail notifications
 * @param notificationRetry how failed notifications are retried
 * @param queue           how the forwarding queue retries, by default for every destination
 * @param destinations    where routes forward to, by name, in the file's order
 * @param destinationQueues the queue settings of each destination (its own {@code queue:} over the top-level one)
 * @param log             Ferry's own log: level, file, rolling
 * @param retention       how long finished work is kept in the journal, and how often housekeeping runs
 * @param index           whether received objects are indexed ({@code index: on}, docs/index.md)
 * @param replications    the replications {@code ferry run} keeps going ({@code replications:}, docs/replication.md)
 * @param metrics         whether {@code ferry run} keeps Prometheus metrics ({@code metrics: on}, docs/metrics.md)
 * @param http            the web server ({@code http:}, docs/web.md)
 * @param users           who may use the web server ({@code users:}, docs/web.md)
 * @param dicomWeb        DICOMweb ({@code dicomweb:}, docs/dicomweb.md)
 * @param database        where the database is and this node's name ({@code database:}, {@code node:},
 *                        {@code cluster:}, docs/cluster.md)
 */
public record FerryConfig(Path source, Path dataDirectory, Durability durability, long minimumFreeDisk,
                          List<ListenerConfig> listeners, List<RouteConfig> routes, SmtpConfig smtp,
                          RetryConfig notificationRetry, QueueConfig queue,
                          Map<String, DestinationConfig> destinations, Map<String, QueueConfig> destinationQueues,
                          LogSettings log, RetentionSettings retention, boolean index,
                          List<ReplicationConfig> replications, boolean metrics, HttpConfig http, Users users,
                          DicomWebConfig dicomWeb, DatabaseConfig database) {
    public FerryConfig {
        listeners = List.copyOf(listeners);
        routes = List.copyOf(routes);
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(notificationRetry, "notificationRetry");
        Objects.requireNonNull(queue, "queue");
        destinations = Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
        destinationQueues = Map.copyOf(destinationQueues);
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(retention, "retention");
        replications = List.copyOf(replications);
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(dicomWeb, "dicomWeb");
        Objects.requireNonNull(database, "database");
    }

    /** A configuration on the embedded SQLite database ({@link DatabaseConfig#embedded}). */
    public FerryConfig(Path source, Path dataDirectory, Durability durability, long minimumFreeDisk,
                       List<ListenerConfig> listeners, List<RouteConfig> routes, SmtpConfig smtp,
                       RetryConfig notificationRetry, QueueConfig queue, Map<String, DestinationConfig> destinations,
                       Map<String, QueueConfig> destinationQueues, LogSettings log, RetentionSettings retention,
                       boolean index, List<ReplicationConfig> replications, boolean metrics, HttpConfig http,
                       Users users, DicomWebConfig dicomWeb) {
        this(source, dataDirectory, durability, minimumFreeDisk, listeners, routes, smtp, notificationRetry, queue,
                destinations, destinationQueues, log, retention, index, replications, metrics, http, users,
                dicomWeb, DatabaseConfig.embedded());
    }

    /** A configuration with DICOMweb's defaults ({@link DicomWebConfig#defaults}). */
    public FerryConfig(Path source, Path dataDirectory, Durability durability, long minimumFreeDisk,
                       List<ListenerConfig> listeners, List<RouteConfig> routes, SmtpConfig smtp,
                       RetryConfig notificationRetry, QueueConfig queue, Map<String, DestinationConfig> destinations,
                       Map<String, QueueConfig> destinationQueues, LogSettings log, RetentionSettings retention,
                       boolean index, List<ReplicationConfig> replications, boolean metrics, HttpConfig http,
                       Users users) {
        this(source, dataDirectory, durability, minimumFreeDisk, listeners, routes, smtp, notificationRetry, queue,
                destinations, destinationQueues, log, retention, index, replications, metrics, http, users,
                DicomWebConfig.defaults());
    }

    /**
     * The settings that apply only at a start and that {@code next} changes, each said as {@code "NAME stays
     * RUNNING (the file now says NEXT)"}: {@code data-directory}, {@code durability}, {@code min-free-disk},
     * {@code replications}, {@code metrics}, {@code http} (the web server keeps its address, port and TLS; its users
     * follow the file) and whether {@code dicomweb} is on (its AE titles follow the file).
     */
    public List<String> startSettingsChangedIn(FerryConfig next) {
        List<String> changed = new ArrayList<>();
        if (!next.dataDirectory.toAbsolutePath().normalize().equals(dataDirectory.toAbsolutePath().normalize())) {
            changed.add(stays("data-directory", dataDirectory.toAbsolutePath(), next.dataDirectory.toAbsolutePath()));
        }
        if (next.durability != durability) {
            changed.add(stays("durability", durability.name().toLowerCase(Locale.ROOT),
                    next.durability.name().toLowerCase(Locale.ROOT)));
        }
        if (next.minimumFreeDisk != minimumFreeDisk) {
            changed.add(stays("min-free-disk", minimumFreeDisk + " bytes", next.minimumFreeDisk + " bytes"));
        }
        if (!next.replications.equals(replications)) {
            changed.add(stays("replications", names(replications), names(next.replications)));
        }
        if (next.metrics != metrics) {
            changed.add(stays("metrics", metrics ? "on" : "off", next.metrics ? "on" : "off"));
        }
        if (!next.http.equals(http)) {
            changed.add(stays("http", describe(http), describe(next.http)));
        }
        if (!next.database.equals(database)) {
            changed.add(stays("database", describe(database), describe(next.database)));
        }
        if (next.dicomWeb.enabled() != dicomWeb.enabled()) {
            changed.add(stays("dicomweb", dicomWeb.enabled() ? "on" : "off", next.dicomWeb.enabled() ? "on" : "off"));
        }
        return changed;
    }

    private static String describe(HttpConfig http) {
        if (!http.enabled()) {
            return "off";
        }
        boolean defaultTimeout = http.sessionTimeout().equals(HttpConfig.DEFAULT_SESSION_TIMEOUT);
        return http.url(http.port()) + (defaultTimeout ? "" : " (session-timeout " + http.sessionTimeout().toSeconds()
                + " s)");
    }

    private static String describe(DatabaseConfig database) {
        return (database.shared() ? "postgresql://" + database.postgres().host() + ":" + database.postgres().port()
                + "/" + database.postgres().name() : "sqlite") + " as node " + database.node();
    }

    private static String names(List<ReplicationConfig> replications) {
        return replications.isEmpty() ? "none" : String.join(", ", replications.stream().map(ReplicationConfig::name)
                .toList());
    }

    private static String stays(String name, Object running, Object next) {
        return name + " stays " + running + " (the file now says " + next + ")";
    }

    /** This configuration with the settings that apply only at a start taken from {@code running}. */
    public FerryConfig withStartSettingsOf(FerryConfig running) {
        return new FerryConfig(source, running.dataDirectory, running.durability, running.minimumFreeDisk, listeners,
                routes, smtp, notificationRetry, queue, destinations, destinationQueues, log, retention, index,
                running.replications, running.metrics, running.http, users, new DicomWebConfig(
                running.dicomWeb.enabled(), dicomWeb.calledAeTitle(), dicomWeb.callingAeTitle()), running.database);
    }

    /**
     * Whether the data directory is the default one, {@code ferry-data} beside the configuration file (in the working
     * directory without one). Ferry creates only that one; a data directory the file names elsewhere must exist, so
     * that a typo or an unmounted volume does not start an empty journal (docs/durability.md).
     */
    public boolean defaultDataDirectory() {
        Path base = source == null ? Path.of("") : source.toAbsolutePath().getParent();
        return source == null || dataDirectory.toAbsolutePath().normalize()
                .equals(base.resolve(ConfigLoader.DEFAULT_DATA_DIRECTORY).toAbsolutePath().normalize());
    }

    /** The store folders whose files age out ({@code keep:}), with their routes. */
    public List<StoreAgeOut.Folder> agingStores() {
        List<StoreAgeOut.Folder> folders = new ArrayList<>();
        for (RouteConfig route : routes) {
            for (StoreConfig store : route.stores()) {
                if (store.keep() != null) {
                    folders.add(new StoreAgeOut.Folder(route.name(), store.folder(), store.keep()));
                }
            }
        }
        return folders;
    }

    /** The spool folder: objects as received, until every action of theirs is done. */
    public Path spoolDirectory() {
        return dataDirectory.resolve("spool");
    }

    /** Where objects no route matched are kept (with the default layout). */
    public Path unroutedDirectory() {
        return dataDirectory.resolve("unrouted");
    }

    /**
     * The embedded SQLite database's file, {@code ferry.db} in the data directory: what {@link #journalDatabase} is
     * unless {@code database:} names a PostgreSQL server.
     */
    public Path journalFile() {
        return dataDirectory.resolve("ferry.db");
    }

    /**
     * The database of the journal, the queue, study state, the outbox, the index and replications: the embedded
     * SQLite file, or the PostgreSQL server of {@code database:} (its password read from the environment now).
     */
    public Database journalDatabase() {
        return database.database(dataDirectory, System::getenv);
    }

    /** The queue settings of a destination. */
    public QueueConfig queueOf(String destination) {
        return destinationQueues.getOrDefault(destination, queue);
    }

    /** Where the forwarding queue writes edited copies for a moment. */
    public Path queueWorkDirectory() {
        return dataDirectory.resolve("outgoing");
    }

    /** Where replications keep the files on their way ({@code replicate/NAME}). */
    public Path replicationWorkDirectory() {
        return dataDirectory.resolve("replicate");
    }

    /** The log file of a Ferry started with {@code ferry start} when {@code log:} names none. */
    public Path logFile() {
        return log.file() != null ? log.file() : dataDirectory.resolve("ferry.log");
    }

    /**
     * Where a Ferry started with {@code ferry start} writes what is not logged: the JVM's own messages and anything
     * printed before the log is set up.
     */
    public Path consoleFile() {
        return dataDirectory.resolve("ferry.out");
    }
}
