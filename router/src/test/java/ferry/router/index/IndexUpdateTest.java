package ferry.router.index;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.JournalWork;
import ferry.router.journal.ReceivedRecord;
import ferry.router.journal.Rows;
import ferry.router.testing.TestDatabase;
import ferry.router.testing.TestStudy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IndexUpdate}s finished in one journal transaction: the objects of a series share their patient, study and
 * series rows, and an object whose index rows are rolled back leaves nothing behind for the next.
 */
@Tag("database")
class IndexUpdateTest {
    @TempDir
    Path dir;

    private static JournalWork update(long id, DataSet object) {
        ReceivedRecord record = new ReceivedRecord(Instant.parse("2026-12-07T10:00:00Z"), "SCANNER", "FERRY",
                "127.0.0.1", TestStudy.MR, object.getString(Tags.SOPInstanceUID),
                object.getString(Tags.StudyInstanceUID), object.getString(Tags.SeriesInstanceUID),
                "1.2.840.10008.1.2.1", 4096, Path.of("/spool/" + id + ".dcm"), List.of("all"), 0);
        return IndexUpdate.of(id, record, object, List.of("/store/" + id + ".dcm"), List.of());
    }

    private static List<String> images(Database database, String studyUid) throws Exception {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.StudyInstanceUID, Vr.UI, studyUid);
        identifier.setString(Tags.SeriesDescription, Vr.LO, "");
        identifier.setString(Tags.PatientID, Vr.LO, "");
        identifier.setString(Tags.SOPInstanceUID, Vr.UI, "");
        List<String> found = new ArrayList<>();
        try (IndexCursor cursor = new IndexSearch(database).open(IndexQuery.of(QueryLevel.IMAGE, identifier))) {
            while (cursor.hasNext()) {
                DataSet match = cursor.next().attributes();
                found.add(match.getString(Tags.SOPInstanceUID) + " " + match.getString(Tags.SeriesDescription) + " "
                        + match.getString(Tags.PatientID));
            }
        }
        found.sort(null);
        return found;
    }

    @Test
    void objectsOfSeveralSeriesFinishedInOneTransactionAreEachIndexedUnderTheirOwnSeries() throws Exception {
        Database database = TestDatabase.fresh(dir);
        TestStudy study = TestStudy.of("P1", "2.25.9300", 3);
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            journal.write(transaction -> {
                long id = 1;
                for (int instance = 1; instance <= 3; instance++) {
                    for (int series = 1; series <= 2; series++) { // the series alternate
                        update(id++, study.object(series, instance)).write(transaction);
                    }
                }
            });
            assertThat(images(database, "2.25.9300")).containsExactly(
                    "2.25.9300.1.1 t1 mprage 1 P1", "2.25.9300.1.2 t1 mprage 1 P1", "2.25.9300.1.3 t1 mprage 1 P1",
                    "2.25.9300.2.1 t1 mprage 2 P1", "2.25.9300.2.2 t1 mprage 2 P1", "2.25.9300.2.3 t1 mprage 2 P1");
            assertThat(count(journal, "index_series")).isEqualTo(2);
            assertThat(count(journal, "index_study")).isEqualTo(1);
            assertThat(count(journal, "index_patient")).isEqualTo(1);
        }
    }

    @Test
    void anObjectWhoseIndexRowsAreRolledBackLeavesTheNextObjectOfItsSeriesToWriteThemAgain() throws Exception {
        Database database = TestDatabase.fresh(dir);
        TestStudy study = TestStudy.of("P2", "2.25.9301", 2);
        DataSet refused = study.object(1, 1);
        try (Journal journal = Journal.open(database, Durability.PROCESS)) {
            // the database refuses the first object's instance row, after its patient, study and series rows
            journal.write(transaction -> {
                if (transaction.dialect() == SqlDialect.POSTGRESQL) {
                    Rows.update(transaction, """
                            CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN
                              IF NEW.sop_instance_uid = '2.25.9301.1.1' THEN RAISE EXCEPTION 'refused'; END IF;
                              RETURN NEW; END $$ LANGUAGE plpgsql""");
                    Rows.update(transaction, "CREATE TRIGGER refuse BEFORE INSERT ON index_instance FOR EACH ROW"
                            + " EXECUTE FUNCTION refuse()");
                } else {
                    Rows.update(transaction, "CREATE TRIGGER refuse BEFORE INSERT ON index_instance"
                            + " WHEN NEW.sop_instance_uid = '2.25.9301.1.1' BEGIN SELECT RAISE(ABORT, 'refused'); END");
                }
            });
            journal.write(transaction -> {
                update(1, refused).write(transaction);
                update(2, study.object(1, 2)).write(transaction);
            });

            assertThat(images(database, "2.25.9301")).containsExactly("2.25.9301.1.2 t1 mprage 1 P2");
            assertThat(count(journal, "index_series")).isEqualTo(1);
            assertThat(count(journal, "index_patient")).isEqualTo(1);
        }
    }

    private static long count(Journal journal, String table) throws Exception {
        return journal.read(connection -> Rows.list(connection, "SELECT count(*) FROM " + table,
                row -> row.getLong(1))).get(0);
    }
}
