package ferry.router.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {
    @TempDir
    Path tmp;

    static Layout layout(String template) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        Layout layout = Layout.parse(node(template), problems);
        assertThat(problems.all()).isEmpty();
        return layout;
    }

    static ConfigNode node(String template) throws ConfigException {
        ConfigNode.MapNode root = (ConfigNode.MapNode) YamlSource.read(new StringReader(
                "store:\n  layout: '" + template.replace("'", "''") + "'\n"), "test");
        return ((ConfigNode.MapNode) root.get("store").orElseThrow()).get("layout").orElseThrow();
    }

    static List<ConfigProblems.Problem> problemsOf(String template) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        Layout.parse(node(template), problems);
        return problems.all();
    }

    static DataSet header() {
        DataSet d = new DataSet();
        d.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.3.4.5");
        d.setString(Tags.StudyDate, Vr.DA, "20240517");
        d.setString(Tags.StudyTime, Vr.TM, "093015.123");
        d.setString(Tags.SeriesDescription, Vr.LO, "t1 mprage/sag (1mm)");
        d.setString(Tags.PatientID, Vr.LO, "P001");
        d.setString(Tags.SeriesInstanceUID, Vr.UI, "1.2.3.4");
        d.setString(Tags.SeriesNumber, Vr.IS, "7");
        d.setString(Tags.InstanceNumber, Vr.IS, "12");
        return d;
    }

    @Test
    void defaultPresetIsTheDesignLayout() {
        assertThat(Layout.preset("default").resolve(header()))
                .isEqualTo(Path.of("P001", "20240517_093015.123", "1.2.3.4", "1.2.3.4.5.dcm"));
    }

    @Test
    void routesJsonPresetIsSeed000sLayoutWithoutExtension() {
        assertThat(Layout.preset("routes-json").resolve(header()))
                .isEqualTo(Path.of("P001", "20240517_093015.123", "1.2.3.4", "1.2.3.4.5"));
    }

    @Test
    void dcmserverPresetPadsNumbersAndCleansTheDescriptionAsSeed002() {
        assertThat(Layout.preset("dcmserver").resolve(header()))
                .isEqualTo(Path.of("P001", "007-t1-mprage-sag-1mm", "0012.dcm"));
    }

    @Test
    void presetNamesAreReadFromConfiguration() throws Exception {
        assertThat(layout("dcmserver").template()).isEqualTo(Layout.preset("dcmserver").template());
        assertThat(layout("routes-json").namesEchoes()).isFalse();
        assertThat(layout("dcmserver").namesEchoes()).isTrue();
    }

    @Test
    void keywordNumberAndCompactNumberTokensNameTheSameTag() throws Exception {
        assertThat(layout("{PatientID}-{(0010,0020)}-{00100020}").resolve(header()))
                .isEqualTo(Path.of("P001-P001-P001"));
    }

    @Test
    void privateTokenIsFoundThroughItsCreator() throws Exception {
        DataSet d = header();
        d.setString(Tag.of(0x0029, 0x0011), Vr.LO, "ACME 1.0");
        d.setString(Tag.of(0x0029, 0x1105), Vr.LO, "secret-site");
        assertThat(layout("{(0029,\"ACME 1.0\",05)}/{SOPInstanceUID}").resolve(d))
                .isEqualTo(Path.of("secret-site", "1.2.3.4.5"));
    }

    @Test
    void printfFormatsNumbers() throws Exception {
        assertThat(layout("{SeriesNumber:%03d}_{InstanceNumber:%x}_{SeriesNumber:S%02d}").resolve(header()))
                .isEqualTo(Path.of("007_c_S07"));
    }

    @Test
    void printfKeepsAValueThatIsNoNumber() throws Exception {
        DataSet d = header();
        d.setString(Tags.SeriesNumber, Vr.IS, "abc");
        assertThat(layout("{SeriesNumber:%03d}").resolve(d)).isEqualTo(Path.of("abc"));
    }

    @Test
    void cleanTurnsOddCharactersIntoUnderscores() throws Exception {
        assertThat(layout("{SeriesDescription:clean}").resolve(header())).isEqualTo(Path.of("t1_mprage_sag_1mm_"));
    }

    @Test
    void upperAndLowerChangeCase() throws Exception {
        assertThat(layout("{PatientID:lower}{PatientID:upper}").resolve(header())).isEqualTo(Path.of("p001P001"));
    }

    @Test
    void datePatternWithSlashMakesFolders() throws Exception {
        assertThat(layout("{StudyDate:yyyy/MM}/{StudyTime:HHmm}/{SOPInstanceUID}").resolve(header()))
                .isEqualTo(Path.of("2024", "05", "0930", "1.2.3.4.5"));
    }

    @Test
    void malformedDateIsUsedAsItIs() throws Exception {
        DataSet d = header();
        d.setString(Tags.StudyDate, Vr.DA, "2024-5");
        assertThat(layout("{StudyDate:yyyy}").resolve(d)).isEqualTo(Path.of("2024-5"));
    }

    @Test
    void fallbacksTakeTheFirstNonEmptyValueThenTheLiteral() throws Exception {
        DataSet d = header();
        d.setString(Tags.StudyID, Vr.SH, "S9");
        d.setString(Tags.AccessionNumber, Vr.SH, "");
        Layout layout = layout("{AccessionNumber|StudyID|none}");
        assertThat(layout.resolve(d)).isEqualTo(Path.of("S9"));
        d.remove(Tags.StudyID);
        assertThat(layout.resolve(d)).isEqualTo(Path.of("none"));
        d.setString(Tags.AccessionNumber, Vr.SH, "A1");
        assertThat(layout.resolve(d)).isEqualTo(Path.of("A1"));
    }

    @Test
    void missingValueWithoutFallbackBecomesUnknown() throws Exception {
        assertThat(layout("{ReferringPhysicianName}/{SOPInstanceUID}").resolve(header()))
                .isEqualTo(Path.of("unknown", "1.2.3.4.5"));
    }

    @Test
    void stopBeforeCoversTheLastTagRead() throws Exception {
        assertThat(layout("{PatientID}/{SOPInstanceUID}").stopBefore()).isEqualTo(Tags.PatientID + 1);
        assertThat(Layout.preset("default").stopBefore()).isEqualTo(Tags.SeriesInstanceUID + 1);
        assertThat(layout("{(0029,\"ACME\",05)}").stopBefore()).isEqualTo(Tag.of(0x002A, 0));
        assertThat(Layout.preset("dcmserver").stopBefore()).isEqualTo(Tag.PIXEL_DATA);
    }

    @Test
    void hostileValuesStayInsideTheFolder() throws Exception {
        Layout layout = layout("{PatientID}/{StudyDescription}_{SeriesDescription}/{SOPInstanceUID}.dcm");
        List<String> hostile = List.of("../../etc", "..", ".", "/abs", "a/../../b", "x\u0000y", "\u0000",
                "..\\..\\windows", "CON", ".hidden", "   ", "\n..\n", "a".repeat(10_000), "é".repeat(5_000),
                "\u001b[31mred", "名前/../..", "\uD800broken");
        Path folder = Files.createDirectories(tmp.resolve("store"));
        Path realFolder = folder.toRealPath();
        for (String value : hostile) {
            DataSet d = header();
            d.setString(Tags.PatientID, Vr.LO, value);
            d.setString(Tags.StudyDescription, Vr.LO, value);
            d.setString(Tags.SeriesDescription, Vr.LO, value);
            d.setString(Tags.SOPInstanceUID, Vr.UI, value);
            Path relative = layout.resolve(d);
            assertThat(relative.isAbsolute()).as(value).isFalse();
            assertThat(relative.getNameCount()).as(value).isEqualTo(3);
            for (Path name : relative) {
                String text = name.toString();
                assertThat(text).as(value).doesNotStartWith(".").doesNotContain("/", "\\", "\u0000", "\n", "\u001b");
                assertThat(text.getBytes(StandardCharsets.UTF_8).length).as(value).isLessThanOrEqualTo(255);
            }
            Path file = folder.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
            assertThat(file.toRealPath()).as(value).startsWith(realFolder);
        }
    }

    @Test
    void longDistinctValuesStayDistinctWhenCut() throws Exception {
        Layout layout = layout("{PatientID}");
        DataSet a = header();
        a.setString(Tags.PatientID, Vr.LO, "x".repeat(300) + "a");
        DataSet b = header();
        b.setString(Tags.PatientID, Vr.LO, "x".repeat(300) + "b");
        String nameA = layout.resolve(a).toString();
        assertThat(nameA).isNotEqualTo(layout.resolve(b).toString()).startsWith("xxxx").contains("~");
        assertThat(nameA.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PathSegment.VALUE_MAX_BYTES);
    }

    @Test
    void cutNameKeepsItsExtension() throws Exception {
        DataSet d = header();
        d.setString(Tags.SOPInstanceUID, Vr.UI, "1." + "2".repeat(120));
        d.setString(Tags.PatientID, Vr.LO, "p".repeat(120));
        Path name = layout("{PatientID}{SOPInstanceUID}.dcm").resolve(d);
        assertThat(name.toString()).endsWith(".dcm");
        assertThat(name.toString().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(PathSegment.NAME_MAX_BYTES);
    }

    @Test
    void nonAsciiLettersAreKept() throws Exception {
        DataSet d = header();
        d.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        d.setString(Tags.PatientID, Vr.LO, "Müller");
        assertThat(layout("{PatientID}").resolve(d)).isEqualTo(Path.of("Müller"));
    }

    @Test
    void configurationErrorsAreReportedWithTheirLine() throws Exception {
        assertThat(problemsOf("{PatientId}/{SOPInstanceUID}")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.path()).isEqualTo("store.layout");
            assertThat(p.message()).contains("PatientId", "did you mean 'PatientID'");
        });
        assertThat(problemsOf("{PatientID")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("never closed");
        assertThat(problemsOf("/{PatientID}")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("relative");
        assertThat(problemsOf("{PatientID}//{SOPInstanceUID}")).singleElement()
                .extracting(ConfigProblems.Problem::message).asString().contains("empty folder name");
        assertThat(problemsOf("../{PatientID}")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("starts with a dot");
        assertThat(problemsOf("{SeriesNumber:%03q}")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("printf");
        assertThat(problemsOf("{PatientID:yyyy}")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("unknown format");
        assertThat(problemsOf("{StudyDate:HH}")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("not a date pattern");
        assertThat(problemsOf("images/all.dcm")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("no {tokens}");
        assertThat(problemsOf("nosuchpreset")).singleElement().extracting(ConfigProblems.Problem::message)
                .asString().contains("unknown layout preset", "dcmserver");
    }

    @Test
    void everyProblemOfATemplateIsReportedAtOnce() throws Exception {
        assertThat(problemsOf("{Nope}/{SeriesNumber:%q}/{PatientID}")).hasSize(2);
    }

    @Test
    void tagsAreReadFromAHeaderOnlyReadStoppedAtStopBefore() throws IOException, ConfigException {
        Layout layout = layout("{PatientID}/{SeriesNumber:%03d}");
        DataSet full = header();
        DataSet cut = new DataSet();
        for (int i = 0; i < full.size(); i++) {
            if (Integer.compareUnsigned(full.tagAt(i), layout.stopBefore()) < 0) {
                cut.put(full.tagAt(i), full.vrAt(i), full.valueAt(i));
            }
        }
        assertThat(layout.resolve(cut)).isEqualTo(layout.resolve(full));
    }
}
