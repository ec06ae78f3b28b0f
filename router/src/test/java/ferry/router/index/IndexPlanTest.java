package ferry.router.index;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.database.Database;
import ferry.router.database.SqlDialect;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The searches a PACS asks most (accession number, patient ID, a date range, a prefix wild card) are served by the
 * index tables' B-tree indexes on both engines, not by scanning a table: the plans of the SQL {@link SqlFilter}
 * writes, on a synthetic index of 50,000 instances (2,000 studies). On PostgreSQL that holds because the text columns
 * are {@code COLLATE "C"} (docs/cluster.md).
 */
@Tag("database")
class IndexPlanTest {
    @TempDir
    static Path dir;

    static Database database;

    @BeforeAll
    static void index() throws Exception {
        database = TestDatabase.fresh(dir);
        Journal.open(database, Durability.PROCESS).close();
        IndexBench.fill(database, 50_000);
    }

    @Test
    void anAccessionNumberIsLookedUpInItsIndex() throws Exception {
        assertThat(plan(QueryLevel.STUDY, "AccessionNumber=ACC-00000123")).contains("index_study_by_accession");
    }

    @Test
    void aPrefixWildCardUsesTheIndexToo() throws Exception {
        assertThat(plan(QueryLevel.STUDY, "AccessionNumber=ACC-0000012*")).contains("index_study_by_accession");
        assertThat(plan(QueryLevel.PATIENT, "PatientID=PID-00001*")).contains("index_patient_by_id");
    }

    @Test
    void aPatientIdIsLookedUpInItsIndexAtEveryLevel() throws Exception {
        assertThat(plan(QueryLevel.PATIENT, "PatientID=PID-0000123")).contains("index_patient_by_id");
        assertThat(plan(QueryLevel.IMAGE, "PatientID=PID-0000123")).contains("index_patient_by_id")
                .contains("index_instance_by_series");
    }

    @Test
    void aDateRangeIsARangeOfItsIndex() throws Exception {
        assertThat(plan(QueryLevel.STUDY, "StudyDate=20240101-20240131")).contains("index_study_by_date");
        assertThat(plan(QueryLevel.SERIES, "Modality=CT", "StudyDate=20240101-20240131"))
                .as("either index narrows it: the engines choose differently")
                .containsAnyOf("index_series_by_modality_date", "index_study_by_date");
    }

    @Test
    void theSearchesFindTheSameRowsOnBothEngines() throws Exception {
        assertThat(count(QueryLevel.STUDY, "AccessionNumber=ACC-0000012*")).isEqualTo(10);
        assertThat(count(QueryLevel.IMAGE, "PatientID=PID-0000123")).isEqualTo(50);
        assertThat(count(QueryLevel.STUDY, "StudyDate=20240101-20240131")).isEqualTo(17);
    }

    /** The engine's plan of the SQL of the query at {@code level} with {@code keys}, as one text. */
    private static String plan(QueryLevel level, String... keys) throws Exception {
        SqlDialect dialect = database.dialect();
        SqlFilter filter = SqlFilter.of(IndexQuery.of(level, IndexQueryTest.identifier(keys)), dialect, false);
        String explain = dialect == SqlDialect.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        List<String> lines = new ArrayList<>();
        try (Connection connection = database.openReader();
             PreparedStatement statement = connection.prepareStatement(explain + filter.sql())) {
            for (int i = 0; i < filter.parameters().size(); i++) {
                statement.setObject(i + 1, filter.parameters().get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                int column = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    lines.add(rows.getString(column));
                }
            }
        }
        String plan = String.join("\n", lines);
        // (PostgreSQL may read the small patient table whole for a hash join: 1,000 rows of a few pages)
        assertThat(plan).as("no table of studies, series or instances is read whole")
                .doesNotContain("Seq Scan on index_study").doesNotContain("Seq Scan on index_series")
                .doesNotContain("Seq Scan on index_instance").doesNotContainPattern("SCAN (st|se|i)$");
        return plan;
    }

    private static int count(QueryLevel level, String... keys) throws Exception {
        int count = 0;
        try (IndexCursor cursor = new IndexSearch(database).open(IndexQuery.of(level, IndexQueryTest.identifier(keys)))) {
            while (cursor.hasNext()) {
                cursor.next();
                count++;
            }
        }
        return count;
    }
}
