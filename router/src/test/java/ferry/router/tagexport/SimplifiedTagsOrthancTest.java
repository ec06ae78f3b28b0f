package ferry.router.tagexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.router.testing.ExportedTags;
import ferry.router.testing.OrthancServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ferry's simplified tags ({@link ferry.core.json.SimplifiedTagsWriter}) against a real Orthanc's {@code /instances/{id}/simplified-tags}
 * for pydicom's test files and a file pydicom writes here with the cases that differ between writers (multi-valued
 * US, FL, FD and AT, an empty AT, retired elements, long text, empty sequences and items, private elements, UTF-8
 * names). Every key Ferry writes as a keyword has the same value at Orthanc, recursively through sequences; each key
 * of Orthanc's that Ferry lacks is one of the private or unknown elements Ferry writes as {@code gggg,eeee}. The
 * differences docs/tag-export.md lists are allowed: Orthanc's {@code RETIRED_} before the keywords of retired
 * elements, a value over 256 characters that Orthanc writes as null, and AT, where Orthanc writes only the first
 * value.
 */
class SimplifiedTagsOrthancTest {
    private static final Path PYDICOM_DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-f]{4},[0-9a-f]{4}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EDGE_CASES = """
            import sys
            from pydicom.dataset import Dataset, FileMetaDataset
            from pydicom.sequence import Sequence
            from pydicom.uid import ExplicitVRLittleEndian
            ds = Dataset()
            ds.SpecificCharacterSet = 'ISO_IR 192'
            ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
            ds.SOPInstanceUID = '2.25.18001'
            ds.StudyInstanceUID = '2.25.18002'
            ds.SeriesInstanceUID = '2.25.18003'
            ds.PatientID = 'P1'
            ds.PatientName = 'Müller^Hans^^Dr=ミュラー^ハンス'
            ds.Modality = 'OT'
            ds.ImageType = ['DERIVED', 'SECONDARY', '']
            ds.add_new(0x00280030, 'DS', ['0.5', '1.25'])
            ds.add_new(0x00280010, 'US', 4)
            ds.add_new(0x00283002, 'US', [1, 0, 16])
            ds.add_new(0x00189089, 'FD', [0.1, -2.5, 1e-7])
            ds.add_new(0x00189087, 'FD', 1000.0)
            ds.add_new(0x00189073, 'FD', 1.0e20)
            ds.add_new(0x00189074, 'FD', 123456789012.0)
            ds.add_new(0x00189075, 'FL', 1e-5)
            ds.add_new(0x00460040, 'FL', 0.1)
            ds.add_new(0x00189151, 'SL', -7)
            ds.add_new(0x00280108, 'SS', -3)
            ds.add_new(0x00280106, 'US', 65535)
            ds.add_new(0x00209165, 'AT', [0x00100020, 0x7FE00010])
            ds.add_new(0x00209167, 'AT', 0x00080018)
            ds.add_new(0x00280009, 'AT', [])
            ds.add_new(0x00204000, 'LT', 'x' * 300)
            ds.add_new(0x00081090, 'LO', 'A\\\\B')
            ds.add_new(0x00189092, 'UT', 'back\\\\slash text')
            ds.add_new(0x00080081, 'ST', 'Street 1\\r\\nTown')
            ds.add_new(0x00081080, 'LO', '')
            ds.add_new(0x00400032, 'UT', '')
            ds.add_new(0x00180088, 'DS', '-0.000')
            ds.add_new(0x00080040, 'US', 1)
            ds.add_new(0x00400275, 'SQ', Sequence([]))
            ds.add_new(0x00081110, 'SQ', Sequence([Dataset()]))
            item = Dataset()
            item.Manufacturer = 'X'
            item.ProtocolName = 'nested'
            ds.add_new(0x0018A001, 'SQ', Sequence([item]))
            ds.add_new(0x00090010, 'LO', 'ACME 1.0')
            ds.add_new(0x00091001, 'UN', b'\\x01\\x02\\x03\\x04')
            ds.add_new(0x00091002, 'LO', 'private text')
            ds.add_new(0x00281201, 'OW', b'\\x00\\x01\\x02\\x03')
            ds.add_new(0x7FE00010, 'OW', b'\\x00' * 32)
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = ds.SOPClassUID
            meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds.file_meta = meta
            ds.preamble = b'\\0' * 128
            ds.is_little_endian = True
            ds.is_implicit_VR = False
            ds.save_as(sys.argv[1], write_like_original=False)
            """;

    @TempDir
    static Path dir;

    @RegisterExtension
    static final OrthancServer orthanc = OrthancServer.perClass(OrthancServer.Options.DEFAULT);

    static Stream<String> files() {
        return Stream.of("test_files/CT_small.dcm", "test_files/MR_small.dcm", "test_files/rtplan.dcm",
                "test_files/rtstruct.dcm", "test_files/test-SR.dcm", "test_files/waveform_ecg.dcm",
                "test_files/reportsi.dcm", "charset_files/chrFren.dcm", "charset_files/chrH31.dcm", "edge cases");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyKeywordHasTheValueOrthancGivesIt(String name) throws Exception {
        Path file = name.equals("edge cases") ? edgeCases() : PYDICOM_DATA.resolve(name);
        Peers.require(Files.isRegularFile(file), "pydicom's test file " + file, "apt-get install python3-pydicom");
        String id = OrthancServer.field(orthanc.post("/instances", Files.readAllBytes(file)), "ID");
        assertThat(id).as("Orthanc took " + name).isNotNull();
        JsonNode theirs = JSON.readTree(orthanc.get("/instances/" + id + "/simplified-tags"));
        JsonNode ours = JSON.readTree(ExportedTags.simplified(file));

        List<String> differences = new ArrayList<>();
        compare(ours, theirs, "", differences);
        assertThat(differences).as(name + "\nFerry:   " + ours + "\nOrthanc: " + theirs).isEmpty();
    }

    private static void compare(JsonNode ours, JsonNode theirs, String path, List<String> differences) {
        int unnamed = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = ours.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (HEX_KEY.matcher(key).matches()) {
                unnamed++;
                continue;
            }
            JsonNode their = theirs.has(key) ? theirs.get(key) : theirs.get("RETIRED_" + key);
            String at = path + key;
            if (their == null) {
                differences.add(at + ": Orthanc has no such key");
            } else if (field.getValue().isArray() && their.isArray()) {
                if (field.getValue().size() != their.size()) {
                    differences.add(at + ": " + field.getValue().size() + " items, Orthanc " + their.size());
                } else {
                    for (int i = 0; i < their.size(); i++) {
                        compare(field.getValue().get(i), their.get(i), at + "[" + i + "].", differences);
                    }
                }
            } else if (!field.getValue().equals(their) && !allowed(field.getValue(), their)) {
                differences.add(at + ": " + field.getValue() + ", Orthanc " + their);
            }
        }
        long missing = 0;
        for (Iterator<String> it = theirs.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ours.has(key) && !(key.startsWith("RETIRED_") && ours.has(key.substring("RETIRED_".length())))) {
                missing++;
            }
        }
        if (missing > unnamed) {
            differences.add(path + ": Orthanc has " + missing + " keys Ferry lacks, Ferry only " + unnamed
                    + " private or unknown elements");
        }
    }

    /** The documented differences: Orthanc's null for a value over 256 characters, and only the first AT value. */
    private static boolean allowed(JsonNode ours, JsonNode theirs) {
        if (theirs.isNull() && ours.isTextual() && ours.asText().length() > 256) {
            return true;
        }
        return theirs.isTextual() && ours.isTextual() && Pattern.matches("[0-9a-f]{4},[0-9a-f]{4}(\\\\.*)?",
                ours.asText()) && ours.asText().startsWith(theirs.asText() + "\\");
    }

    private static Path edgeCases() throws Exception {
        Path file = dir.resolve("edge-cases.dcm");
        Path script = dir.resolve("edge_cases.py");
        Files.writeString(script, EDGE_CASES, StandardCharsets.UTF_8);
        Process python = new ProcessBuilder(Pydicom.requirePython().toString(), script.toString(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return file;
    }
}
