package ferry.router.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.sr.CtDoseReport;
import ferry.core.tag.Vr;
import ferry.router.database.SqlDialect;
import ferry.router.journal.Journal;
import ferry.router.testing.TempJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The C-FIND matching of PS3.4 C.2.2.2 over the index, rule by rule, and queries it refuses; the same matches on
 * SQLite and PostgreSQL.
 */
@Tag("database")
class IndexQueryTest {
    @RegisterExtension
    final TempJournal temp = new TempJournal();

    Journal journal;
    IndexSearch search;

    @BeforeEach
    void index() throws Exception {
        journal = temp.get();
        add(object("PID-1", "Müller^Anna^^", "1.1", "ACC1", "20240115", "101500", "CT", "1", "Chest"));
        add(object("PID-1", "Müller^Anna^^", "1.1", "ACC1", "20240115", "101500", "MR", "2", "Chest"));
        add(object("PID-2", "Wang^XiaoDong=王^小東", "1.2", "ACC2", "20240301", "2230", "MR", "1", "Head"));
        add(object("pid-3", "DOE^JOHN", "1.3", "ACC[3]", "2024.12.31", "080000.5", "CT", "10", "Ch[e]st"));
        search = new IndexSearch(journal.database());
    }

    static DataSet object(String patientId, String name, String study, String accession, String date, String time,
                          String modality, String seriesNumber, String description) {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, study + "." + modality.length() + seriesNumber + ".1");
        ds.setString(Tags.StudyDate, Vr.DA, date);
        ds.setString(Tags.StudyTime, Vr.TM, time);
        ds.setString(Tags.AccessionNumber, Vr.SH, accession);
        ds.setString(Tags.Modality, Vr.CS, modality);
        ds.setString(Tags.StudyDescription, Vr.LO, description);
        ds.setString(Tags.PatientName, Vr.PN, name);
        ds.setString(Tags.PatientID, Vr.LO, patientId);
        ds.setString(Tags.StudyInstanceUID, Vr.UI, study);
        ds.setString(Tags.SeriesInstanceUID, Vr.UI, study + "." + modality.length() + seriesNumber);
        ds.setString(Tags.SeriesNumber, Vr.IS, seriesNumber);
        ds.setString(Tags.InstanceNumber, Vr.IS, "1");
        return ds;
    }

    void add(DataSet header) throws Exception {
        Handling handling = new Handling(Instant.parse("2026-01-02T03:04:05Z"), "SCANNER", "FERRY", "127.0.0.1",
                List.of("r"), List.of("/store/" + header.getString(Tags.SOPInstanceUID)), List.of(), "1.2.840.10008.1.2.1",
                1000, true);
        IndexedObject object = IndexedObject.of(header, handling, 1L);
        journal.write(transaction -> IndexStore.write(transaction, object));
    }

    /** The values of {@code returned} of the matches of KEY=VALUE pairs at {@code level}, sorted. */
    List<String> find(QueryLevel level, String returned, String... keys) throws Exception {
        DataSet identifier = identifier(keys);
        int tag = StandardDictionary.tagOf(returned).getAsInt();
        if (!identifier.contains(tag)) {
            identifier.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
        }
        List<String> values = new ArrayList<>();
        try (IndexCursor cursor = search.open(IndexQuery.of(level, identifier))) {
            cursor.forEachRemaining(match -> values.add(String.join("\\", match.attributes().getStrings(tag))));
        }
        values.sort(null);
        return values;
    }

    static DataSet identifier(String... keys) {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        for (String key : keys) {
            int equals = key.indexOf('=');
            OptionalInt tag = StandardDictionary.tagOf(key.substring(0, equals));
            String value = key.substring(equals + 1);
            Vr vr = StandardDictionary.vrOf(tag.getAsInt());
            if (value.isEmpty()) {
                identifier.put(tag.getAsInt(), vr, Bytes.EMPTY);
            } else {
                identifier.setString(tag.getAsInt(), vr, value.split("\\\\"));
            }
        }
        return identifier;
    }

    @Test
    void singleValueMatchingIsExactAndCaseSensitiveOutsidePersonNames() throws Exception {
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "PatientID=PID-1")).containsExactly("1.1");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "PatientID=pid-1")).isEmpty();
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyDescription=chest")).isEmpty();
        assertThat(find(QueryLevel.SERIES, "SeriesInstanceUID", "Modality=MR")).containsExactly("1.1.22", "1.2.21");
    }

    @Test
    void anEmptyKeyOrAStarMatchesEverythingAndReturnsTheValues() throws Exception {
        assertThat(find(QueryLevel.STUDY, "AccessionNumber", "AccessionNumber="))
                .containsExactly("ACC1", "ACC2", "ACC[3]");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "PatientName=*")).containsExactly("1.1", "1.2", "1.3");
    }

    @Test
    void wildCardsStandForAnyRunOrOneCharacterAndBracketsAreLiteral() throws Exception {
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientID=PID-?")).containsExactly("PID-1", "PID-2");
        assertThat(find(QueryLevel.STUDY, "AccessionNumber", "AccessionNumber=ACC[*")).containsExactly("ACC[3]");
        assertThat(find(QueryLevel.STUDY, "StudyDescription", "StudyDescription=Ch*t"))
                .containsExactly("Ch[e]st", "Chest");
        assertThat(find(QueryLevel.STUDY, "StudyDescription", "StudyDescription=Ch?st")).containsExactly("Chest");
    }

    @Test
    void charactersThatAreWildCardsOfSqlAreLiteralInValuesAndPatterns() throws Exception {
        add(object("PID-5", "Percent^Sign", "1.5", "A_1", "20240401", "1200", "OT", "1", "50%_off!"));
        add(object("PID-6", "Under^Score", "1.6", "AB1", "20240401", "1200", "OT", "1", "500_off"));

        assertThat(find(QueryLevel.STUDY, "AccessionNumber", "AccessionNumber=A_*")).containsExactly("A_1");
        assertThat(find(QueryLevel.STUDY, "AccessionNumber", "AccessionNumber=A?1")).containsExactly("AB1", "A_1");
        assertThat(find(QueryLevel.STUDY, "StudyDescription", "StudyDescription=50%*")).containsExactly("50%_off!");
        assertThat(find(QueryLevel.STUDY, "StudyDescription", "StudyDescription=*off!")).containsExactly("50%_off!");
        assertThat(find(QueryLevel.STUDY, "StudyDescription", "StudyDescription=*!*")).containsExactly("50%_off!");
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=*score")).containsExactly("PID-6");
    }

    @Test
    void pagesFollowOnInTheOrderTheRowsWereIndexed() throws Exception {
        IndexQuery all = IndexQuery.of(QueryLevel.STUDY, identifier("StudyInstanceUID="));

        IndexCursor.Page first = search.page(all, 0, 2);
        IndexCursor.Page second = search.page(all, 2, 2);

        assertThat(first.matches()).extracting(m -> m.attributes().getString(Tags.StudyInstanceUID))
                .containsExactly("1.1", "1.2");
        assertThat(first.more()).isTrue();
        assertThat(second.matches()).extracting(m -> m.attributes().getString(Tags.StudyInstanceUID))
                .containsExactly("1.3");
        assertThat(second.more()).isFalse();
        assertThat(SqlFilter.of(all, SqlDialect.POSTGRESQL, true).sql()).endsWith(" ORDER BY st.id");
        assertThat(SqlFilter.of(all, SqlDialect.POSTGRESQL, false).sql()).doesNotContain("ORDER BY");
    }

    @Test
    void valuesOfStructuredReportsMatchByNameWithoutRegardToAsciiCaseAndByCodeExactly() throws Exception {
        Path folder = Files.createTempDirectory("ferry-sr-");
        try {
            DataSet report = DicomReader.read(CtDoseReport.twoEvents().write(folder, "dose"), ReadOptions.IN_MEMORY)
                    .dataSet();
            add(report);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }

        assertThat(measured(QueryLevel.STUDY, "CT Dose Length Product Total>1000")).hasSize(1);
        assertThat(measured(QueryLevel.STUDY, "ct dose LENGTH product total>1000")).hasSize(1);
        assertThat(measured(QueryLevel.STUDY, "CT Dose Length Product Total>2000")).isEmpty();
        assertThat(measured(QueryLevel.IMAGE, "ct accumulated dosimetry data/ct dose length product total>=1068.95"))
                .hasSize(1);
        assertThat(measured(QueryLevel.SERIES, "dlp>600")).hasSize(1);
        assertThat(measured(QueryLevel.PATIENT, "DLP>700")).isEmpty();
        assertThat(measured(QueryLevel.STUDY, "113813<=1068.95")).hasSize(1);
        assertThat(measured(QueryLevel.STUDY, "113813>1068.95")).isEmpty();
    }

    /** The matches at {@code level} with a value meeting {@code condition}. */
    private List<IndexMatch> measured(QueryLevel level, String condition) throws Exception {
        IndexQuery query = IndexQuery.of(level, identifier()).withMeasures(List.of(MeasureCondition.parse(condition)));
        List<IndexMatch> matches = new ArrayList<>();
        try (IndexCursor cursor = search.open(query)) {
            cursor.forEachRemaining(matches::add);
        }
        return matches;
    }

    @Test
    void personNamesMatchWithoutRegardToCaseTrailingComponentsOrOtherGroups() throws Exception {
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=müller^anna")).containsExactly("PID-1");
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=MÜLLER^ANNA^^^")).containsExactly("PID-1");
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=mü*")).containsExactly("PID-1");
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=Wang^XiaoDong")).containsExactly("PID-2");
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=王^小東")).containsExactly("PID-2");
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=doe")).as("a part is no match").isEmpty();
        assertThat(find(QueryLevel.PATIENT, "PatientID", "PatientName=doe*")).containsExactly("pid-3");
    }

    @Test
    void dateRangesAreInclusiveAndMayBeOpenOnEitherSide() throws Exception {
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyDate=20240101-20240131")).containsExactly("1.1");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyDate=20240115-20240301"))
                .containsExactly("1.1", "1.2");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyDate=-20240301")).containsExactly("1.1", "1.2");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyDate=20240302-"))
                .as("the ACR-NEMA date 2024.12.31 is a date").containsExactly("1.3");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyDate=20241231")).containsExactly("1.3");
    }

    @Test
    void timesMatchByMeaning() throws Exception {
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyTime=223000")).containsExactly("1.2");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyTime=0800-1015")).containsExactly("1.1", "1.3");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "StudyTime=12-")).containsExactly("1.2");
    }

    @Test
    void aListOfUidsMatchesAnyOfThem() throws Exception {
        assertThat(find(QueryLevel.STUDY, "PatientID", "StudyInstanceUID=1.1\\1.3\\9.9")).containsExactly("PID-1",
                "pid-3");
    }

    @Test
    void numbersMatchByValue() throws Exception {
        assertThat(find(QueryLevel.SERIES, "SeriesInstanceUID", "SeriesNumber=010")).containsExactly("1.3.210");
        assertThat(find(QueryLevel.SERIES, "SeriesInstanceUID", "SeriesNumber=1\\2"))
                .containsExactly("1.1.21", "1.1.22", "1.2.21");
    }

    @Test
    void modalitiesInStudyIsEveryModalityOfItsSeries() throws Exception {
        assertThat(find(QueryLevel.STUDY, "ModalitiesInStudy", "ModalitiesInStudy=MR")).containsExactly("CT\\MR",
                "MR");
        assertThat(find(QueryLevel.STUDY, "StudyInstanceUID", "ModalitiesInStudy=C*")).containsExactly("1.1", "1.3");
    }

    @Test
    void keysOfHigherLevelsNarrowLowerLevelQueriesAndAllKeysMustMatch() throws Exception {
        assertThat(find(QueryLevel.IMAGE, "SOPInstanceUID", "PatientID=PID-1", "Modality=CT"))
                .containsExactly("1.1.21.1");
        assertThat(find(QueryLevel.IMAGE, "SOPInstanceUID", "PatientID=PID-1", "Modality=CT", "StudyDate=2025"
                .replace("2025", "20250101-"))).isEmpty();
    }

    @Test
    void imageLevelMatchesSayWhereTheInstanceWent() throws Exception {
        try (IndexCursor cursor = search.open(IndexQuery.of(QueryLevel.IMAGE,
                identifier("SOPInstanceUID=1.2.21.1")))) {
            IndexMatch match = cursor.next();
            assertThat(match.handling().stored()).containsExactly("/store/1.2.21.1");
            assertThat(match.handling().callingAeTitle()).isEqualTo("SCANNER");
            assertThat(match.handling().receivedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(cursor.hasNext()).isFalse();
        }
    }

    @Test
    void theHeaderIsKeptAsDicomJsonWithoutBulkData() throws Exception {
        DataSet header = object("PID-7", "Bulk^Data", "7.7", "ACC7", "20240101", "1000", "OT", "1", "Blobs");
        header.setBytes(0x00091010, Vr.OB, new byte[4096]);        // a private blob: left out
        header.setBytes(0x00091011, Vr.OB, new byte[] {1, 2, 3, 4}); // a small binary value: kept
        DataSet icon = header.newSequence(Tags.IconImageSequence).addItem();
        icon.setInts(Tags.Rows, Vr.US, 64);
        icon.setBytes(Tags.PixelData, Vr.OW, new byte[8192]);          // an icon's pixels: left out
        add(header);

        String json = search.header("7.7.21.1").orElseThrow();

        assertThat(json).contains("\"00081030\":{\"vr\":\"LO\",\"Value\":[\"Blobs\"]}")
                .contains("\"00091011\":{\"vr\":\"OB\",\"InlineBinary\":\"AQIDBA==\"}")
                .contains("\"00280010\":{\"vr\":\"US\",\"Value\":[64]}")
                .doesNotContain("00091010").doesNotContain("7FE00010");
        assertThat(search.header("9.9.9")).isEmpty();
    }

    @Test
    void aCancelledCursorEnds() throws Exception {
        try (IndexCursor cursor = search.open(IndexQuery.of(QueryLevel.IMAGE, identifier("SOPInstanceUID=")))) {
            assertThat(cursor.hasNext()).isTrue();
            cursor.next();
            cursor.cancel();
            assertThat(cursor.hasNext()).isFalse();
            assertThat(cursor.cancelled()).isTrue();
        }
    }

    @Test
    void keysTheIndexDoesNotHoldAreRefusedByName() {
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.STUDY, identifier("EthnicGroup=X")))
                .isInstanceOf(IndexQueryException.class)
                .hasMessageStartingWith("(0010,2160) EthnicGroup is not in the index; its keys at the STUDY level are"
                        + " PatientName, PatientID")
                .extracting(e -> ((IndexQueryException) e).tag()).isEqualTo(Tags.EthnicGroup);
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.STUDY, identifier("Modality=CT")))
                .hasMessage("(0008,0060) Modality is a SERIES-level key: query at the SERIES level or below (at the"
                        + " STUDY level, ask for ModalitiesInStudy)");
    }

    @Test
    void valuesNotOfTheKeysVrAreRefusedByName() {
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.STUDY, identifier("StudyDate=20240101-2024-01-31")))
                .isInstanceOf(IndexQueryException.class).hasMessageContaining("(0008,0020) StudyDate")
                .hasMessageContaining("is not a DA (YYYYMMDD) nor a DA range");
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.SERIES, identifier("Modality=ct")))
                .hasMessage("(0008,0060) Modality: 'ct' is not a CS value (upper case letters, digits, space and _, "
                        + "at most 16: PS3.5 §6.2); did you mean CT?");
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.STUDY, identifier("StudyInstanceUID=1.2.abc")))
                .hasMessageContaining("(0020,000D) StudyInstanceUID: '1.2.abc' is not a UID");
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.SERIES, identifier("SeriesNumber=one")))
                .hasMessageContaining("(0020,0011) SeriesNumber").hasMessageContaining("'one' is not a number");
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.STUDY, identifier("StudyTime=25")))
                .hasMessageContaining("(0008,0030) StudyTime").hasMessageContaining("is not a TM");
    }

    @Test
    void numbersOfRelatedEntitiesAreCountedAtEachLevel() throws Exception {
        DataSet second = object("PID-1", "Müller^Anna^^", "1.4", "ACC4", "20240116", "101500", "CT", "1", "Chest");
        add(second);
        second.setString(Tags.SOPInstanceUID, Vr.UI, "1.4.21.2");
        add(second);

        assertThat(find(QueryLevel.PATIENT, "NumberOfPatientRelatedStudies", "PatientID=PID-1")).containsExactly("2");
        assertThat(find(QueryLevel.PATIENT, "NumberOfPatientRelatedSeries", "PatientID=PID-1")).containsExactly("3");
        assertThat(find(QueryLevel.PATIENT, "NumberOfPatientRelatedInstances", "PatientID=PID-1"))
                .containsExactly("4");
        assertThat(find(QueryLevel.STUDY, "NumberOfStudyRelatedSeries", "PatientID=PID-1")).containsExactly("1", "2");
        assertThat(find(QueryLevel.STUDY, "NumberOfStudyRelatedInstances")).containsExactly("1", "1", "2", "2");
        assertThat(find(QueryLevel.SERIES, "NumberOfSeriesRelatedInstances", "StudyInstanceUID=1.4"))
                .containsExactly("2");
        assertThat(find(QueryLevel.STUDY, "NumberOfPatientRelatedInstances", "StudyInstanceUID=1.2"))
                .as("a patient key at the STUDY level, as Study Root has it").containsExactly("1");
    }

    @Test
    void aValueGivenForANumberOfRelatedEntitiesIsNotMatched() throws Exception {
        assertThat(find(QueryLevel.STUDY, "NumberOfStudyRelatedInstances", "NumberOfStudyRelatedInstances=99"))
                .containsExactly("1", "1", "2");
    }

    @Test
    void aQueryThatDoesNotAskForCountsHasNoSubSelect() {
        String plain = SqlFilter.of(IndexQuery.of(QueryLevel.STUDY, identifier("StudyInstanceUID=")),
                SqlDialect.SQLITE, false).sql();
        String counted = SqlFilter.of(IndexQuery.of(QueryLevel.STUDY, identifier("StudyInstanceUID=",
                "NumberOfStudyRelatedSeries=")), SqlDialect.POSTGRESQL, false).sql();

        assertThat(plain).doesNotContainIgnoringCase("count(");
        assertThat(counted).containsOnlyOnce("count(*)");
    }

    @Test
    void aNumberOfRelatedEntitiesOfALevelBelowIsRefused() {
        assertThatThrownBy(() -> IndexQuery.of(QueryLevel.STUDY, identifier("NumberOfSeriesRelatedInstances=")))
                .hasMessageContaining("(0020,1209) NumberOfSeriesRelatedInstances")
                .hasMessageContaining("SERIES-level key");
    }
}
