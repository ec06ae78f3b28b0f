package ferry.router.edit;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagEditTest {

    static List<TagEdit> edits(String yaml) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        List<TagEdit> edits = TagEdit.parse(modify(yaml), problems);
        assertThat(problems.all()).isEmpty();
        return edits;
    }

    static List<ConfigProblems.Problem> problemsOf(String yaml) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        TagEdit.parse(modify(yaml), problems);
        return problems.all();
    }

    private static ConfigNode modify(String yaml) throws ConfigException {
        ConfigNode.MapNode root = (ConfigNode.MapNode) YamlSource.read(new StringReader("modify:\n" + yaml), "test");
        return root.get("modify").orElseThrow();
    }

    static DataSet patient() {
        DataSet d = new DataSet();
        d.setString(Tags.PatientName, Vr.PN, "Doe^John^Q");
        d.setString(Tags.PatientID, Vr.LO, "LOCAL-17");
        d.setString(Tags.PatientBirthDate, Vr.DA, "19700101");
        d.setString(Tags.EthnicGroup, Vr.SH, "RUT12345");
        d.setString(Tags.OtherPatientIDs, Vr.LO, "X1");
        return d;
    }

    static DataSet applied(List<TagEdit> edits, DataSet d) {
        edits.forEach(edit -> edit.apply(d));
        return d;
    }

    @Test
    void setReplacesAndCreatesValues() throws Exception {
        DataSet d = applied(edits("  - set: {PatientID: ANON, InstitutionName: Ferry Hospital, SeriesNumber: 12}\n"),
                patient());
        assertThat(d.getString(Tags.PatientID)).isEqualTo("ANON");
        assertThat(d.getString(Tags.InstitutionName)).isEqualTo("Ferry Hospital");
        assertThat(d.vr(Tags.InstitutionName)).isEqualTo(Vr.LO);
        assertThat(d.getInt(Tags.SeriesNumber)).isEqualTo(12);
    }

    @Test
    void setKeepsTheVrOfAnExistingElementAndWritesBinaryNumbers() throws Exception {
        DataSet d = patient();
        d.setString(Tags.PatientID, Vr.SH, "old");
        applied(edits("  - set: {PatientID: new, Rows: 512, ImageType: 'DERIVED\\SECONDARY'}\n"), d);
        assertThat(d.vr(Tags.PatientID)).isEqualTo(Vr.SH);
        assertThat(d.getInt(Tags.Rows)).isEqualTo(512);
        assertThat(d.vr(Tags.Rows)).isEqualTo(Vr.US);
        assertThat(d.getStrings(Tags.ImageType)).containsExactly("DERIVED", "SECONDARY");
    }

    @Test
    void setTextIsEncodedInTheDataSetsCharacterSet() throws Exception {
        DataSet d = patient();
        d.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        applied(edits("  - set: {PatientName: Müller^Jürgen}\n"), d);
        assertThat(d.getString(Tags.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(d.getBytes(Tags.PatientName)).hasSize("Müller^Jürgen".length() + 1);
    }

    @Test
    void patientIdIsTakenFromEthnicGroupAsSeed001() throws Exception {
        DataSet d = applied(edits("  - copy: {from: EthnicGroup, to: PatientID}\n"), patient());
        assertThat(d.getString(Tags.PatientID)).isEqualTo("RUT12345");
        assertThat(d.vr(Tags.PatientID)).isEqualTo(Vr.LO);
        assertThat(d.getString(Tags.EthnicGroup)).isEqualTo("RUT12345");
    }

    @Test
    void copyFromAnAbsentTagLeavesTheTargetAlone() throws Exception {
        DataSet d = patient();
        d.remove(Tags.EthnicGroup);
        applied(edits("  - copy: {from: EthnicGroup, to: PatientID}\n"), d);
        assertThat(d.getString(Tags.PatientID)).isEqualTo("LOCAL-17");
    }

    @Test
    void copyIntoANumberParsesTheText() throws Exception {
        DataSet d = patient();
        d.setString(Tags.StudyID, Vr.SH, "640");
        applied(edits("  - copy: {from: StudyID, to: Columns}\n"), d);
        assertThat(d.getInt(Tags.Columns)).isEqualTo(640);
    }

    @Test
    void removeTakesKeywordsAndNumbers() throws Exception {
        DataSet d = applied(edits("  - remove: [PatientBirthDate, (0010,1000), 00102160]\n"), patient());
        assertThat(d.contains(Tags.PatientBirthDate)).isFalse();
        assertThat(d.contains(Tags.OtherPatientIDs)).isFalse();
        assertThat(d.contains(Tags.EthnicGroup)).isFalse();
        assertThat(d.getString(Tags.PatientID)).isEqualTo("LOCAL-17");
    }

    @Test
    void privateTagsAreNamedByCreator() throws Exception {
        DataSet d = patient();
        d.setString(Tag.of(0x0029, 0x0012), Vr.LO, "ACME 1.0");
        d.setString(Tag.of(0x0029, 0x1201), Vr.LO, "site secret");
        d.setString(Tag.of(0x0029, 0x1202), Vr.LO, "keep");
        applied(edits("  - remove: ['(0029,\"ACME 1.0\",01)']\n"
                + "  - set: {'(0031,\"FERRY\",01)': routed}\n"), d);
        assertThat(d.contains(Tag.of(0x0029, 0x1201))).isFalse();
        assertThat(d.getString(Tag.of(0x0029, 0x1202))).isEqualTo("keep");
        assertThat(d.getString(Tag.of(0x0031, 0x0010))).isEqualTo("FERRY");
        assertThat(d.getString(Tag.of(0x0031, 0x1001))).isEqualTo("routed");
    }

    @Test
    void removePrivateRemovesEveryPrivateElementAtEveryLevel() throws Exception {
        DataSet d = patient();
        d.setString(Tag.of(0x0029, 0x0010), Vr.LO, "ACME");
        d.setString(Tag.of(0x0029, 0x1001), Vr.LO, "x");
        DataSet item = d.newSequence(Tags.ReferencedStudySequence).addItem();
        item.setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2");
        item.setString(Tag.of(0x0009, 0x0010), Vr.LO, "GEMS");
        applied(edits("  - remove-private: true\n"), d);
        assertThat(d.contains(Tag.of(0x0029, 0x0010))).isFalse();
        assertThat(d.contains(Tag.of(0x0029, 0x1001))).isFalse();
        assertThat(item.contains(Tag.of(0x0009, 0x0010))).isFalse();
        assertThat(item.getString(Tags.ReferencedSOPInstanceUID)).isEqualTo("1.2");
        assertThat(d.getString(Tags.PatientID)).isEqualTo("LOCAL-17");
    }

    @Test
    void replaceUsesRegexGroups() throws Exception {
        DataSet d = applied(edits("  - replace: {tag: PatientName, pattern: '^(\\w+)\\^.*', with: '$1'}\n"),
                patient());
        assertThat(d.getString(Tags.PatientName)).isEqualTo("Doe");
    }

    @Test
    void replaceLeavesAnAbsentElementAbsent() throws Exception {
        DataSet d = applied(edits("  - replace: {tag: AccessionNumber, pattern: '.*', with: 'x'}\n"), patient());
        assertThat(d.contains(Tags.AccessionNumber)).isFalse();
    }

    @Test
    void wipeSetsExistingFieldsToZeroAtEveryLevelAsSeed002() throws Exception {
        DataSet d = patient();
        DataSet item = d.newSequence(Tags.ReferencedPatientSequence).addItem();
        item.setString(Tags.PatientName, Vr.PN, "Nested^Name");
        applied(edits("  - wipe: [PatientName, PatientBirthDate, PatientAddress]\n"), d);
        assertThat(d.getString(Tags.PatientName)).isEqualTo("0");
        assertThat(d.getString(Tags.PatientBirthDate)).isEqualTo("0");
        assertThat(item.getString(Tags.PatientName)).isEqualTo("0");
        assertThat(d.contains(Tags.PatientAddress)).isFalse();
    }

    @Test
    void wipeCanBlankInstead() throws Exception {
        DataSet d = applied(edits("  - wipe: {tags: [PatientName], with: ''}\n"), patient());
        assertThat(d.contains(Tags.PatientName)).isTrue();
        assertThat(d.getString(Tags.PatientName)).isNull();
    }

    @Test
    void editsApplyInTheirOrder() throws Exception {
        DataSet d = applied(edits("  - copy: {from: EthnicGroup, to: PatientID}\n"
                + "  - remove: [EthnicGroup]\n"
                + "  - replace: {tag: PatientID, pattern: '^RUT', with: 'R-'}\n"), patient());
        assertThat(d.getString(Tags.PatientID)).isEqualTo("R-12345");
        assertThat(d.contains(Tags.EthnicGroup)).isFalse();
    }

    @Test
    void aMapOfEditsAppliesInFileOrder() throws Exception {
        assertThat(edits("  set: {PatientID: A}\n  remove: [PatientName]\n"))
                .extracting(e -> e.getClass().getSimpleName()).containsExactly("SetValue", "Remove");
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        List<ConfigProblems.Problem> problems = problemsOf(
                "  - set: {PatientNam: x, Rows: many}\n"               // line 2
                + "  - copy: {to: PatientID}\n"                       // line 3
                + "  - replace: {tag: PatientName, pattern: '(', with: x}\n" // line 4
                + "  - replace: {tag: PatientName, pattern: 'a', with: '$2'}\n" // line 5
                + "  - remove: [NoSuchTag]\n"                         // line 6
                + "  - rename: {a: b}\n");                            // line 7
        assertThat(problems).extracting(ConfigProblems.Problem::line).containsExactly(2, 2, 3, 4, 5, 6, 7);
        assertThat(problems.get(0).message()).contains("PatientNam", "did you mean 'PatientName'");
        assertThat(problems.get(1).message()).contains("many", "US");
        assertThat(problems.get(2).path()).isEqualTo("modify[1].copy.from");
        assertThat(problems.get(2).message()).contains("required");
        assertThat(problems.get(3).message()).contains("regular expression");
        assertThat(problems.get(4).message()).contains("$2");
        assertThat(problems.get(6).message()).contains("unknown edit 'rename'");
    }
}
