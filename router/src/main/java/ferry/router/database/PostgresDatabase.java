package ferry.router.database;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * A PostgreSQL server that one or more Ferry nodes share (docs/cluster.md). Each node keeps its receipt log in its
 * own data directory: the records of objects it acknowledged and had not committed yet are committed when it starts
 * again.
 *
 * @param host        the server's host name or address
 * @param port        its port (5432 usually)
 * @param name        the database's name
 * @param user        the user Ferry logs in as
 * @param password    the password, or null (trust, peer or a ~/.pgpass file); never shown
 * @param tls         how the connection is encrypted: {@code disable}, {@code require}, {@code verify-ca} or
 *                    {@code verify-full} (PostgreSQL's sslmode)
 * @param caFile      the certificate authority that signed the server's certificate (verify-ca, verify-full), or null
 * @param node        this node's name (the connection's application name)
 * @param localFolder the node's data directory, where its receipt log is
 */
public record PostgresDatabase(String host, int port, String name, String user, String password, String tls,
                               Path caFile, String node, Path localFolder) implements Database {

    /** The TLS modes, PostgreSQL's sslmode values that make sense for a server holding patient data. */
    public static final java.util.List<String> TLS_MODES = java.util.List.of("disable", "require", "verify-ca",
            "verify-full");

    public PostgresDatabase {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(node, "node");
        localFolder = Objects.requireNonNull(localFolder, "localFolder").toAbsolutePath().normalize();
        tls = tls == null ? "disable" : tls;
        if (!TLS_MODES.contains(tls)) {
            throw new IllegalArgumentException("TLS mode '" + tls + "' is none of " + String.join(", ", TLS_MODES));
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }

    @Override
    public String location() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }

    /** The location and the user, never the password. */
    @Override
    public String toString() {
        return location();
    }

    @Override
    public Path receiptLog() {
        return localFolder.resolve("postgresql-receipts");
    }

    @Override
    public void check() {
        // everything else is the server's to say, at the first connection
    }

    /** The JDBC URL, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /**
     * Commits wait for the server's write-ahead log to reach its disk ({@code synchronous_commit = on}) when
     * {@code syncing}; else they return before ({@code off}: a crash of the server, not of Ferry, may lose the last
     * few hundred milliseconds of them, which durability {@code process} accepts).
     */
    @Override
    public Connection openWriter(boolean syncing) throws IOException {
        Connection connection = connect("cannot be opened");
        try (Statement statement = connection.createStatement()) {
            statement.execute(syncing ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
            return connection;
        } catch (SQLException e) {
            Database.closeQuietly(connection);
            throw problem("cannot be opened", e);
        }
    }

    @Override
    public Connection openReader() throws IOException {
        return connect("cannot be opened for reading");
    }

    private Connection connect(String what) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("sslmode", tls);
        if (caFile != null) {
            properties.setProperty("sslrootcert", caFile.toString());
        }
        properties.setProperty("ApplicationName", "ferry " + node);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        try {
            return DriverManager.getConnection(jdbcUrl(), properties);
        } catch (SQLException e) {
            throw problem(what, e);
        }
    }

    @Override
    public IOException problem(String what, SQLException e) {
        String state = String.valueOf(e.getSQLState());
        String why;
        if (password == null && String.valueOf(e.getMessage()).contains("no password was provided")) {
            why = "the server asks user " + user + " for a password and Ferry has none: name the environment"
                    + " variable that holds it in database: password-env, and set it where Ferry runs (or give"
                    + " the user Ferry runs as a ~/.pgpass)";
        } else if (state.startsWith("08")) {
            why = "the server cannot be reached or closed the connection (" + e.getMessage()
                    + "): check that PostgreSQL runs there and that database: names it";
        } else if ("28P01".equals(state) || "28000".equals(state)) {
            why = "the server refused the login of user " + user + " (" + e.getMessage()
                    + "): check the user, the password's environment variable and pg_hba.conf";
        } else if ("3D000".equals(state)) {
            why = "the database does not exist: create it (createdb -O " + user + " " + name + ")";
        } else if ("53100".equals(state)) {
            why = "the server's disk is full";
        } else if (state.startsWith("53")) {
            why = "the server lacks resources (" + e.getMessage() + ")";
        } else if (state.startsWith("57P")) {
            why = "the server is shutting down or restarting (" + e.getMessage() + ")";
        } else if ("25006".equals(state)) {
            why = "the server is read-only (a standby?): point database: at the primary";
        } else if ("42501".equals(state)) {
            why = "user " + user + " lacks a privilege (" + e.getMessage() + "): make it the database's owner";
        } else {
            why = "failed: " + e.getMessage();
        }
        return new IOException("database " + location() + " " + what + ": " + why, e);
    }

    @Override
    public boolean passes(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.startsWith("58") || "40001".equals(state) || "40P01".equals(state)
                || "55P03".equals(state) || "25006".equals(state);
    }

    /** A deadlock (40P01) or a serialization failure (40001): PostgreSQL ended this transaction for another's. */
    @Override
    public boolean conflicts(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return "40P01".equals(state) || "40001".equals(state);
    }

    /**
     * A PostgreSQL server's address as {@code database:} writes it.
     *
     * @param host the host name or address
     * @param port the port
     * @param name the database's name
     */
    public record Address(String host, int port, String name) {
        /** The default port of PostgreSQL. */
        public static final int DEFAULT_PORT = 5432;

        /**
         * Parses {@code postgresql://host[:port]/name} (or {@code postgres://}); user, password and TLS are settings
         * of their own, so that no secret is written in the address.
         *
         * @throws IllegalArgumentException saying what is wrong
         */
        public static Address parse(String url) {
            String rest = url.strip();
            String lower = rest.toLowerCase(Locale.ROOT);
            String prefix = lower.startsWith("postgresql://") ? "postgresql://"
                    : lower.startsWith("postgres://") ? "postgres://" : null;
            if (prefix == null) {
                throw new IllegalArgumentException("'" + url + "' is not postgresql://host:port/database");
            }
            rest = rest.substring(prefix.length());
            if (rest.indexOf('@') >= 0 || rest.indexOf('?') >= 0) {
                throw new IllegalArgumentException("'" + url + "': user, password and options go in user:,"
                        + " password-env: and tls:, not in the address");
            }
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
                throw new IllegalArgumentException("'" + url + "' is not postgresql://host:port/database");
            }
            String authority = rest.substring(0, slash);
            String host = authority;
            int port = DEFAULT_PORT;
            int colon = authority.lastIndexOf(':');
            if (colon > 0 && !authority.endsWith("]")) {
                host = authority.substring(0, colon);
                String digits = authority.substring(colon + 1);
                if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) < 1
                        || Integer.parseInt(digits) > 65_535) {
                    throw new IllegalArgumentException("'" + url + "': '" + digits + "' is not a TCP port");
                }
                port = Integer.parseInt(digits);
            }
            return new Address(host, port, rest.substring(slash + 1));
        }
    }
}
