package ferry.router.index;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.router.database.SqliteDatabase;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SQLite journal of an earlier Ferry (schema 3, before the index) gets an empty index when opened. SQLite only:
 * PostgreSQL journals begin at schema 8, with the index.
 */
class IndexSchemaMigrationTest {
    @TempDir
    Path dir;

    @Test
    void aJournalOfAnEarlierFerryIsMigratedToAnEmptyIndexThatObjectsThenGoInto() throws Exception {
        Path file = dir.resolve("old.db");
        try (var fixture = IndexSchemaMigrationTest.class.getResourceAsStream(
                "/ferry/router/journal/journal-schema-3.db")) {
            Files.copy(fixture, file);
        }
        try (Journal journal = Journal.open(file, Durability.PROCESS)) {
            IndexSearch search = new IndexSearch(new SqliteDatabase(file));
            assertThat(studies(search)).as("objects of schema 3 are not in the index: their headers were not kept")
                    .isEmpty();

            DataSet header = IndexQueryTest.object("PID-9", "New^Patient", "9.9", "ACC9", "20260101", "1200", "MR",
                    "1", "Knee");
            Handling handling = new Handling(Instant.parse("2026-01-02T03:04:05Z"), "SCANNER", "FERRY", "127.0.0.1",
                    List.of("r"), List.of("/store/9"), List.of(), "1.2.840.10008.1.2.1", 1000, true);
            journal.write(transaction -> IndexStore.write(transaction, IndexedObject.of(header, handling, 1L)));

            assertThat(studies(search)).containsExactly("ACC9");
            assertThat(journal.counts().objects()).as("what schema 3 held is kept").isEqualTo(5);
        }
    }

    private static List<String> studies(IndexSearch search) throws Exception {
        List<String> accessions = new ArrayList<>();
        try (IndexCursor cursor = search.open(IndexQuery.of(QueryLevel.STUDY,
                IndexQueryTest.identifier("AccessionNumber=")))) {
            cursor.forEachRemaining(match -> accessions.add(match.attributes().getString(Tags.AccessionNumber)));
        }
        return accessions;
    }
}
