package ferry.router.config;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.database.SqliteDatabase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where Ferry keeps its database ({@code database:}) and, on a shared PostgreSQL, this node's place among others
 * ({@code node:}, {@code cluster:}); docs/cluster.md. Without {@code database:} (or with {@code database: sqlite})
 * the embedded SQLite file {@code ferry.db} in the data directory.
 *
 * @param postgres      the PostgreSQL server, or null for SQLite
 * @param user          the user Ferry logs in as
 * @param passwordEnv   the environment variable holding the password, or null
 * @param tls           PostgreSQL's sslmode: disable, require, verify-ca or verify-full
 * @param caFile        the certificate authority of the server's certificate, or null
 * @param node          this node's name (by default the host's name)
 * @param heartbeat     how often the node writes its heartbeat and load
 * @param lease         how long a job a node took stays its own without a heartbeat: after it, another node may
 *                      take it (a node that died)
 * @param sharedStorage whether every node reaches every other's spool and store folders at the same paths (a shared
 *                      file system): then any node delivers any job; else each delivers the jobs of its own objects
 */
public record DatabaseConfig(PostgresDatabase.Address postgres, String user, String passwordEnv, String tls,
                             Path caFile, String node, Duration heartbeat, Duration lease, boolean sharedStorage) {

    /** The user by default. */
    public static final String DEFAULT_USER = "ferry";
    /** How often a node writes its heartbeat by default. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    /** How long a node's jobs stay its own without a heartbeat, by default. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    /** The embedded SQLite database; the node named after the host. */
    public static DatabaseConfig embedded() {
        return new DatabaseConfig(null, DEFAULT_USER, null, "disable", null, hostName(), DEFAULT_HEARTBEAT,
                DEFAULT_LEASE, false);
    }

    /** Whether the database is a PostgreSQL server (a cluster of one or more nodes). */
    public boolean shared() {
        return postgres != null;
    }

    /**
     * The database: the SQLite file {@code ferry.db} in {@code dataDirectory}, or the PostgreSQL server with the
     * password read from {@code environment} now.
     */
    public Database database(Path dataDirectory, UnaryOperator<String> environment) {
        if (postgres == null) {
            return new SqliteDatabase(dataDirectory.resolve("ferry.db"));
        }
        String password = passwordEnv == null ? null : environment.apply(passwordEnv);
        return new PostgresDatabase(postgres.host(), postgres.port(), postgres.name(), user, password, tls, caFile,
                node, dataDirectory);
    }

    /** Parses {@code database:} (a URL, {@code sqlite}, or a map), {@code node:} and {@code cluster:}. */
    static DatabaseConfig parse(Section top, Path base, ConfigProblems problems) {
        DatabaseConfig defaults = embedded();
        PostgresDatabase.Address address = null;
        String user = DEFAULT_USER;
        String passwordEnv = null;
        String tls = null;
        Path ca = null;
        ConfigNode databaseNode = top.node("database").orElse(null);
        if (databaseNode instanceof ConfigNode.ScalarNode) {
            address = address(top.string("database", "sqlite"), databaseNode, problems);
        } else if (databaseNode != null) {
            Section section = Section.of(databaseNode, problems);
            String url = section.string("url", null);
            if (url == null) {
                problems.add(databaseNode, "database: needs url: postgresql://host:port/database (or write"
                        + " database: sqlite for the embedded database)");
            } else {
                address = address(url, section.node("url").orElseThrow(), problems);
            }
            user = section.string("user", DEFAULT_USER);
            passwordEnv = section.variable("password-env", null);
            tls = section.string("tls", null);
            if (tls != null && !PostgresDatabase.TLS_MODES.contains(tls)) {
                problems.add(section.node("tls").orElseThrow(), "tls: '" + tls + "' is none of "
                        + String.join(", ", PostgresDatabase.TLS_MODES));
                tls = null;
            }
            String caText = section.string("ca", null);
            ca = caText == null ? null : base.resolve(caText);
            section.finish();
        }
        if (address != null && tls == null) {
            tls = loopback(address.host()) ? "disable" : ca != null ? "verify-full" : "require";
        }
        String node = top.string("node", defaults.node());
        if (node != null && !node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            problems.add(top.node("node").orElseThrow(), "node: '" + node + "' is not a name of letters, digits,"
                    + " '.', '_' and '-' (at most 63)");
            node = defaults.node();
        }
        Duration heartbeat = DEFAULT_HEARTBEAT;
        Duration lease = DEFAULT_LEASE;
        boolean shared = false;
        ConfigNode clusterNode = top.node("cluster").orElse(null);
        if (clusterNode != null) {
            Section cluster = Section.of(clusterNode, problems);
            heartbeat = cluster.duration("heartbeat", DEFAULT_HEARTBEAT);
            lease = cluster.duration("lease", DEFAULT_LEASE);
            shared = cluster.bool("shared-storage", false);
            cluster.finish();
            if (lease.compareTo(heartbeat.multipliedBy(3)) < 0) {
                problems.add(clusterNode, "cluster: lease (" + lease.toSeconds() + " s) must be at least three"
                        + " heartbeats (" + heartbeat.toSeconds() + " s each), or a live node loses its jobs");
            }
            if (address == null) {
                problems.add(clusterNode, "cluster: needs database: postgresql://... (the embedded SQLite database"
                        + " serves one node)");
            }
        }
        return new DatabaseConfig(address, user, passwordEnv, tls == null ? "disable" : tls, ca, node, heartbeat,
                lease, shared);
    }

    private static PostgresDatabase.Address address(String text, ConfigNode at, ConfigProblems problems) {
        if (text.strip().equalsIgnoreCase("sqlite")) {
            return null;
        }
        try {
            return PostgresDatabase.Address.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(at, "database: " + e.getMessage() + " (or sqlite, the embedded database)");
            return null;
        }
    }

    private static boolean loopback(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.startsWith("127.") || lower.equals("[::1]") || lower.equals("::1");
    }

    /** The host's name, as a node's default name ({@code ferry} when it has none usable). */
    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            String shortName = dot > 0 ? name.substring(0, dot) : name;
            return shortName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}") ? shortName : "ferry";
        } catch (UnknownHostException e) {
            return "ferry";
        }
    }
}
