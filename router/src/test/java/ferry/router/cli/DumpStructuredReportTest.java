package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.sr.ContentTree;
import ferry.core.sr.CtDoseReport;
import ferry.core.sr.Measurement;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.cli.FerryCommandTest.Run;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry dump --sr} on a CT Radiation Dose SR made by dcmtk's xml2dsr: the dose numbers that were written,
 * as indented text and as JSON; files that are no structured report, and problems in a tree, on stderr.
 */
class DumpStructuredReportTest {
    @TempDir
    Path tmp;

    private final CtDoseReport report = CtDoseReport.twoEvents();

    @Test
    void printsTheDoseReportAsIndentedConceptNamesAndValues() throws IOException {
        Run run = DumpCommandTest.dump("--sr", report.write(tmp, "dose"));
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("X-Ray Radiation Dose Report\n"
                + "  Procedure reported: Computed Tomography X-Ray\n"
                + "  Has Intent: Diagnostic Intent\n"
                + "  Observer Type: Device\n");
        assertThat(run.out()).contains("  CT Accumulated Dosimetry Data\n"
                + "    Total Number of Irradiation Events: 2 events\n"
                + "    CT Dose Length Product Total: 1068.95 mGy.cm\n"
                + "  CT Acquisition [1/2]\n"
                + "    Acquisition Protocol: Chest routine\n"
                + "    Target Region: Chest\n");
        assertThat(run.out()).contains("    CT Dose\n"
                + "      Mean CTDIvol: 9.8 mGy\n"
                + "      CTDIw Phantom Type: IEC Body Dosimetry Phantom\n"
                + "      DLP: 612.25 mGy.cm\n"
                + "  Source of Dose Information: Automated Data Collection\n");
    }

    @Test
    void printsTheDoseReportAsJsonWithTheNumbersWritten() throws IOException {
        Run run = DumpCommandTest.dump("--sr", "--json", report.write(tmp, "dose"));
        assertThat(run.exitCode()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out()).get("X-Ray Radiation Dose Report");
        assertThat(root.at("/CT Accumulated Dosimetry Data/CT Dose Length Product Total/value").decimalValue())
                .isEqualTo(report.totalDlp());
        for (int i = 0; i < 2; i++) {
            JsonNode dose = root.get("CT Acquisition").get(i).get("CT Dose");
            assertThat(dose.at("/Mean CTDIvol/value").decimalValue()).isEqualTo(report.events().get(i).ctdiVol());
            assertThat(dose.at("/DLP/value").decimalValue()).isEqualTo(report.events().get(i).dlp());
            assertThat(dose.at("/DLP/unit").asText()).isEqualTo("mGy.cm");
        }
        assertThat(root.at("/CT Acquisition/0/CT Dose/DLP/value").decimalValue()).isEqualTo(new BigDecimal("456.7"));
    }

    @Test
    void aFileThatIsNoStructuredReportIsOneLineOnStderrAndExitCodeOne() throws IOException {
        Path dose = report.write(tmp, "a-dose");
        Path image = tmp.resolve("b-image.dcm");
        DicomWriter.writeFile(image, new DataSet(), DumpCommandTest.image(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Run run = DumpCommandTest.dump("--sr", "--json", dose, image);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("ferry dump: " + image + ": not a structured report (no Value Type "
                + "(0040,A040) or Content Sequence (0040,A730))\n");
        JsonNode all = new ObjectMapper().readTree(run.out());
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).has("X-Ray Radiation Dose Report")).isTrue();
    }

    @Test
    void problemsInTheTreeAreWarningsOnStderrUnlessToldNotTo() throws IOException {
        DataSet sr = new DataSet();
        sr.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.88.11");
        sr.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.10.1338.18.6");
        sr.setString(Tags.ValueType, Vr.CS, "CONTAINER");
        DataSet item = sr.newSequence(Tags.ContentSequence).addItem();
        item.setString(Tags.RelationshipType, Vr.CS, "CONTAINS");
        item.setString(Tags.ValueType, Vr.CS, "TEXT");
        item.setString(Tags.TextValue, Vr.UT, "no concept name\r\nand two lines");
        Path file = tmp.resolve("odd.dcm");
        DicomWriter.writeFile(file, new DataSet(), sr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        Run run = DumpCommandTest.dump("--sr", file);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("(CONTAINER)\n  (TEXT): no concept name\\r\\nand two lines\n");
        assertThat(run.err()).isEqualTo("ferry dump: " + file + ": warning: content item 1: no Concept Name Code "
                + "Sequence (0040,A043), which the document root must have (PS3.3 Table C.17-5)\n"
                + "ferry dump: " + file + ": warning: content item 1.1: no Concept Name Code Sequence (0040,A043), "
                + "which a TEXT item must have (PS3.3 Table C.17-5)\n");
        assertThat(DumpCommandTest.dump("--sr", "--no-warnings", file).err()).isEmpty();
        assertThat(DumpCommandTest.dump("--sr", "--width", "20", file).out())
                .isEqualTo("(CONTAINER)\n  (TEXT): no concept name\\r...\n");
    }

    /** The examples of docs/structured-reports.md are what {@code ferry dump --sr} prints for this very report. */
    @Test
    void theExamplesOfTheDocumentationAreTheOutputForTheSameReport() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "structured-reports.md"), StandardCharsets.UTF_8);
        Path file = report.write(tmp, "ct-dose");
        Matcher text = Pattern.compile("```text\n\\$ ./ferry dump --sr ct-dose.dcm\n(.*?)```", Pattern.DOTALL)
                .matcher(page);
        assertThat(text.find()).as("the text example").isTrue();
        assertThat(DumpCommandTest.dump("--sr", file).out()).isEqualTo(text.group(1));
        Matcher json = Pattern.compile("--json` on the same report:\n\n```json\n(.*?)```", Pattern.DOTALL)
                .matcher(page);
        assertThat(json.find()).as("the JSON example").isTrue();
        assertThat(DumpCommandTest.dump("--sr", "--json", file).out()).isEqualTo(json.group(1));
        ContentTree tree = ContentTree.read(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet()).orElseThrow();
        for (Measurement measurement : tree.measurements()) {
            assertThat(page).contains("\n" + measurement + "\n");
        }
    }
}
