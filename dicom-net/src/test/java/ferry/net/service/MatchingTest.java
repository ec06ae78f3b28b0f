package ferry.net.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.net.dimse.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Attribute matching of PS3.4 C.2.2.2 against golden cases, and the response identifiers it builds. */
class MatchingTest {

    static DataSet keys(String... keywordValuePairs) {
        DataSet identifier = new DataSet();
        for (int i = 0; i < keywordValuePairs.length; i += 2) {
            int tag = StandardDictionary.tagOf(keywordValuePairs[i]).orElseThrow();
            identifier.setString(tag, StandardDictionary.vrOf(tag), keywordValuePairs[i + 1]);
        }
        return identifier;
    }

    static boolean matches(String keyword, String key, String value) {
        DataSet candidate = value == null ? new DataSet() : keys(keyword, value);
        return Matching.of(keys(keyword, key)).matches(candidate);
    }

    /** keyword, key ('' for an empty one), candidate value, whether it matches; the PS3.4 sections as comments. */
    @ParameterizedTest(name = "{0} key ''{1}'' vs ''{2}'' → {3}")
    @CsvSource(delimiter = '|', nullValues = "<absent>", textBlock = """
            # Single Value Matching, C.2.2.2.1: exact and case-sensitive except for PN
            PatientID          | PID1                     | PID1                    | true
            PatientID          | PID1                     | PID10                   | false
            PatientID          | PID1                     | pid1                    | false
            PatientID          | PID1                     | <absent>                | false
            PatientName        | Doe^Jane                 | DOE^JANE                | true
            PatientName        | Doe^Jane                 | Doe^Jane^^              | true
            PatientName        | Doe^Jane                 | Doe^Janet               | false
            PatientName        | Wang^XiaoDong            | Wang^XiaoDong=王^小東     | true
            PatientName        | 王^小東                   | Wang^XiaoDong=王^小東     | true
            Modality           | MR                       | mr                      | false
            SeriesNumber       | 1                        | 001                     | true
            SeriesNumber       | 1                        | 10                      | false
            SliceThickness     | 1.50                     | 1.5                     | true
            # Universal Matching, C.2.2.2.3 (and * as in C.2.2.2.4 note 1)
            PatientName        | ''                       | Doe^Jane                | true
            PatientName        | ''                       | <absent>                | true
            StudyDescription   | *                        | <absent>                | true
            # Wild Card Matching, C.2.2.2.4: * and ?, case-sensitive except for PN; not for UI, DA, numbers
            PatientName        | Doe*                     | Doe^Jane                | true
            PatientName        | d?e^j*                   | DOE^JANE                | true
            PatientName        | *jane                    | Doe^Jane                | true
            PatientName        | Doe?                     | Doe^Jane                | false
            StudyDescription   | *Brain*                  | MR Brain w/o            | true
            StudyDescription   | *brain*                  | MR Brain w/o            | false
            StudyDescription   | MR?Brain*                | MR Brain w/o            | true
            AccessionNumber    | A(1)*                    | A(1)23                  | true
            AccessionNumber    | A.*                      | AB                      | false
            Modality           | M?                       | MR                      | true
            StudyInstanceUID   | 1.2.*                    | 1.2.3                   | false
            StudyInstanceUID   | 1.2.*                    | 1.2.*                   | true
            # List of UID Matching, C.2.2.2.2, and several values (C.2.2.3)
            StudyInstanceUID   | 1.2.3\\1.2.4             | 1.2.4                   | true
            StudyInstanceUID   | 1.2.3\\1.2.4             | 1.2.5                   | false
            ModalitiesInStudy  | MR                       | CT\\MR                  | true
            ModalitiesInStudy  | PT\\MR                   | CT\\MR                  | true
            ModalitiesInStudy  | PT                       | CT\\MR                  | false
            # Range Matching, C.2.2.2.5, and dates and times by meaning (C.2.2.2.1.3)
            StudyDate          | 20260115                 | 20260115                | true
            StudyDate          | 20260115                 | 20260116                | false
            StudyDate          | 20260101-20261231        | 20260615                | true
            StudyDate          | 20260101-20261231        | 20251231                | false
            StudyDate          | 20260101-20261231        | 20261231                | true
            StudyDate          | -20260101                | 20251231                | true
            StudyDate          | -20260101                | 20260102                | false
            StudyDate          | 20260101-                | 20990101                | true
            StudyDate          | 20260101-                | 20251231                | false
            StudyDate          | 20260101-20261231        | <absent>                | false
            StudyDate          | 20260101                 | 2026.01.01              | true
            StudyTime          | 2230                     | 223000                  | true
            StudyTime          | 2230                     | 223015                  | false
            StudyTime          | 1000-18                  | 185959.999              | true
            StudyTime          | 1000-18                  | 190000                  | false
            StudyTime          | 1000-1030                | 095959                  | false
            StudyTime          | 1000-1030                | 103059                  | true
            StudyTime          | 1000-1030                | 103100                  | false
            StudyTime          | -0800                    | 080059.5                | true
            AcquisitionDateTime | 2026                    | 20260101000000          | true
            AcquisitionDateTime | 2026-2026               | 20261231235959.999999   | true
            AcquisitionDateTime | 2026-2026               | 20270101                | false
            AcquisitionDateTime | 20260101120000+0100-    | 20260101113000+0000     | true
            AcquisitionDateTime | 20260101120000+0100-    | 20260101103000+0000     | false
            AcquisitionDateTime | -20260101120000-0500    | 20260101170000+0000     | true
            AcquisitionDateTime | -20260101120000-0500    | 20260101170001+0000     | false
            AcquisitionDateTime | 20260101-20260102       | 20260102235959          | true
            """)
    void matchesAsTheStandardSays(String keyword, String key, String value, boolean expected) {
        assertThat(matches(keyword, key, value)).isEqualTo(expected);
    }

