package ferry.router.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.database.Database;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.replicate.ReplicationRecord.State;
import ferry.router.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replication's record of outcomes and feed cursor, kept by name across runs; the same on SQLite and PostgreSQL. */
@Tag("database")
class ReplicationRecordTest {
    @TempDir
    Path dir;

    Database database;

    @BeforeEach
    void database() throws Exception {
        database = TestDatabase.fresh(dir);
        Journal.open(database, Durability.PROCESS).close();
    }

    private ReplicationRecord open(String name, Instant now) throws Exception {
        return ReplicationRecord.open(database, name, "orthanc a", "folder b", "StudyDate=2024",
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void outcomesAreReadBackByUidWithTotalsAndTheLatestFailuresFirst() throws Exception {
        try (ReplicationRecord record = open("nightly", Instant.parse("2026-12-01T00:00:00Z"))) {
            for (int i = 0; i < ReplicationRecord.BATCH + 20; i++) {
                record.record("1.2." + i, i % 2 == 0 ? State.COPIED : State.PRESENT, null);
            }
            record.record("1.3.1", State.FAILED, "refused: 0xA700");
        }
        try (ReplicationRecord record = open("nightly", Instant.parse("2026-12-02T00:00:00Z"))) {
            record.record("1.3.2", State.FAILED, "timed out");
            record.record("1.2.0", State.FAILED, "gone at the source");

            assertThat(record.states(List.of("1.2.1", "1.2.0", "1.3.1", "9.9"))).isEqualTo(Map.of("1.2.1",
                    State.PRESENT, "1.2.0", State.FAILED, "1.3.1", State.FAILED));
            assertThat(record.totals()).isEqualTo(Map.of(State.COPIED, 259L, State.PRESENT, 260L, State.FAILED, 3L));
            assertThat(record.failures(1)).extracting(ReplicationRecord.Failure::reason)
                    .containsAnyOf("timed out", "gone at the source");
            assertThat(record.failures(10)).last().isEqualTo(new ReplicationRecord.Failure("1.3.1",
                    "refused: 0xA700"));
        }
    }

    @Test
    void theFeedCursorIsKeptByNameUntilCleared() throws Exception {
        try (ReplicationRecord record = open("follow", Instant.parse("2026-12-01T00:00:00Z"))) {
            assertThat(record.cursor()).isEmpty();
            record.saveCursor(5_000_000_000L);
        }
        try (ReplicationRecord other = open("other", Instant.parse("2026-12-01T00:00:00Z"))) {
            assertThat(other.cursor()).as("another replication's").isEmpty();
        }
        try (ReplicationRecord record = open("follow", Instant.parse("2026-12-01T00:00:00Z"))) {
            assertThat(record.cursor()).isEqualTo(OptionalLong.of(5_000_000_000L));
            record.clearCursor();
            record.passed();
            assertThat(record.cursor()).isEmpty();
        }
    }
}
