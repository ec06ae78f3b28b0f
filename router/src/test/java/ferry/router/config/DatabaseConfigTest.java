package ferry.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ferry.router.config.yaml.ConfigException;
import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.database.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code database:}, {@code node:} and {@code cluster:} (docs/configuration.md, docs/cluster.md). */
class DatabaseConfigTest {
    @TempDir
    Path dir;

    private FerryConfig load(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        return ConfigLoader.load(Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\n" + yaml));
    }

    private String problems(String yaml) {
        Throwable thrown = catchThrowable(() -> load(yaml));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return String.join("\n", ((ConfigException) thrown).problems().stream().map(Object::toString).toList());
    }

    @Test
    void withoutDatabaseTheEmbeddedSqliteFileOfTheDataDirectoryIsUsedAndTheNodeIsNamedAfterTheHost() throws Exception {
        FerryConfig config = load("index: on\n");
        assertThat(config.database().shared()).isFalse();
        assertThat(config.journalDatabase()).isEqualTo(new SqliteDatabase(dir.resolve("data/ferry.db")));
        assertThat(config.database().node()).isEqualTo(DatabaseConfig.hostName()).isNotBlank();
        assertThat(load("database: sqlite\n").journalDatabase()).isInstanceOf(SqliteDatabase.class);
    }

    @Test
    void aPostgresqlAddressNamesTheServerAndTheNodeKeepsItsReceiptLogInItsDataDirectory() throws Exception {
        FerryConfig config = load("database: postgresql://db1.example.org:6543/ferry\nnode: ferry-a\n");
        Database database = config.database().database(dir.resolve("data"), name -> null);

        assertThat(database).isEqualTo(new PostgresDatabase("db1.example.org", 6543, "ferry", "ferry", null,
                "require", null, "ferry-a", dir.resolve("data")));
        assertThat(database.location()).isEqualTo("postgresql://db1.example.org:6543/ferry");
        assertThat(database.node()).isEqualTo("ferry-a");
        assertThat(database.receiptLog()).isEqualTo(dir.resolve("data/postgresql-receipts"));
        assertThat(load("database: postgres://127.0.0.1/ferry\n").database().tls()).as("loopback")
                .isEqualTo("disable");
    }

    @Test
    void theLongFormTakesUserPasswordFromTheEnvironmentTlsAndCertificateAuthority() throws Exception {
        FerryConfig config = load("""
                database:
                  url: postgresql://db1.example.org/ferry
                  user: router
                  password-env: FERRY_DATABASE_PASSWORD
                  ca: certs/db-ca.pem
                node: ferry-b
                cluster:
                  heartbeat: 5s
                  lease: 30s
                  shared-storage: true
                """);
        Map<String, String> environment = Map.of("FERRY_DATABASE_PASSWORD", "s3cret");
        PostgresDatabase database = (PostgresDatabase) config.database().database(dir.resolve("data"),
                environment::get);

        assertThat(database.port()).isEqualTo(5432);
        assertThat(database.user()).isEqualTo("router");
        assertThat(database.password()).isEqualTo("s3cret");
        assertThat(database.tls()).as("a certificate authority given").isEqualTo("verify-full");
        assertThat(database.caFile()).isEqualTo(dir.resolve("certs/db-ca.pem"));
        assertThat(database.toString()).doesNotContain("s3cret");
        assertThat(config.database().heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.database().lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.database().sharedStorage()).isTrue();
    }

    @Test
    void mistakesAreEachNamed() {
        assertThat(problems("database: mysql://db/ferry\n")).contains("is not postgresql://host:port/database");
        assertThat(problems("database: postgresql://ferry:secret@db/ferry\n"))
                .contains("user, password and options go in user:, password-env: and tls:, not in the address");
        assertThat(problems("database: postgresql://db:99999/ferry\n")).contains("'99999' is not a TCP port");
        assertThat(problems("database: {url: postgresql://db/ferry, tls: maybe}\n"))
                .contains("tls: 'maybe' is none of disable, require, verify-ca, verify-full");
        assertThat(problems("database: {user: ferry}\n")).contains("database: needs url:");
        assertThat(problems("node: 'a b'\n")).contains("node: 'a b' is not a name");
        assertThat(problems("cluster: {lease: 10s}\n")).contains("cluster: needs database: postgresql://")
                .contains("lease (10 s) must be at least three heartbeats (10 s each)");
        assertThat(problems("database: {url: postgresql://db/ferry, password-env: 'no such'}\n"))
                .contains("is not an environment variable name");
    }

    @Test
    void theDatabaseAndTheNodeStayUntilTheNextStart() throws Exception {
        FerryConfig running = load("index: on\n");
        FerryConfig next = load("database: postgresql://db1/ferry\nnode: ferry-a\n");
        assertThat(running.startSettingsChangedIn(next)).containsExactly("database stays sqlite as node "
                + DatabaseConfig.hostName() + " (the file now says postgresql://db1:5432/ferry as node ferry-a)");
        assertThat(next.withStartSettingsOf(running).database()).isEqualTo(running.database());
    }
}
