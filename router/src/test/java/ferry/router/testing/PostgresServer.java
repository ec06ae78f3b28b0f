package ferry.router.testing;

import ferry.core.testing.FreePorts;
import ferry.core.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: Debian's own binaries ({@code apt-get install postgresql}, found in
 * /usr/lib/postgresql/VERSION/bin or on the PATH), a new cluster in a temporary folder, listening on 127.0.0.1 on a
 * free port with trust authentication, without fsync; the installed system service is neither used nor disturbed.
 * PostgreSQL refuses to run as root, so under root the cluster belongs to, and runs as, the {@code postgres} user.
 * A test skips when PostgreSQL is not installed, or fails when peers are required ({@link Peers}).
 *
 * <pre>{@code
 * try (PostgresServer postgres = PostgresServer.start()) {
 *     String url = postgres.createDatabase("ferry");   // jdbc:postgresql://127.0.0.1:PORT/ferry
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    /** The user the cluster is made with; it may do anything. */
    public static final String USER = "ferry";

    private final Path folder;
    private final Path pgCtl;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path folder, Path pgCtl, int port, boolean asPostgres) {
        this.folder = folder;
        this.pgCtl = pgCtl;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Makes a cluster and starts it; waits until it accepts connections. */
    public static PostgresServer start() {
        return start(false);
    }

    /**
     * {@link #start()}, with TLS: a self-signed certificate for {@code localhost} and 127.0.0.1 ({@link #certificate()},
     * made with openssl), and connections without TLS over TCP refused (pg_hba.conf {@code hostnossl ... reject}).
     */
    public static PostgresServer startWithTls() {
        return start(true);
    }

    private static PostgresServer start(boolean tls) {
        Path bin = binaries();
        Peers.require(bin != null, "PostgreSQL's server (initdb, pg_ctl)", "apt-get install postgresql");
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path folder = Files.createTempDirectory("ferry-postgres-");
            Path data = folder.resolve("data");
            if (root) {
                run(List.of("chown", "postgres:", folder.toString()), false);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"), root);
            int port = FreePorts.next();
            PostgresServer server = new PostgresServer(folder, bin.resolve("pg_ctl"), port, root);
            String options = "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off";
            if (tls) {
                Peers.requireExecutable("openssl", "apt-get install openssl");
                run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
                        data.resolve("server.key").toString(), "-out", data.resolve("server.crt").toString()), root);
                run(List.of("chmod", "600", data.resolve("server.key").toString()), root);
                Files.writeString(folder.resolve("pg_hba.conf"), "local all all trust\n"
                        + "hostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n");
                run(List.of("cp", folder.resolve("pg_hba.conf").toString(), data.resolve("pg_hba.conf").toString()),
                        root);
                options += " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key";
            }
            run(List.of(server.pgCtl.toString(), "-D", data.toString(), "-l", folder.resolve("log").toString(), "-w",
                    "-t", "60", "-o", options, "start"), root);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    /** The folder of the newest installed PostgreSQL's programs, or null when there is none. */
    private static Path binaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                        .max(Comparator.comparingInt(v -> version(v.getFileName().toString()))).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path pgCtl = Peers.findExecutable("pg_ctl");
        return pgCtl == null || !Files.isExecutable(pgCtl.resolveSibling("initdb")) ? null : pgCtl.getParent();
    }

    private static int version(String name) {
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }

    /** Runs {@code command} (as the postgres user when asked) and fails with its output when it fails. */
    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", full), e);
        }
    }

    /** The certificate of a server started {@link #startWithTls() with TLS}: its own certificate authority. */
    public Path certificate() {
        return folder.resolve("data").resolve("server.crt");
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** Creates the database {@code name} and returns its JDBC URL (user {@value #USER}, no password). */
    public String createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return url(name);
    }

    /** The JDBC URL of the database {@code name}. */
    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** Stops the server at once (it holds nothing to keep) and deletes its cluster. */
    @Override
    public void close() {
        try {
            run(List.of(pgCtl.toString(), "-D", folder.resolve("data").toString(), "-m", "immediate", "-w", "stop"),
                    asPostgres);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is no failure of the test
            }
        }
    }
}
