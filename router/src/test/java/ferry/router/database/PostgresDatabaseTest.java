package ferry.router.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What {@link PostgresDatabase} says of the server's failures, and the addresses it takes. */
class PostgresDatabaseTest {
    private final PostgresDatabase database = new PostgresDatabase("db1", 5432, "ferry", "ferry", null, "require",
            null, "a", Path.of("/var/lib/ferry"));

    @Test
    void aServerAskingForAPasswordFerryDoesNotHaveIsToldAsSuch() {
        SQLException noPassword = new SQLException("The server requested SCRAM-based authentication, but no password"
                + " was provided.", "08004");

        assertThat(database.problem("cannot be opened", noPassword)).hasMessage("database postgresql://db1:5432/ferry"
                + " cannot be opened: the server asks user ferry for a password and Ferry has none: name the"
                + " environment variable that holds it in database: password-env, and set it where Ferry runs (or"
                + " give the user Ferry runs as a ~/.pgpass)");
        assertThat(database.passes(noPassword)).as("tried again later, when the variable may be set").isTrue();
    }

    @Test
    void theServersStatesAreSaidInWordsAndTheRetriesFollowThem() {
        assertThat(database.problem("could not record 3 objects", new SQLException("no space", "53100")))
                .hasMessage("database postgresql://db1:5432/ferry could not record 3 objects: the server's disk is full");
        assertThat(database.problem("cannot be opened", new SQLException("read-only", "25006")))
                .hasMessageEndingWith("the server is read-only (a standby?): point database: at the primary");
        assertThat(database.passes(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(database.passes(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(database.conflicts(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(database.conflicts(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(database.conflicts(new SQLException("disk full", "53100"))).isFalse();
    }

    @Test
    void theAddressIsHostPortAndNameWithoutSecretsOrOptions() {
        assertThat(PostgresDatabase.Address.parse("postgresql://db1.example.org:6543/ferry"))
                .isEqualTo(new PostgresDatabase.Address("db1.example.org", 6543, "ferry"));
        assertThat(PostgresDatabase.Address.parse("postgres://[::1]/ferry"))
                .isEqualTo(new PostgresDatabase.Address("[::1]", 5432, "ferry"));
        assertThatThrownBy(() -> PostgresDatabase.Address.parse("postgresql://db1/ferry?sslmode=disable"))
                .hasMessageContaining("not in the address");
        assertThatThrownBy(() -> PostgresDatabase.Address.parse("postgresql://db1/")).hasMessageContaining(
                "is not postgresql://host:port/database");
        assertThatThrownBy(() -> new PostgresDatabase("db1", 5432, "ferry", "ferry", null, "prefer", null, "a",
                Path.of("/tmp"))).hasMessageContaining("TLS mode 'prefer' is none of");
        assertThat(database.toString()).isEqualTo("postgresql://db1:5432/ferry");
    }
}
