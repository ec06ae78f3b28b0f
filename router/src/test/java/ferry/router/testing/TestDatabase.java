package ferry.router.testing;

import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.database.SqliteDatabase;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database engine the store tests run on: SQLite by default, PostgreSQL when the system property
 * {@code ferry.test.database} is {@code postgresql} (the build's second run of the store tests, see router/pom.xml).
 * On PostgreSQL one throwaway server ({@link PostgresServer}) serves the whole test run, stopped when the JVM ends,
 * and each {@link #fresh} database is a new, empty one on it.
 */
public final class TestDatabase {
    /** The system property that chooses the engine. */
    public static final String PROPERTY = "ferry.test.database";

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static PostgresServer server;

    private TestDatabase() {
    }

    /** Whether the tests run on PostgreSQL. */
    public static boolean postgres() {
        return "postgresql".equals(System.getProperty(PROPERTY, "sqlite").toLowerCase(Locale.ROOT));
    }

    /**
     * A new, empty database for one test: {@code folder/ferry.db}, or a new database on the shared PostgreSQL server
     * whose node keeps its receipt log in {@code folder}.
     */
    public static Database fresh(Path folder) {
        return postgres() ? freshPostgres(folder, "test") : new SqliteDatabase(folder.resolve("ferry.db"));
    }

    /** A new, empty database on the test run's PostgreSQL server, for node {@code node}. */
    public static PostgresDatabase freshPostgres(Path folder, String node) {
        String name = "ferry_test_" + NEXT.incrementAndGet();
        server().createDatabase(name);
        return on(name, folder, node);
    }

    /** Another node's view of database {@code name} on the test run's PostgreSQL server. */
    public static PostgresDatabase on(String name, Path folder, String node) {
        return new PostgresDatabase("127.0.0.1", server().port(), name, PostgresServer.USER, null, "disable", null,
                node, folder);
    }

    /** The test run's PostgreSQL server, started at the first call. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.start();
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "ferry-test-postgres-stop"));
        }
        return server;
    }
}
