package ferry.router.journal;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.database.Database;
import ferry.router.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The promise of both durability levels (docs/durability.md, "The two levels"): kill -9 right after
 * {@link Journal#recordReceived} returned loses nothing. A child JVM records objects as fast as it can and prints each
 * id once recorded; it is killed with SIGKILL in full flight, and every line it printed, up to the kill, is read and
 * checked against the reopened journal. On PostgreSQL too: there the records not yet committed are in the node's
 * receipt log, and the restart commits them.
 */
@Tag("database")
class JournalKillTest {

    private static final int PRINTED_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyIdPrintedBeforeKillMinus9IsInTheJournal(Durability durability) throws Exception {
        Database database = TestDatabase.fresh(dir);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JournalKillChild.class.getName(),
                database.location(), durability.name().toLowerCase(Locale.ROOT), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<Long, Long> printed = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (printed.size() == PRINTED_BEFORE_KILL) {
                    child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly, keeps stdout open
                }
                String[] idAndNumber = line.split(" ");
                printed.put(Long.parseLong(idAndNumber[0]), Long.parseLong(idAndNumber[1]));
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not ended on its own").isEqualTo(137);
        assertThat(printed).hasSizeGreaterThanOrEqualTo(PRINTED_BEFORE_KILL);

        try (Journal journal = Journal.open(database, durability)) {
            Map<Long, String> stored = new HashMap<>();
            journal.unfinished().forEach(object -> stored.put(object.id(), object.record().sopInstanceUid()));
            printed.forEach((id, n) -> assertThat(stored).containsEntry(id, TestRecords.sopInstanceUid(n)));
        }
    }
}
