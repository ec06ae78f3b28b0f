package ferry.router.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.testing.ToolRun;
import ferry.router.database.Database;
import ferry.router.database.PostgresDatabase;
import ferry.router.database.SqlDialect;
import ferry.core.testing.FreePorts;
import ferry.router.testing.JournalRows;
import ferry.router.testing.PostgresServer;
import ferry.router.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the journal does on a PostgreSQL server that several nodes share (docs/cluster.md): each node's rows carry its
 * name, its ids come in blocks that never meet another's, a restart sees its own unfinished objects only, and the
 * counts are the cluster's. Also what it says when the server cannot be used.
 */
class PostgresJournalTest {

    @TempDir
    Path dir;

    @Test
    void twoNodesOnOneDatabaseGetDistinctIdsSeeTheirOwnUnfinishedObjectsAndCountTogether() throws Exception {
        PostgresDatabase a = TestDatabase.freshPostgres(folder("a"), "a");
        PostgresDatabase b = TestDatabase.on(a.name(), folder("b"), "b");
        List<Long> idsOfA = new ArrayList<>();
        List<Long> idsOfB = new ArrayList<>();
        try (Journal journalA = Journal.open(a, Durability.PROCESS);
             Journal journalB = Journal.open(b, Durability.POWER)) {
            for (int n = 0; n < 50; n++) {
                idsOfA.add(journalA.recordReceived(TestRecords.received(folder("a"), n, List.of("mri"))));
                idsOfB.add(journalB.recordReceived(TestRecords.received(folder("b"), 100 + n, List.of("ct"))));
            }
            assertThat(idsOfA).doesNotContainAnyElementsOf(idsOfB).isSorted();
            assertThat(idsOfB).isSorted();
            journalA.finish(idsOfA.get(0));

            assertThat(journalA.unfinished()).extracting(UnfinishedObject::id)
                    .containsExactlyElementsOf(idsOfA.subList(1, 50));
            assertThat(journalB.unfinished()).extracting(UnfinishedObject::id).containsExactlyElementsOf(idsOfB);
            journalB.flush();
            JournalCounts counts = journalA.counts();
            assertThat(counts.objects()).isEqualTo(100);
            assertThat(counts.perRoute()).containsOnlyKeys("mri", "ct");
            assertThat(counts.perRoute().get("mri").objects()).isEqualTo(50);
        }
        try (Journal again = Journal.open(b, Durability.PROCESS)) {
            long next = again.recordReceived(TestRecords.received(folder("b"), 999, List.of("ct")));
            assertThat(next).as("a fresh block after the restart").isGreaterThan(idsOfB.get(49))
                    .isNotIn(idsOfA);
            assertThat(again.unfinished()).hasSize(51);
        }
        assertThat(JournalRows.count(a, "SELECT count(*) FROM ferry_node")).isEqualTo(2);
    }