    @Test
    void theResponseHoldsTheRequestedKeysFromTheCandidateAndTheLevel() {
        DataSet identifier = keys("QueryRetrieveLevel", "STUDY", "PatientID", "PID1", "PatientName", "",
                "StudyDescription", "", "StudyInstanceUID", "");
        DataSet candidate = keys("PatientID", "PID1", "PatientName", "Doe^Jane", "StudyInstanceUID", "1.2.3",
                "StudyDate", "20260115", "Modality", "MR");
        Matching matching = Matching.of(identifier);

        DataSet response = matching.response(candidate);

        assertThat(matching.matches(candidate)).isTrue();
        assertThat(matching.level()).isEqualTo("STUDY");
        assertThat(response.getString(Tags.QueryRetrieveLevel)).isEqualTo("STUDY");
        assertThat(response.getString(Tags.PatientID)).isEqualTo("PID1");
        assertThat(response.getString(Tags.PatientName)).isEqualTo("Doe^Jane");
        assertThat(response.getString(Tags.StudyInstanceUID)).isEqualTo("1.2.3");
        assertThat(response.contains(Tags.StudyDescription)).as("asked for, present with zero length").isTrue();
        assertThat(response.getBytes(Tags.StudyDescription)).isEmpty();
        assertThat(response.contains(Tags.StudyDate)).as("not asked for").isFalse();
        assertThat(response.contains(Tags.Modality)).isFalse();
        assertThat(response.size()).isEqualTo(5);
    }

