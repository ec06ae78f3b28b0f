package ferry.core.sr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CT Radiation Dose SR with two irradiation events, written by dcmtk's xml2dsr at test time: its content tree,
 * simplified form and measurements carry exactly the numbers that were written, and dsrdump lists the same tree.
 */
class CtDoseReportTest {
    @TempDir
    Path dir;

    private final CtDoseReport report = CtDoseReport.twoEvents();

    private ContentTree read() throws IOException {
        DicomFile file = DicomReader.read(report.write(dir, "dose"), ReadOptions.IN_MEMORY);
        assertThat(file.dataSet().getString(Tags.SOPClassUID)).isEqualTo(CtDoseReport.SOP_CLASS);
        return ContentTree.read(file.dataSet()).orElseThrow();
    }

    @Test
    void measurementsAreTheTotalAndEachEventsNumbersWithTheirPathsAndUnits() throws IOException {
        ContentTree tree = read();
        assertThat(tree.problems()).isEmpty();
        assertThat(tree.title()).isEqualTo("X-Ray Radiation Dose Report");
        List<Measurement> measurements = tree.measurements();

        assertThat(find(measurements, "CT Accumulated Dosimetry Data/CT Dose Length Product Total"))
                .singleElement().satisfies(total -> {
                    assertThat(total.value()).isEqualTo(new BigDecimal("1068.95"));
                    assertThat(total.value()).isEqualTo(report.totalDlp());
                    assertThat(total.unitText()).isEqualTo("mGy.cm");
                    assertThat(total.concept()).isEqualTo(new Code("113813", "DCM", "CT Dose Length Product Total"));
                    assertThat(total.name()).isEqualTo("CT Dose Length Product Total");
                });
        assertThat(find(measurements, "CT Accumulated Dosimetry Data/Total Number of Irradiation Events"))
                .singleElement().satisfies(events -> {
                    assertThat(events.value()).isEqualTo(BigDecimal.valueOf(2));
                    assertThat(events.unitText()).isEqualTo("events");
                });
        assertThat(find(measurements, "CT Acquisition/CT Dose/Mean CTDIvol")).extracting(Measurement::value)
                .containsExactly(report.events().get(0).ctdiVol(), report.events().get(1).ctdiVol());
        assertThat(find(measurements, "CT Acquisition/CT Dose/DLP")).extracting(Measurement::value)
                .containsExactly(report.events().get(0).dlp(), report.events().get(1).dlp());
        assertThat(find(measurements, "CT Acquisition/CT Dose/DLP")).extracting(Measurement::unitText)
                .containsOnly("mGy.cm");
        assertThat(find(measurements, "CT Acquisition/CT Acquisition Parameters/CT X-Ray Source Parameters/KVP"))
                .extracting(Measurement::value)
                .containsExactly(report.events().get(0).kvp(), report.events().get(1).kvp());
        // the positions tell the two events' values apart
        assertThat(find(measurements, "CT Acquisition/CT Dose/DLP")).extracting(Measurement::position)
                .doesNotHaveDuplicates();
        assertThat(measurements).hasSize(2 + 2 * 5);
    }

    @Test
    void simplifiedJsonHasTheTotalAndAListOfIrradiationEvents() throws IOException {
        JsonNode json = new ObjectMapper().readTree(read().simplified().toJson());
        JsonNode root = json.get("X-Ray Radiation Dose Report");
        assertThat(root.get("Procedure reported").asText()).isEqualTo("Computed Tomography X-Ray");
        assertThat(root.get("Device Observer UID").asText()).isEqualTo("1.2.826.0.1.3680043.10.1338.18.99");
        assertThat(root.get("Start of X-Ray Irradiation").asText()).isEqualTo("20240102100100");
        JsonNode total = root.get("CT Accumulated Dosimetry Data").get("CT Dose Length Product Total");
        assertThat(total.get("value").decimalValue()).isEqualTo(report.totalDlp());
        assertThat(total.get("unit").asText()).isEqualTo("mGy.cm");

        JsonNode events = root.get("CT Acquisition");
        assertThat(events.isArray()).isTrue();
        assertThat(events).hasSize(2);
        for (int i = 0; i < 2; i++) {
            CtDoseReport.Event written = report.events().get(i);
            JsonNode event = events.get(i);
            assertThat(event.get("Acquisition Protocol").asText()).isEqualTo(written.protocol());
            assertThat(event.get("Target Region").asText()).isEqualTo(written.region());
            assertThat(event.get("Irradiation Event UID").asText()).isEqualTo(written.uid());
            JsonNode dose = event.get("CT Dose");
            assertThat(dose.get("Mean CTDIvol").get("value").decimalValue()).isEqualTo(written.ctdiVol());
            assertThat(dose.get("Mean CTDIvol").get("unit").asText()).isEqualTo("mGy");
            assertThat(dose.get("DLP").get("value").decimalValue()).isEqualTo(written.dlp());
            assertThat(dose.get("CTDIw Phantom Type").asText()).isEqualTo("IEC Body Dosimetry Phantom");
            JsonNode source = event.get("CT Acquisition Parameters").get("CT X-Ray Source Parameters");
            assertThat(source.get("KVP").get("value").decimalValue()).isEqualTo(written.kvp());
            assertThat(source.get("KVP").get("unit").asText()).isEqualTo("kV");
        }
    }

    @Test
    void textFormNumbersTheRepeatedEventsAndShowsValuesWithUnits() throws IOException {
        String text = read().simplified().toText(0);
        assertThat(text).startsWith("X-Ray Radiation Dose Report\n  Procedure reported: Computed Tomography X-Ray\n");
        assertThat(text).contains("\n  CT Accumulated Dosimetry Data\n"
                + "    Total Number of Irradiation Events: 2 events\n"
                + "    CT Dose Length Product Total: 1068.95 mGy.cm\n");
        assertThat(text).contains("\n  CT Acquisition [1/2]\n    Acquisition Protocol: Chest routine\n");
        assertThat(text).contains("\n  CT Acquisition [2/2]\n    Acquisition Protocol: Abdomen portal venous\n");
        assertThat(text).contains("\n    CT Dose\n      Mean CTDIvol: 12.34 mGy\n");
        assertThat(text).contains("\n      DLP: 612.25 mGy.cm\n");
    }

    @Test
    void theTreeIsTheOneDsrdumpLists() throws IOException {
        Path file = report.write(dir, "dose");
        ContentTree tree = ContentTree.read(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet()).orElseThrow();
        assertThat(DsrdumpNotation.lines(tree)).containsExactlyElementsOf(DsrdumpNotation.lines(SrXml.dsrdump(file)));
    }

    private static List<Measurement> find(List<Measurement> measurements, String path) {
        return measurements.stream().filter(m -> m.path().equals(path)).toList();
    }
}