    @Test
    void theUnfinishedObjectsOfASilentNodeAreTakenOverOnceWithTheirActions() throws Exception {
        PostgresDatabase a = TestDatabase.freshPostgres(folder("a"), "a");
        PostgresDatabase b = TestDatabase.on(a.name(), folder("b"), "b");
        try (Journal journalA = Journal.open(a, Durability.PROCESS);
             Journal journalB = Journal.open(b, Durability.PROCESS);
             Journal journalC = Journal.open(TestDatabase.on(a.name(), folder("c"), "c"), Durability.PROCESS)) {
            List<ReceivedRecord> records = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                records.add(TestRecords.received(folder("a"), n, List.of("mri")));
                ids.add(journalA.recordReceived(records.get(n)));
            }
            journalA.recordAction(ids.get(0), new ActionRecord("mri", "store", "placed", "/data/mri/1.dcm"));
            journalA.finish(ids.get(2));
            journalA.flush();
            assertThat(journalB.takeOverFrom(Instant.now().minusSeconds(60))).as("a beats").isEmpty();

            JournalRows.execute(a, "UPDATE ferry_node SET heartbeat_at = 0 WHERE name = 'a'"); // a fell silent
            List<UnfinishedObject> taken = journalB.takeOverFrom(Instant.now().minusSeconds(60));
            assertThat(journalC.takeOverFrom(Instant.now().minusSeconds(60))).as("taken once").isEmpty();

            assertThat(taken).containsExactly(
                    new UnfinishedObject(ids.get(0), records.get(0),
                            List.of(new ActionRecord("mri", "store", "placed", "/data/mri/1.dcm"))),
                    new UnfinishedObject(ids.get(1), records.get(1), List.of()));
            assertThat(journalA.unfinished()).as("no longer a's").isEmpty();
            journalB.recordAction(ids.get(1), new ActionRecord("mri", "store", "placed", "/data/mri/2.dcm"));
            journalB.finish(ids.get(1));
            assertThat(journalB.unfinished()).extracting(UnfinishedObject::id).containsExactly(ids.get(0));
        }
    }

    @Test
    void twoNodesWhoseTransactionsDeadlockBothCommitTheLoserWrittenAgainAtOnce() throws Exception {
        PostgresDatabase a = TestDatabase.freshPostgres(folder("a"), "a");
        PostgresDatabase b = TestDatabase.on(a.name(), folder("b"), "b");
        CountDownLatch firstRowsTaken = new CountDownLatch(2);
        try (Journal journalA = Journal.open(a, Durability.PROCESS);
             Journal journalB = Journal.open(b, Durability.PROCESS)) {
            // each takes one shared row, waits until the other took its own, then wants the other's: a deadlock
            Thread other = new Thread(() -> {
                try {
                    journalB.write(transaction -> {
                        Rows.update(transaction, JournalSql.ADD_COUNT, "", "y", 1, 1);
                        awaitOther(firstRowsTaken);
                        Rows.update(transaction, JournalSql.ADD_COUNT, "", "x", 1, 1);
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            other.start();
            journalA.write(transaction -> {
                Rows.update(transaction, JournalSql.ADD_COUNT, "", "x", 1, 1);
                awaitOther(firstRowsTaken);
                Rows.update(transaction, JournalSql.ADD_COUNT, "", "y", 1, 1);
            });
            other.join();

            assertThat(journalA.problem()).isNull();
            assertThat(journalB.problem()).isNull();
        }
        assertThat(JournalRows.count(a, "SELECT objects FROM received_count WHERE node = '' AND name = 'x'"))
                .as("both transactions, once each").isEqualTo(2);
        assertThat(JournalRows.count(a, "SELECT objects FROM received_count WHERE node = '' AND name = 'y'"))
                .isEqualTo(2);
    }

    /** Counts down and waits (a few seconds at most: the work of a retry finds the latch open). */
    private static void awaitOther(CountDownLatch latch) {
        latch.countDown();
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        PostgresDatabase first = TestDatabase.freshPostgres(folder("n0"), "n0");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> opened = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                Database node = TestDatabase.on(first.name(), folder("n" + n), "n" + n);
                Callable<Void> open = () -> {
                    Journal.open(node, Durability.PROCESS).close();
                    return null;
                };
                opened.add(pool.submit(open));
            }
            for (Future<Void> future : opened) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(JournalRows.count(first, "SELECT count(*) FROM schema_version"))
                .isEqualTo(JournalSql.migrations(SqlDialect.POSTGRESQL).size());
        assertThat(JournalRows.count(first, "SELECT max(version) FROM schema_version")).isEqualTo(Journal.schemaVersion());
        assertThat(JournalRows.count(first, "SELECT count(*) FROM ferry_node")).isEqualTo(4);
    }

    @Test
    void aDatabaseOfAnotherProgramIsRefusedAndLeftAsItIs() throws Exception {
        PostgresDatabase database = TestDatabase.freshPostgres(folder("x"), "x");
        JournalRows.execute(database, "CREATE TABLE patients (id INTEGER)");

        assertThatThrownBy(() -> Journal.open(database, Durability.PROCESS)).isInstanceOf(IOException.class)
                .hasMessage("journal " + database.location() + " is a database of another program (it has tables but"
                        + " no schema_version): give Ferry a database of its own");
        assertThat(JournalRows.count(database, "SELECT count(*) FROM information_schema.tables WHERE table_schema"
                + " = current_schema()")).isEqualTo(1);
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        PostgresDatabase database = TestDatabase.freshPostgres(folder("v"), "v");
        Journal.open(database, Durability.PROCESS).close();
        JournalRows.execute(database, "INSERT INTO schema_version VALUES (" + (Journal.schemaVersion() + 1)
                + ", 'from the future', 'now')");

        assertThatThrownBy(() -> Journal.open(database, Durability.PROCESS)).isInstanceOf(IOException.class)
                .hasMessageContaining("has schema version " + (Journal.schemaVersion() + 1) + ", newer than this Ferry");
    }

    @Test
    void overTlsTheJournalConnectsEncryptedVerifiesTheServerAndAServerThatAsksForTlsRefusesPlainConnections()
            throws Exception {
        try (PostgresServer server = PostgresServer.startWithTls()) {
            server.createDatabase("ferry");
            Database required = new PostgresDatabase("127.0.0.1", server.port(), "ferry", PostgresServer.USER, null,
                    "require", null, "a", folder("require"));
            Database verified = new PostgresDatabase("localhost", server.port(), "ferry", PostgresServer.USER, null,
                    "verify-full", server.certificate(), "b", folder("verified"));
            Path otherAuthority = dir.resolve("other.crt");
            ToolRun made = ToolRun.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", dir.resolve("other.key").toString(), "-out",
                    otherAuthority.toString());
            assertThat(made.exitCode()).as(made.describe()).isZero();
            Database impostor = new PostgresDatabase("localhost", server.port(), "ferry", PostgresServer.USER, null,
                    "verify-full", otherAuthority, "c", folder("impostor"));
            Database plain = new PostgresDatabase("127.0.0.1", server.port(), "ferry", PostgresServer.USER, null,
                    "disable", null, "d", folder("plain"));

            for (Database database : List.of(required, verified)) {
                try (Journal journal = Journal.open(database, Durability.PROCESS)) {
                    journal.recordReceived(TestRecords.received(dir, 1, List.of("mri")));
                    List<Boolean> encrypted = journal.read(connection -> Rows.list(connection,
                            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", row -> row.getBoolean(1)));
                    assertThat(encrypted).as(database + " encrypted").containsExactly(true);
                }
            }
            assertThatThrownBy(() -> Journal.open(impostor, Durability.PROCESS)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("database postgresql://localhost:" + server.port() + "/ferry cannot be"
                            + " opened: ");
            assertThatThrownBy(() -> Journal.open(plain, Durability.PROCESS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot be opened: the server refused the login of user ferry")
                    .hasMessageContaining("no encryption");
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsNamedWithWhatToCheck() {
        int closed = FreePorts.next();
        Database nowhere = new PostgresDatabase("127.0.0.1", closed, "ferry", "ferry", null, "disable", null, "a",
                dir);

        assertThatThrownBy(() -> Journal.open(nowhere, Durability.PROCESS)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("database postgresql://127.0.0.1:" + closed + "/ferry cannot be opened: the"
                        + " server cannot be reached or closed the connection (")
                .hasMessageEndingWith("check that PostgreSQL runs there and that database: names it");
    }

    @Test
    void aMissingDatabaseAndAnUnknownUserAreNamed() {
        int port = TestDatabase.server().port();
        Database missing = new PostgresDatabase("127.0.0.1", port, "no_such_db", PostgresServer.USER, null,
                "disable", null, "a", dir);
        Database stranger = new PostgresDatabase("127.0.0.1", port, "postgres", "nobody", null, "disable", null,
                "a", dir);

        assertThatThrownBy(() -> Journal.open(missing, Durability.PROCESS)).isInstanceOf(IOException.class)
                .hasMessage("database postgresql://127.0.0.1:" + port + "/no_such_db cannot be opened: the database"
                        + " does not exist: create it (createdb -O ferry no_such_db)");
        assertThatThrownBy(() -> Journal.open(stranger, Durability.PROCESS)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot be opened: the server refused the login of user nobody");
    }

    @Test
    void recordsInTheReceiptLogThatTheDatabaseLacksAreCommittedAtTheNextStart() throws Exception {
        PostgresDatabase database = TestDatabase.freshPostgres(folder("r"), "r");
        Journal.open(database, Durability.PROCESS).close();
        ReceivedRecord logged = TestRecords.received(folder("r"), 1, List.of("mri"));
        try (ReceiptLog log = ReceiptLog.open(database.receiptLog(), 0)) {
            log.append(ObjectIds.BLOCK * 5 + 3, logged); // acknowledged, then killed before the commit
        }

        Set<Long> ids = new HashSet<>();
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            journal.unfinished().forEach(object -> ids.add(object.id()));
            assertThat(journal.unfinished()).extracting(UnfinishedObject::record).containsExactly(logged);
        }
        assertThat(ids).containsExactly(ObjectIds.BLOCK * 5 + 3);
    }

    private Path folder(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }
}