    @Test
    void valuesInAnotherCharacterSetMatchByTheirTextAndComeBackInTheCandidatesCharacterSet() {
        DataSet identifier = new DataSet();
        identifier.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        identifier.setString(Tags.PatientName, Vr.PN, "müller*");
        DataSet candidate = new DataSet();
        candidate.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        candidate.setString(Tags.PatientName, Vr.PN, "Müller^Jörg");

        Matching matching = Matching.of(identifier);
        DataSet response = matching.response(candidate);

        assertThat(matching.matches(candidate)).isTrue();
        assertThat(response.getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(response.getBytes(Tags.PatientName)).isEqualTo(candidate.getBytes(Tags.PatientName));
        assertThat(response.getString(Tags.PatientName)).isEqualTo("Müller^Jörg");
    }

    @Test
    void aSequenceKeyMatchesOneItemAndReturnsOnlyTheMatchingItemsWithTheRequestedAttributes() {
        DataSet identifier = new DataSet();
        DataSet itemKeys = identifier.newSequence(Tags.ScheduledProcedureStepSequence).addItem();
        itemKeys.setString(Tags.Modality, Vr.CS, "MR");
        itemKeys.setString(Tags.ScheduledStationAETitle, Vr.AE, "");
        itemKeys.setString(Tags.ScheduledProcedureStepStartDate, Vr.DA, "20260101-");
        DataSet candidate = new DataSet();
        Sequence steps = candidate.newSequence(Tags.ScheduledProcedureStepSequence);
        DataSet ct = steps.addItem();
        ct.setString(Tags.Modality, Vr.CS, "CT");
        ct.setString(Tags.ScheduledProcedureStepStartDate, Vr.DA, "20260301");
        DataSet mr = steps.addItem();
        mr.setString(Tags.Modality, Vr.CS, "MR");
        mr.setString(Tags.ScheduledProcedureStepStartDate, Vr.DA, "20260302");
        mr.setString(Tags.ScheduledProcedureStepDescription, Vr.LO, "not asked for");

        Matching matching = Matching.of(identifier);
        DataSet response = matching.response(candidate);

        assertThat(matching.matches(candidate)).isTrue();
        Sequence returned = response.getSequence(Tags.ScheduledProcedureStepSequence);
        assertThat(returned.size()).isEqualTo(1);
        DataSet item = returned.item(0);
        assertThat(item.getString(Tags.Modality)).isEqualTo("MR");
        assertThat(item.getString(Tags.ScheduledProcedureStepStartDate)).isEqualTo("20260302");
        assertThat(item.contains(Tags.ScheduledStationAETitle)).isTrue();
        assertThat(item.contains(Tags.ScheduledProcedureStepDescription)).isFalse();

        mr.setString(Tags.ScheduledProcedureStepStartDate, Vr.DA, "20251231");
        assertThat(matching.matches(candidate)).as("no item matches all the item keys").isFalse();
    }

    @Test
    void anEmptySequenceKeyAsksForTheWholeSequence() {
        DataSet identifier = new DataSet();
        identifier.newSequence(Tags.ReferencedStudySequence);
        DataSet candidate = new DataSet();
        candidate.newSequence(Tags.ReferencedStudySequence).addItem()
                .setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.3");

        Matching matching = Matching.of(identifier);

        assertThat(matching.matches(new DataSet())).isTrue();
        assertThat(matching.response(candidate).getSequence(Tags.ReferencedStudySequence).item(0)
                .getString(Tags.ReferencedSOPInstanceUID)).isEqualTo("1.2.3");
        assertThat(matching.response(new DataSet()).getSequence(Tags.ReferencedStudySequence).size()).isZero();
    }

    @Test
    void aSequenceKeyOfUniversalItemKeysMatchesEveryCandidateAndReturnsThoseAttributesOfEachItem() {
        DataSet identifier = new DataSet();
        identifier.newSequence(Tags.ReferencedSeriesSequence).addItem()
                .setString(Tags.SeriesInstanceUID, Vr.UI, "");
        DataSet candidate = new DataSet();
        Sequence series = candidate.newSequence(Tags.ReferencedSeriesSequence);
        for (String uid : new String[] {"1.2.1", "1.2.2"}) {
            DataSet item = series.addItem();
            item.setString(Tags.SeriesInstanceUID, Vr.UI, uid);
            item.setString(Tags.SeriesDescription, Vr.LO, "not asked for");
        }

        Matching matching = Matching.of(identifier);
        Sequence returned = matching.response(candidate).getSequence(Tags.ReferencedSeriesSequence);

        assertThat(matching.matches(new DataSet())).isTrue();
        assertThat(returned.items()).extracting(item -> item.getString(Tags.SeriesInstanceUID))
                .containsExactly("1.2.1", "1.2.2");
        assertThat(returned.item(0).contains(Tags.SeriesDescription)).isFalse();
    }

    @Test
    void theLevelAndCharacterSetAreNotMatched() {
        DataSet identifier = keys("QueryRetrieveLevel", "SERIES", "SpecificCharacterSet", "ISO_IR 100",
                "Modality", "MR");

        assertThat(Matching.of(identifier).matches(keys("Modality", "MR"))).isTrue();
    }

    @Test
    void anUnreadableKeyIsRefusedWithUnableToProcessNamingTheElement() {
        assertThatThrownBy(() -> Matching.of(keys("StudyDate", "2026-13-45x")))
                .isInstanceOfSatisfying(DimseStatusException.class, e -> {
                    Status status = e.status();
                    assertThat(status.code()).isEqualTo(0xC000);
                    assertThat(status.offendingElements()).containsExactly(Tags.StudyDate);
                    assertThat(status.errorComment()).contains("(0008,0020) StudyDate").contains("range");
                });
        assertThatThrownBy(() -> Matching.of(keys("StudyTime", "25")))
                .isInstanceOf(DimseStatusException.class);
        assertThatThrownBy(() -> Matching.of(keys("SeriesNumber", "one")))
                .isInstanceOfSatisfying(DimseStatusException.class,
                        e -> assertThat(e.status().errorComment()).contains("not a number"));
        assertThatThrownBy(() -> Matching.of(keys("StudyDate", "-")))
                .isInstanceOf(DimseStatusException.class);
    }

    @Test
    void aCandidateWithAnUnreadableValueDoesNotMatch() {
        assertThat(matches("StudyDate", "20260101-", "yesterday")).isFalse();
        assertThat(matches("SeriesNumber", "1", "one")).isFalse();
    }
}
