package ferry.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import ferry.core.testing.Peers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ferry's DICOM JSON against pydicom's ({@code Dataset.to_json_dict}, pydicom 2.3), an independent writer, for
 * a handful of pydicom's own files: the same keys, VRs and values. Values are compared by meaning: numbers
 * numerically (pydicom turns IS and DS into ints and floats; FL as float32), strings without surrounding spaces,
 * {@code null} and {@code ""} alike, a missing PN group and an empty one alike, no {@code "Value"} and an empty
 * one alike, binary values by their decoded bytes. Both sides write values over 768 bytes as a
 * {@code BulkDataURI} (pydicom's threshold counts base64 characters: 1024 of them are 768 bytes). pydicom writes
 * group lengths, which the standard leaves out; they are ignored.
 *
 * <p>Ferry's reader is checked on pydicom's JSON too: what it reads must write back to the same JSON as Ferry
 * writes from the file.
 *
 * <p>Needs {@code /usr/bin/python3} with pydicom: skipped with a message when missing, failed instead when
 * {@code -Dpeers.required=true}.
 */
class DicomJsonPydicomTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path DATA = DicomJsonRoundTripTest.PYDICOM_DATA;
    private static final List<String> FILES = List.of("test_files/CT_small.dcm", "test_files/MR_small.dcm",
            "test_files/rtplan.dcm", "test_files/test-SR.dcm", "charset_files/chrFren.dcm",
            "charset_files/chrH31.dcm");
    private static final JsonFactory JSON = new JsonFactory();
    private static final String SCRIPT = """
            import sys, json, pydicom
            for name in sys.argv[1:]:
                ds = pydicom.dcmread(name)
                print(json.dumps(ds.to_json_dict(bulk_data_threshold=1024,
                                                 bulk_data_element_handler=lambda element: 'bulk')))
            """;

    @Test
    void ferryWritesWhatPydicomWrites() throws Exception {
        List<String> pydicom = runPydicom();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < FILES.size(); i++) {
            Object ours = tree(ferryJson(DicomReader.read(DATA.resolve(FILES.get(i)), ReadOptions.IN_MEMORY)
                    .dataSet()));
            Object theirs = tree(pydicom.get(i));
            String file = FILES.get(i);
            compareDataSets(ours, theirs, "", problem -> problems.add(file + ": " + problem));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void ferryReadsWhatPydicomWrites() throws Exception {
        List<String> pydicom = runPydicom();
        for (int i = 0; i < FILES.size(); i++) {
            DataSet fromFile = DicomReader.read(DATA.resolve(FILES.get(i)), ReadOptions.IN_MEMORY).dataSet();
            DataSet fromPydicom = new DicomJsonReader((tag, vr, uri) -> Bytes.EMPTY)
                    .read(new ByteArrayInputStream(pydicom.get(i).getBytes(StandardCharsets.UTF_8)));
            List<String> problems = new ArrayList<>();
            compareDataSets(tree(ferryJson(fromPydicom)), tree(ferryJson(fromFile)), "", problems::add);
            problems.removeIf(p -> p.contains("BulkDataURI")); // resolved to empty values on purpose
            assertThat(problems).as(FILES.get(i)).isEmpty();
        }
    }

    private static String ferryJson(DataSet dataSet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomJsonWriter.DEFAULT.withBulkDataUris(768, ref -> "bulk").write(dataSet, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> runPydicom() throws Exception {
        Peers.requireExecutable(PYTHON, "apt-get install python3");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", SCRIPT));
        FILES.forEach(f -> command.add(DATA.resolve(f).toString()));
        Process probe = new ProcessBuilder(PYTHON, "-c", "import pydicom").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        Peers.require(probe.waitFor() == 0, "pydicom for " + PYTHON, "apt-get install python3-pydicom");

        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("pydicom exit status").isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines).hasSize(FILES.size());
        return lines;
    }

    // ---- a JSON tree with jackson-core alone: Map, List, String, BigDecimal, null -------------------------

    private static Object tree(String json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return tree(parser);
        }
    }

    private static Object tree(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                map.put(name, tree(parser));
            }
            return map;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(tree(parser));
            }
            return list;
        }
        if (token.isNumeric()) {
            return parser.getDecimalValue();
        }
        return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    // ---- comparison by meaning -----------------------------------------------------------------------------

    private interface Report {
        void add(String problem);
    }

    @SuppressWarnings("unchecked")
    private static void compareDataSets(Object ours, Object theirs, String path, Report report) {
        Map<String, Object> a = (Map<String, Object>) ours;
        Map<String, Object> b = (Map<String, Object>) theirs;
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        for (String key : b.keySet()) {
            if (!Tag.isGroupLength((int) Long.parseLong(key, 16))) {
                keys.add(key);
            }
        }
        assertThat(new ArrayList<>(a.keySet())).as("Ferry writes keys in ascending order").isSorted();
        for (String key : keys) {
            String where = path + key;
            Map<String, Object> x = (Map<String, Object>) a.get(key);
            Map<String, Object> y = (Map<String, Object>) b.get(key);
            if (x == null || y == null) {
                report.add(where + (x == null ? " only in pydicom's JSON" : " only in Ferry's JSON"));
            } else if (!Objects.equals(x.get("vr"), y.get("vr"))) {
                report.add(where + " vr " + x.get("vr") + " but pydicom says " + y.get("vr"));
            } else {
                compareAttribute(x, y, (String) x.get("vr"), where, report);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void compareAttribute(Map<String, Object> x, Map<String, Object> y, String vr, String where,
                                         Report report) {
        for (String member : List.of("BulkDataURI", "InlineBinary")) {
            if (x.containsKey(member) != y.containsKey(member)) {
                report.add(where + " " + member + " in only one of them: " + x + " / " + y);
                return;
            }
        }
        if (x.containsKey("InlineBinary")) {
            if (!Arrays.equals(Base64.getDecoder().decode((String) x.get("InlineBinary")),
                    Base64.getDecoder().decode((String) y.get("InlineBinary")))) {
                report.add(where + " InlineBinary differs");
            }
            return;
        }
        List<Object> ours = (List<Object>) x.getOrDefault("Value", List.of());
        List<Object> theirs = (List<Object>) y.getOrDefault("Value", List.of());
        if (ours.size() != theirs.size()) {
            report.add(where + " " + ours.size() + " values but pydicom has " + theirs.size() + ": " + ours + " / "
                    + theirs);
            return;
        }
        for (int i = 0; i < ours.size(); i++) {
            Object a = ours.get(i);
            Object b = theirs.get(i);
            String at = where + " value " + (i + 1);
            if (vr.equals("SQ")) {
                compareDataSets(a, b, where + "[" + i + "].", report);
            } else if (vr.equals("PN")) {
                if (!personName(a).equals(personName(b))) {
                    report.add(at + ": " + a + " but pydicom has " + b);
                }
            } else if (!sameValue(a, b, vr)) {
                report.add(at + ": " + a + " but pydicom has " + b);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> personName(Object value) {
        Map<String, String> groups = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            for (String group : List.of("Alphabetic", "Ideographic", "Phonetic")) {
                Object text = ((Map<String, Object>) map).get(group);
                if (text != null && !text.toString().isEmpty()) {
                    groups.put(group, text.toString());
                }
            }
        }
        return groups;
    }

    private static boolean sameValue(Object a, Object b, String vr) {
        String x = a == null ? "" : a.toString().strip();
        String y = b == null ? "" : b.toString().strip();
        if (x.isEmpty() || y.isEmpty()) {
            return x.isEmpty() && y.isEmpty();
        }
        switch (vr) {
            case "FL":
                return Float.parseFloat(x) == Float.parseFloat(y);
            case "FD", "DS":
                return Double.parseDouble(x) == Double.parseDouble(y);
            case "IS", "US", "SS", "UL", "SL", "UV", "SV":
                return new BigDecimal(x).compareTo(new BigDecimal(y)) == 0;
            default:
                return x.equals(y);
        }
    }
}
