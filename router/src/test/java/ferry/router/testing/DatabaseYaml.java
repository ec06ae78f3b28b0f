package ferry.router.testing;

import ferry.router.database.PostgresDatabase;
import java.nio.file.Path;

/**
 * The {@code database:} line of a test Ferry's configuration, so that end-to-end tests tagged {@code database} run
 * their Ferry on the engine of the test run ({@link TestDatabase}): none on SQLite (the embedded file in the data
 * directory), a fresh database on the test run's PostgreSQL server otherwise.
 */
public final class DatabaseYaml {
    private DatabaseYaml() {
    }

    /** Nothing on SQLite; on PostgreSQL the line naming a new, empty database ({@code folder}: its node's folder). */
    public static String fresh(Path folder) {
        return TestDatabase.postgres() ? of(TestDatabase.freshPostgres(folder, "test")) : "";
    }

    /** The line naming {@code database} (ferry.router.config.DatabaseConfig). */
    public static String of(PostgresDatabase database) {
        return "database: {url: " + database.location() + ", user: " + database.user() + ", tls: "
                + database.tls() + "}\n";
    }
}
