package ferry.router.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.edit.TagEdit;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeidentifierTest {
    static final String SECRET = "correct horse battery staple";
    static final String STUDY_UID = "1.2.826.0.1.3680043.8.498.10";
    static final String SERIES_UID = "1.2.826.0.1.3680043.8.498.11";

    @TempDir
    Path tmp;

    static Deidentifier deidentifier(String secret, ProfileOption... options) {
        return deidentifier(secret, PseudonymTable.EMPTY, options);
    }

    static Deidentifier deidentifier(String secret, PseudonymTable pseudonyms, ProfileOption... options) {
        Set<ProfileOption> chosen = options.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(options));
        return new Deidentifier(new DeidentificationSettings("FERRY_DEID_SECRET", chosen, pseudonyms, null,
                DeidentificationSettings.DEFAULT_PREFIX, Set.of("SAFE CREATOR")),
                new ProjectSecret(secret.getBytes(StandardCharsets.UTF_8)));
    }

    static DataSet ct(String patientId, String sopInstanceUid) {
        DataSet d = new DataSet();
        d.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        d.setString(Tags.SOPInstanceUID, Vr.UI, sopInstanceUid);
        d.setString(Tags.StudyDate, Vr.DA, "20230415");
        d.setString(Tags.InstanceCreationDate, Vr.DA, "20230416");
        d.setString(Tags.StudyTime, Vr.TM, "101500");
        d.setString(Tags.AcquisitionDateTime, Vr.DT, "20230415101733.5+0200");
        d.setString(Tags.AccessionNumber, Vr.SH, "ACC-998877");
        d.setString(Tags.Modality, Vr.CS, "CT");
        d.setString(Tags.InstitutionName, Vr.LO, "Saint Elsewhere Hospital");
        d.setString(Tags.StudyDescription, Vr.LO, "CT head for Doe John");
        d.setString(Tags.OperatorsName, Vr.PN, "Tech^Tina");
        d.setString(Tags.PatientName, Vr.PN, "Doe^John");
        d.setString(Tags.PatientID, Vr.LO, patientId);
        d.setString(Tags.PatientBirthDate, Vr.DA, "19700101");
        d.setString(Tags.PatientSex, Vr.CS, "M");
        d.setString(Tags.PatientWeight, Vr.DS, "81");
        d.setString(Tags.OtherPatientIDs, Vr.LO, "OTHER-1");
        d.setString(Tags.DeviceSerialNumber, Vr.LO, "SN-4711");
        d.setString(Tags.StudyInstanceUID, Vr.UI, STUDY_UID);
        d.setString(Tags.SeriesInstanceUID, Vr.UI, SERIES_UID);
        d.setString(Tags.FrameOfReferenceUID, Vr.UI, "1.2.826.0.1.3680043.8.498.12");
        d.setInts(Tags.Rows, Vr.US, 512);
        Sequence source = d.newSequence(Tags.SourceImageSequence);
        DataSet item = source.addItem();
        item.setString(Tags.ReferencedSOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        item.setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.8.498.99");
        Sequence study = d.newSequence(Tags.ReferencedStudySequence);
        study.addItem().setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.8.498.98");
        int creator = Tag.of(0x0029, 0x0010);
        d.setString(creator, Vr.LO, "ACME PRIVATE");
        d.setString(Tag.of(0x0029, 0x1001), Vr.LO, "Doe John, private copy");
        d.setString(Tag.of(0x0029, 0x0011), Vr.LO, "SAFE CREATOR");
        d.setString(Tag.of(0x0029, 0x1101), Vr.DS, "1.5");
        return d;
    }

    static DataSet applied(Deidentifier deidentifier, DataSet d) {
        deidentifier.apply(d);
        return d;
    }

    @Test
    void basicProfileRemovesEmptiesAndReplacesWhatTheTableSays() {
        DataSet d = applied(deidentifier(SECRET), ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(d.contains(Tags.OtherPatientIDs)).as("X").isFalse();
        assertThat(d.contains(Tags.StudyDescription)).as("X").isFalse();
        assertThat(d.getBytes(Tags.AccessionNumber)).as("Z").isEmpty();
        assertThat(d.getBytes(Tags.PatientBirthDate)).as("Z").isEmpty();
        assertThat(d.getBytes(Tags.StudyDate)).as("Z").isEmpty();
        assertThat(d.getString(Tags.InstitutionName)).as("X/Z/D as D").isEqualTo("ANONYMIZED");
        assertThat(d.getString(Tags.OperatorsName)).as("X/Z/D as D").isEqualTo("ANONYMIZED");
        assertThat(d.getString(Tags.DeviceSerialNumber)).as("X/Z/D as D").isEqualTo("ANONYMIZED");
        assertThat(d.getString(Tags.AcquisitionDateTime)).as("X/Z/D as D").isEqualTo("19000101000000");
        assertThat(d.getString(Tags.InstanceCreationDate)).as("a date the table does not list").isEqualTo("19000101");
        assertThat(d.getBytes(Tags.PatientSex)).as("Z").isEmpty();
        assertThat(d.contains(Tags.PatientWeight)).isFalse();
        assertThat(d.getString(Tags.Modality)).as("not in the table: kept").isEqualTo("CT");
        assertThat(d.getInt(Tags.Rows)).isEqualTo(512);
        assertThat(d.getSequence(Tags.ReferencedStudySequence).size()).as("X/Z as Z").isZero();
        assertThat(d.contains(Tag.of(0x0029, 0x1001))).as("private").isFalse();
        assertThat(d.contains(Tag.of(0x0029, 0x0010))).as("private creator").isFalse();
        assertThat(d.contains(Tag.of(0x0029, 0x1101))).as("safe creator, but the option is off").isFalse();
        assertThat(d.getString(Tags.LongitudinalTemporalInformationModified)).isEqualTo("REMOVED");
    }

    @Test
    void uidsAreReplacedByHmacOfTheSecretWritten225() throws Exception {
        DataSet d = applied(deidentifier(SECRET), ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal(STUDY_UID.getBytes(StandardCharsets.UTF_8));
        String expected = "2.25." + new BigInteger(1, Arrays.copyOf(digest, 16));
        assertThat(d.getString(Tags.StudyInstanceUID)).isEqualTo(expected);
        for (int tag : List.of(Tags.SOPInstanceUID, Tags.StudyInstanceUID, Tags.SeriesInstanceUID,
                Tags.FrameOfReferenceUID)) {
            assertThat(d.getString(tag)).hasSizeLessThanOrEqualTo(64).matches("2\\.25\\.(0|[1-9][0-9]*)");
        }
        DataSet reference = d.getSequence(Tags.SourceImageSequence).item(0);
        assertThat(reference.getString(Tags.ReferencedSOPInstanceUID)).as("U inside an X/Z/U* sequence")
                .isEqualTo(new ProjectSecret(SECRET.getBytes(StandardCharsets.UTF_8))
                        .uid("1.2.826.0.1.3680043.8.498.99"));
        assertThat(reference.getString(Tags.ReferencedSOPClassUID)).as("not in the table")
                .isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(d.getString(Tags.SOPClassUID)).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
    }

    @Test
    void objectsOfOneSeriesShareTheirNewUidsAcrossRunsAndDifferUnderAnotherSecret() {
        DataSet first = applied(deidentifier(SECRET), ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        DataSet second = applied(deidentifier(SECRET), ct("PAT-1", "1.2.826.0.1.3680043.8.498.2"));
        DataSet otherSecret = applied(deidentifier("another secret"), ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(second.getString(Tags.SeriesInstanceUID)).isEqualTo(first.getString(Tags.SeriesInstanceUID));
        assertThat(second.getString(Tags.StudyInstanceUID)).isEqualTo(first.getString(Tags.StudyInstanceUID));
        assertThat(second.getString(Tags.SOPInstanceUID)).isNotEqualTo(first.getString(Tags.SOPInstanceUID));
        assertThat(otherSecret.getString(Tags.SeriesInstanceUID)).isNotEqualTo(first.getString(Tags.SeriesInstanceUID));
        assertThat(otherSecret.getString(Tags.PatientID)).isNotEqualTo(first.getString(Tags.PatientID));
    }

    @Test
    void retainUidsKeepsEveryUid() {
        DataSet d = applied(deidentifier(SECRET, ProfileOption.RETAIN_UIDS),
                ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(d.getString(Tags.SOPInstanceUID)).isEqualTo("1.2.826.0.1.3680043.8.498.1");
        assertThat(d.getString(Tags.SeriesInstanceUID)).isEqualTo(SERIES_UID);
        assertThat(d.getSequence(Tags.SourceImageSequence).item(0).getString(Tags.ReferencedSOPInstanceUID))
                .isEqualTo("1.2.826.0.1.3680043.8.498.99");
        assertThat(d.getSequence(Tags.ReferencedStudySequence).size()).as("K under the option").isEqualTo(1);
        assertThat(d.getString(Tags.DeviceSerialNumber)).as("not this option's").isEqualTo("ANONYMIZED");
    }

    @Test
    void retainDeviceInstitutionAndPatientCharacteristicsKeepOnlyTheirAttributes() {
        DataSet d = applied(deidentifier(SECRET, ProfileOption.RETAIN_DEVICE_IDENTITY,
                ProfileOption.RETAIN_INSTITUTION_IDENTITY, ProfileOption.RETAIN_PATIENT_CHARACTERISTICS),
                ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(d.getString(Tags.DeviceSerialNumber)).isEqualTo("SN-4711");
        assertThat(d.getString(Tags.InstitutionName)).isEqualTo("Saint Elsewhere Hospital");
        assertThat(d.getString(Tags.PatientSex)).isEqualTo("M");
        assertThat(d.getString(Tags.PatientWeight)).isEqualTo("81");
        assertThat(d.getString(Tags.OperatorsName)).isEqualTo("ANONYMIZED");
        assertThat(d.getBytes(Tags.PatientBirthDate)).isEmpty();
        assertThat(d.getString(Tags.SeriesInstanceUID)).startsWith("2.25.");
    }

    @Test
    void modifiedDatesMoveEveryDateOfAPatientByTheSameDays() {
        Deidentifier deidentifier = deidentifier(SECRET, ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES);
        DataSet first = applied(deidentifier, ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        DataSet later = ct("PAT-1", "1.2.826.0.1.3680043.8.498.2");
        later.setString(Tags.StudyDate, Vr.DA, "20240101");
        applied(deidentifier, later);
        DataSet otherPatient = applied(deidentifier, ct("PAT-2", "1.2.826.0.1.3680043.8.498.3"));

        int shift = deidentifier.dayShift("PAT-1");
        assertThat(shift).isBetween(-Deidentifier.MAX_SHIFT_DAYS, -1);
        assertThat(deidentifier.dayShift("PAT-2")).isNotEqualTo(shift);
        LocalDate studyDate = date(first.getString(Tags.StudyDate));
        assertThat(studyDate).isEqualTo(LocalDate.of(2023, 4, 15).plusDays(shift));
        assertThat(ChronoUnit.DAYS.between(studyDate, date(later.getString(Tags.StudyDate))))
                .as("intervals between one patient's studies stay").isEqualTo(261);
        assertThat(first.getString(Tags.InstanceCreationDate)).as("dates the table does not list move too")
                .isEqualTo(LocalDate.of(2023, 4, 16).plusDays(shift).format(DateTimeFormatter.BASIC_ISO_DATE));
        assertThat(first.getString(Tags.AcquisitionDateTime)).as("DT: the date moves, time and zone stay")
                .isEqualTo(LocalDate.of(2023, 4, 15).plusDays(shift).format(DateTimeFormatter.BASIC_ISO_DATE)
                        + "101733.5+0200");
        assertThat(first.getString(Tags.StudyTime)).isEqualTo("101500");
        assertThat(otherPatient.getString(Tags.StudyDate)).isNotEqualTo(first.getString(Tags.StudyDate));
        assertThat(first.getBytes(Tags.PatientBirthDate)).as("Z, no option column").isEmpty();
        assertThat(first.getString(Tags.LongitudinalTemporalInformationModified)).isEqualTo("MODIFIED");
    }

    @Test
    void fullDatesKeepEveryDate() {
        DataSet d = applied(deidentifier(SECRET, ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES),
                ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(d.getString(Tags.StudyDate)).isEqualTo("20230415");
        assertThat(d.getString(Tags.InstanceCreationDate)).isEqualTo("20230416");
        assertThat(d.getString(Tags.AcquisitionDateTime)).isEqualTo("20230415101733.5+0200");
        assertThat(d.getString(Tags.LongitudinalTemporalInformationModified)).isEqualTo("UNMODIFIED");
    }

    @Test
    void patientsGetTheirPseudonymFromTheTableOrOneDerivedFromTheSecret() throws Exception {
        Path csv = tmp.resolve("pseudonyms.csv");
        Files.writeString(csv, "PatientID,pseudonym,name\nPAT-1,STUDY-001,\"Subject^One\"\nPAT-3,STUDY-003\n");
        List<String> problems = new java.util.ArrayList<>();
        PseudonymTable table = PseudonymTable.read(csv, problems);
        assertThat(problems).isEmpty();
        Deidentifier deidentifier = deidentifier(SECRET, table);

        DataSet listed = applied(deidentifier, ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(listed.getString(Tags.PatientID)).isEqualTo("STUDY-001");
        assertThat(listed.getString(Tags.PatientName)).isEqualTo("Subject^One");
        DataSet idOnly = applied(deidentifier, ct("PAT-3", "1.2.826.0.1.3680043.8.498.3"));
        assertThat(idOnly.getString(Tags.PatientName)).isEqualTo("STUDY-003");

        DataSet derived = applied(deidentifier, ct("PAT-2", "1.2.826.0.1.3680043.8.498.2"));
        String expected = "ANON-" + new ProjectSecret(SECRET.getBytes(StandardCharsets.UTF_8))
                .hex("PatientID:PAT-2", 10);
        assertThat(derived.getString(Tags.PatientID)).isEqualTo(expected).matches("ANON-[0-9a-f]{10}");
        assertThat(derived.getString(Tags.PatientName)).isEqualTo(expected);
        assertThat(applied(deidentifier(SECRET), ct("PAT-2", "1.2.3")).getString(Tags.PatientID))
                .as("the same in another run").isEqualTo(expected);
    }

    @Test
    void pseudonymTableNamesItsBadLines() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "# comment\nPAT-1,A\nPAT-1,B\nonly-one-cell\n\"unclosed,X\nPAT-9,\n");
        List<String> problems = new java.util.ArrayList<>();
        PseudonymTable table = PseudonymTable.read(csv, problems);
        assertThat(table.size()).isEqualTo(1);
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("line 3:").contains("twice");
        assertThat(problems.get(1)).startsWith("line 4:");
        assertThat(problems.get(2)).startsWith("line 5:").contains("quotes");
        assertThat(problems.get(3)).startsWith("line 6:").contains("empty");
    }

    @Test
    void retainSafePrivateKeepsOnlyTheListedCreatorsElements() {
        DataSet d = applied(deidentifier(SECRET, ProfileOption.RETAIN_SAFE_PRIVATE),
                ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(d.getString(Tag.of(0x0029, 0x0011))).isEqualTo("SAFE CREATOR");
        assertThat(d.getString(Tag.of(0x0029, 0x1101))).isEqualTo("1.5");
        assertThat(d.contains(Tag.of(0x0029, 0x0010))).isFalse();
        assertThat(d.contains(Tag.of(0x0029, 0x1001))).isFalse();
    }

    @Test
    void cleanDescriptorsKeepsDescriptionsWithoutTheObjectsOwnIdentifiers() {
        DataSet d = ct("PAT-1", "1.2.826.0.1.3680043.8.498.1");
        d.setString(Tags.SeriesDescription, Vr.LO, "Saint Elsewhere Hospital ACC-998877 axial");
        applied(deidentifier(SECRET, ProfileOption.CLEAN_DESCRIPTORS), d);
        assertThat(d.getString(Tags.StudyDescription)).isEqualTo("CT head for ********");
        assertThat(d.getString(Tags.SeriesDescription)).isEqualTo("************************ ********** axial");
    }

    @Test
    void sequencesTheProfileReplacesKeepTheirItemsWithEveryTextReplaced() {
        DataSet d = ct("PAT-1", "1.2.826.0.1.3680043.8.498.1");
        Sequence content = d.newSequence(Tags.ContentSequence);
        DataSet item = content.addItem();
        item.setString(Tags.ValueType, Vr.CS, "PNAME");
        item.setString(Tags.PersonName, Vr.PN, "Doe^John");
        DataSet nested = item.newSequence(Tags.ContentSequence).addItem();
        nested.setString(Tags.TextValue, Vr.UT, "John Doe said so");
        nested.setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.8.498.99");
        applied(deidentifier(SECRET), d);
        DataSet after = d.getSequence(Tags.ContentSequence).item(0);
        assertThat(after.getString(Tags.ValueType)).isEqualTo("PNAME");
        assertThat(after.getString(Tags.PersonName)).isEqualTo("ANONYMIZED");
        DataSet nestedAfter = after.getSequence(Tags.ContentSequence).item(0);
        assertThat(nestedAfter.getString(Tags.TextValue)).isEqualTo("ANONYMIZED");
        assertThat(nestedAfter.getString(Tags.ReferencedSOPInstanceUID)).startsWith("2.25.");
    }

    @Test
    void theObjectSaysWhatWasDone() {
        DataSet d = applied(deidentifier(SECRET, ProfileOption.RETAIN_UIDS, ProfileOption.CLEAN_DESCRIPTORS),
                ct("PAT-1", "1.2.826.0.1.3680043.8.498.1"));
        assertThat(d.getString(Tags.PatientIdentityRemoved)).isEqualTo("YES");
        assertThat(d.getStrings(Tags.DeidentificationMethod)).containsExactly(Deidentifier.METHOD,
                "Retain UIDs Option", "Clean Descriptors Option");
        Sequence codes = d.getSequence(Tags.DeidentificationMethodCodeSequence);
        assertThat(codes.items()).extracting(item -> item.getString(Tags.CodeValue))
                .containsExactly("113100", "113110", "113105");
        assertThat(codes.items()).extracting(item -> item.getString(Tags.CodingSchemeDesignator))
                .containsOnly("DCM");
        assertThat(codes.item(0).getString(Tags.CodeMeaning)).isEqualTo("Basic Application Confidentiality Profile");
    }

    @Test
    void aMissingSecretIsReportedWhenTheEditIsBuiltForRunning() {
        TagEdit.Deidentify edit = new TagEdit.Deidentify(new DeidentificationSettings("FERRY_DEID_SECRET", Set.of(),
                PseudonymTable.EMPTY, null, DeidentificationSettings.DEFAULT_PREFIX, Set.of()), null);
        assertThatThrownBy(() -> edit.apply(new DataSet())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("built for running");
        assertThatThrownBy(() -> TagEdit.forRunning(List.of(edit), Map.<String, String>of()::get))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FERRY_DEID_SECRET");
        List<TagEdit> running = TagEdit.forRunning(List.of(edit), Map.of("FERRY_DEID_SECRET", SECRET)::get);
        DataSet d = ct("PAT-1", "1.2.826.0.1.3680043.8.498.1");
        running.get(0).apply(d);
        assertThat(d.getString(Tags.SOPInstanceUID)).isEqualTo(new ProjectSecret(SECRET.getBytes(
                StandardCharsets.UTF_8)).uid("1.2.826.0.1.3680043.8.498.1"));
    }

    private static LocalDate date(String basic) {
        return LocalDate.parse(basic, DateTimeFormatter.BASIC_ISO_DATE);
    }
}
