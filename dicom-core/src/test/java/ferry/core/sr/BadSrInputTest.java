package ferry.core.sr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Pydicom;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SR file made by pydicom with everything wrong that a content item can have: no concept name, no or an
 * unknown value type, Numeric Value in the wrong VR or not a number, missing units, values and codes. Reading never
 * throws; every problem is reported at its item's position, and what can be read is read.
 */
class BadSrInputTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = """
            import sys
            from pydicom.dataset import Dataset, FileMetaDataset
            from pydicom.dataelem import DataElement
            from pydicom.uid import ExplicitVRLittleEndian

            def code(value, scheme, meaning):
                c = Dataset(); c.CodeValue = value; c.CodingSchemeDesignator = scheme; c.CodeMeaning = meaning
                return c

            def item(relationship, value_type, meaning):
                i = Dataset(); i.RelationshipType = relationship
                if value_type: i.ValueType = value_type
                if meaning: i.ConceptNameCodeSequence = [code('T' + str(abs(hash(meaning)) % 1000), '99FERRY', meaning)]
                return i

            def num(meaning, element, unit=True):
                i = item('CONTAINS', 'NUM', meaning)
                measured = Dataset(); measured.add(element)
                if unit: measured.MeasurementUnitsCodeSequence = [code('mGy', 'UCUM', 'mGy')]
                i.MeasuredValueSequence = [measured]
                return i

            content = []
            content.append(num('CTDIvol as FD', DataElement(0x0040A30A, 'FD', 12.5)))                  # 1.1
            content.append(num('CTDIvol as LO', DataElement(0x0040A30A, 'LO', 'twelve')))              # 1.2
            content.append(num('DLP', DataElement(0x0040A30A, 'DS', '1.5E3')))                         # 1.3
            content.append(num('No unit', DataElement(0x0040A30A, 'DS', '5'), unit=False))            # 1.4
            nameless = item('CONTAINS', 'TEXT', None); nameless.TextValue = 'nameless'; content.append(nameless)  # 1.5
            untyped = item('CONTAINS', None, 'No value type'); untyped.TextValue = 'x'; content.append(untyped)    # 1.6
            table = item('CONTAINS', 'TABLE', 'A table')                                                # 1.7
            inner = item('CONTAINS', 'TEXT', 'Under the table'); inner.TextValue = 'still read'
            table.ContentSequence = [inner]; content.append(table)
            content.append(item('CONTAINS', 'CODE', 'Code without code'))                               # 1.8
            content.append(item('CONTAINS', 'DATE', 'Date without date'))                               # 1.9
            nan = item('CONTAINS', 'NUM', 'Not measured'); nan.MeasuredValueSequence = []              # 1.10
            nan.NumericValueQualifierCodeSequence = [code('114000', 'DCM', 'Not a number')]; content.append(nan)
            unit = item('CONTAINS', 'TEXT', 'Remark'); unit.TextValue = 'with a child named unit'      # 1.11
            child = item('HAS PROPERTIES', 'TEXT', 'value'); child.TextValue = 'a child'; unit.ContentSequence = [child]
            content.append(unit)
            cycle = item('CONTAINS', 'TEXT', 'Circular'); cycle.TextValue = 'see 1'                    # 1.12
            back = Dataset(); back.RelationshipType = 'INFERRED FROM'; back.ReferencedContentItemIdentifier = [1, 12]
            cycle.ContentSequence = [back]; content.append(cycle)

            ds = Dataset()
            ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.88.33'
            ds.SOPInstanceUID = '1.2.826.0.1.3680043.10.1338.18.5'
            ds.Modality = 'SR'
            ds.ValueType = 'CONTAINER'
            ds.ContinuityOfContent = 'SEPARATE'
            ds.ContentSequence = content
            ds.file_meta = FileMetaDataset()
            ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.is_little_endian = True; ds.is_implicit_VR = False
            ds.save_as(sys.argv[1], write_like_original=False)
            """;

    private ContentTree read() throws IOException {
        Path python = Pydicom.requirePython();
        Path script = dir.resolve("bad_sr.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        Path file = dir.resolve("bad.dcm");
        ToolRun run = ToolRun.run(python.toString(), script.toString(), file.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return ContentTree.read(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet()).orElseThrow();
    }

    @Test
    void everyProblemIsReportedAtItsItem() throws IOException {
        Map<String, String> problems = read().problems().stream()
                .collect(Collectors.toMap(ContentTree.Problem::position, ContentTree.Problem::reason, (a, b) -> a + "; " + b));
        assertThat(problems).containsOnlyKeys("1", "1.1", "1.2", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.12.1");
        assertThat(problems.get("1")).contains("no Concept Name Code Sequence (0040,A043)", "document root");
        assertThat(problems.get("1.1")).isEqualTo("Numeric Value (0040,A30A) has VR FD, not DS (PS3.3 Table C.18-1);"
                + " read as a number");
        assertThat(problems.get("1.2")).isEqualTo("Numeric Value (0040,A30A) 'twelve' is not a decimal number (VR LO;"
                + " PS3.3 Table C.18-1 wants a DS)");
        assertThat(problems.get("1.4")).contains("without Measurement Units Code Sequence (0040,08EA)");
        assertThat(problems.get("1.5")).contains("no Concept Name Code Sequence (0040,A043)", "a TEXT item");
        assertThat(problems.get("1.6")).isEqualTo("no Value Type (0040,A040) (PS3.3 Table C.17-5)");
        assertThat(problems.get("1.7")).isEqualTo("value type TABLE is not one Ferry reads (PS3.3 C.17.3.2.1)");
        assertThat(problems.get("1.8")).contains("a CODE item without Concept Code Sequence (0040,A168)");
        assertThat(problems.get("1.9")).contains("a DATE item without Date (0040,A121)");
        assertThat(problems.get("1.12.1")).isEqualTo("refers to 1.12, which contains it: a cycle, not followed");
    }

    @Test
    void whatCanBeReadIsRead() throws IOException {
        ContentTree tree = read();
        assertThat(tree.title()).isEqualTo("(CONTAINER)");
        Map<String, Measurement> measurements = tree.measurements().stream()
                .collect(Collectors.toMap(Measurement::path, m -> m));
        assertThat(measurements).containsOnlyKeys("CTDIvol as FD", "DLP", "No unit");
        assertThat(measurements.get("CTDIvol as FD").value()).isEqualTo(new BigDecimal("12.5"));
        assertThat(measurements.get("DLP").value()).isEqualByComparingTo("1500");
        assertThat(measurements.get("No unit").unitText()).isEmpty();
        assertThat(tree.root().children().get(6).children()).singleElement()
                .satisfies(inner -> assertThat(inner.value()).isEqualTo(
                        new ContentValue.Text(ValueType.TEXT, "still read")));
    }

    @Test
    void theSimplifiedFormMarksProblemsAndKeepsReservedNamesApart() throws IOException {
        JsonNode root = new ObjectMapper().readTree(read().simplified().toJson()).get("(CONTAINER)");
        assertThat(root.get("CTDIvol as FD").get("value").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(root.get("CTDIvol as LO").get("(problem)").asText()).contains("'twelve' is not a decimal number");
        assertThat(root.get("(TEXT)").asText()).isEqualTo("nameless");
        assertThat(root.get("No value type").get("(problem)").asText()).startsWith("no Value Type");
        assertThat(root.get("A table").get("Under the table").asText()).isEqualTo("still read");
        assertThat(root.get("Not measured").get("value").isNull()).isTrue();
        assertThat(root.get("Not measured").get("qualifier").asText()).isEqualTo("Not a number");
        assertThat(root.get("Remark").get("value").asText()).isEqualTo("with a child named unit");
        assertThat(root.get("Remark").get("value (concept)").asText()).isEqualTo("a child");
        assertThat(root.get("Circular").get("(reference)").asText()).isEqualTo("1.12");
    }

    @Test
    void oddValuesInMemoryNeverThrow() {
        DataSet root = SrDataSets.document("Odd");
        DataSet num = SrDataSets.child(root, "CONTAINS", "NUM", "Infinite");
        SrDataSets.measured(num, "0", "mm").setDoubles(Tags.NumericValue, Vr.FD, Double.POSITIVE_INFINITY);
        DataSet coords = SrDataSets.child(root, "CONTAINS", "SCOORD", "Region");
        coords.setString(Tags.GraphicType, Vr.CS, "POINT");
        coords.setBytes(Tags.GraphicData, Vr.FL, new byte[] {0, 0, (byte) 0xC0, 0x7F}); // NaN
        DataSet badReference = SrDataSets.newItem(root, "INFERRED FROM");
        badReference.setString(Tags.ReferencedContentItemIdentifier, Vr.LO, "one");
        SrDataSets.child(root, "CONTAINS", "CONTAINER", null).setString(Tags.ValueType, Vr.CS, "");
        ContentTree tree = ContentTree.read(root).orElseThrow();
        assertThat(tree.problems()).extracting(ContentTree.Problem::position)
                .containsExactly("1.1", "1.2", "1.3", "1.4");
        assertThat(tree.simplified().toJson()).contains("\"Infinite\":{\"(problem)\":");
        assertThat(tree.simplified().toText(40).lines()).allMatch(line -> line.length() <= 40 + 2 * 2 + 20);
    }

    @Test
    void aDataSetWithoutContentIsNoStructuredReport() {
        DataSet image = new DataSet();
        image.setString(Tags.Modality, Vr.CS, "CT");
        assertThat(ContentTree.read(image)).isEmpty();
    }
}
