package ferry.router.deid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.core.testing.ToolRun;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import ferry.router.edit.EditedCopy;
import ferry.router.edit.TagEdit;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * De-identifies Debian's pydicom test files through {@link EditedCopy} and reads the results with pydicom and dcmdump,
 * two readers that are not Ferry's.
 */
class DeidentifyPeersTest {
    private static final Path TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final Map<String, String> ENVIRONMENT = Map.of("FERRY_DEID_SECRET", DeidentifierTest.SECRET,
            "OTHER_SECRET", "a different project");
    /** Elements Ferry writes itself after applying the profile. */
    private static final Set<String> WRITTEN = Set.of("00100010", "00100020", "00120062", "00120063", "00120064",
            "00280303");
    private static final String DUMP = String.join("\n",
            "import json, sys, warnings",
            "warnings.simplefilter('ignore')",
            "import pydicom",
            "from pydicom.multival import MultiValue",
            "BULK = {'OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN'}",
            "def text(element):",
            "    v = element.value",
            "    if element.VR in BULK or isinstance(v, bytes) or element.tag == 0x7FE00010:",
            "        return None",
            "    if v is None:",
            "        return ''",
            "    if isinstance(v, MultiValue):",
            "        return '\\\\'.join(str(x) for x in v)",
            "    return str(v)",
            "def walk(ds, prefix, out):",
            "    for element in ds:",
            "        tag = '%08X' % int(element.tag)",
            "        path = prefix + tag",
            "        if element.VR == 'SQ':",
            "            out.append({'path': path, 'tag': tag, 'vr': 'SQ', 'value': None})",
            "            for i, item in enumerate(element.value or []):",
            "                walk(item, path + '/' + str(i) + '/', out)",
            "        else:",
            "            out.append({'path': path, 'tag': tag, 'vr': element.VR, 'value': text(element)})",
            "out = []",
            "walk(pydicom.dcmread(sys.argv[1], force=True), '', out)",
            "print(json.dumps(out))");

    @TempDir
    Path tmp;

    private static List<TagEdit> deidentify(String yaml) throws Exception {
        ConfigNode.MapNode root = (ConfigNode.MapNode) YamlSource.read(new StringReader("modify:\n" + yaml), "test");
        ConfigProblems problems = new ConfigProblems();
        List<TagEdit> edits = TagEdit.parse(root.get("modify").orElseThrow(), Path.of("."), problems);
        assertThat(problems.all()).isEmpty();
        return TagEdit.forRunning(edits, ENVIRONMENT::get);
    }

    private static List<TagEdit> basicProfile() throws Exception {
        return deidentify("  - deidentify: {secret-variable: FERRY_DEID_SECRET}\n");
    }

    /** Every element of {@code file}, recursively, as pydicom reads it: path to element. */
    private static Map<String, JsonNode> pydicom(Path file) throws Exception {
        Path python = Pydicom.requirePython();
        ToolRun run = ToolRun.run(Duration.ofSeconds(60), List.of(python.toString(), "-c", DUMP, file.toString()));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Map<String, JsonNode> elements = new HashMap<>();
        for (JsonNode element : new ObjectMapper().readTree(run.out(StandardCharsets.UTF_8))) {
            elements.put(element.get("path").asText(), element);
        }
        return elements;
    }

    private static ProfileAction basicAction(String tag) {
        int value = (int) Long.parseLong(tag, 16);
        if ((value >>> 16 & 1) == 1) {
            return ProfileAction.X;
        }
        ProfileRow row = ProfileTable.standard().row(value);
        return row == null ? null : row.basic().resolved();
    }

    private static boolean isPrivate(String tag) {
        return (Integer.parseInt(tag.substring(0, 4), 16) & 1) == 1;
    }

    private static boolean dateOrTime(JsonNode element) {
        String vr = element.get("vr").asText();
        return vr.equals("DA") || vr.equals("DT") || vr.equals("TM");
    }

    /** Whether every sequence above {@code path} is kept as it is by the basic profile (K or not in the table). */
    private static boolean underKeptSequences(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i += 2) {
            ProfileAction action = basicAction(parts[i]);
            if (action != null && action != ProfileAction.K) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtdose.dcm", "test-SR.dcm",
            "waveform_ecg.dcm", "reportsi.dcm", "JPEG2000.dcm", "nested_priv_SQ.dcm"})
    void nothingTheProfileRemovesOrReplacesRemainsAndEverythingElseIsKept(String name) throws Exception {
        Path source = Peers.requireFile(TEST_FILES.resolve(name), "apt-get install python3-pydicom");
        Path target = tmp.resolve("deid-" + name);
        EditedCopy.write(source, basicProfile(), target);

        Map<String, JsonNode> before = pydicom(source);
        Map<String, JsonNode> after = pydicom(target);
        Set<String> valuesAfter = new HashSet<>();
        after.values().forEach(element -> {
            if (!element.get("value").isNull()) {
                valuesAfter.add(element.get("value").asText());
            }
        });
        List<String> leaks = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (JsonNode element : before.values()) {
            String path = element.get("path").asText();
            String tag = element.get("tag").asText();
            JsonNode value = element.get("value");
            if (value.isNull() || value.asText().isEmpty() || WRITTEN.contains(tag)) {
                continue;
            }
            ProfileAction action = basicAction(tag);
            boolean replaced = action == ProfileAction.D || action == ProfileAction.Z || action == ProfileAction.X
                    || action == ProfileAction.U || (action == null && dateOrTime(element));
            JsonNode now = after.get(path);
            if (replaced) {
                if (now != null && value.asText().equals(now.get("value").asText())) {
                    leaks.add(path + " kept '" + value.asText() + "'");
                }
                boolean distinctive = value.asText().length() >= 6 && !value.asText().matches("[-+0-9.eE\\\\ ]*");
                if (distinctive && !isPrivate(tag) && valuesAfter.contains(value.asText())) {
                    leaks.add(path + ": '" + value.asText() + "' is still somewhere in the copy");
                }
            } else if (action == null && !tag.endsWith("0000") && underKeptSequences(path)) {
                if (now == null || !value.asText().equals(now.get("value").asText())) {
                    changed.add(path + " '" + value.asText() + "' became " + (now == null ? "absent" : "'"
                            + now.get("value").asText() + "'"));
                }
            }
        }
        assertThat(leaks).as(name).isEmpty();
        assertThat(after.keySet()).as(name + ": private elements").noneMatch(path -> isPrivate(
                path.substring(path.lastIndexOf('/') + 1)));
        assertThat(changed).as(name + ": elements outside the table").isEmpty();

        byte[] bytes = Files.readAllBytes(target);
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String tag : List.of("00100010", "00100020")) {
            JsonNode original = before.get(tag);
            if (original != null && original.get("value").asText().length() >= 3) {
                assertThat(raw).as(name + " bytes").doesNotContain(original.get("value").asText());
            }
        }
        assertThat(after.get("00120062").get("value").asText()).isEqualTo("YES");
        assertThat(after.get("00120064/0/00080100").get("value").asText()).isEqualTo("113100");
        assertThat(after.get("00120064/0/00080102").get("value").asText()).isEqualTo("DCM");
        for (JsonNode element : after.values()) {
            if (basicAction(element.get("tag").asText()) == ProfileAction.U && !element.get("value").isNull()
                    && !element.get("value").asText().isEmpty()) {
                for (String uid : element.get("value").asText().split("\\\\")) {
                    assertThat(uid).as(element.get("path").asText()).hasSizeLessThanOrEqualTo(64)
                            .matches("2\\.25\\.(0|[1-9][0-9]*)");
                }
            }
        }

        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        ToolRun run = ToolRun.run(dcmdump.toString(), "+L", "-q", target.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        String dump = run.out(StandardCharsets.ISO_8859_1);
        assertThat(dump).contains("(0012,0062) CS [YES]", "(0008,0100) SH [113100]");
        if (after.containsKey("00080018")) {
            assertThat(dump).as("the file meta follows the new SOP Instance UID")
                    .contains("(0002,0003) UI [" + after.get("00080018").get("value").asText() + "]");
        }
        assertThat(run.err()).as(run.describe()).isBlank();
    }

    @Test
    void twoObjectsOfASeriesGetTheSameNewSeriesAndStudyUidsInEveryRunWithTheSecret() throws Exception {
        Path first = Peers.requireFile(TEST_FILES.resolve("MR_small.dcm"), "apt-get install python3-pydicom");
        DicomFile file = DicomReader.read(first, ReadOptions.IN_MEMORY);
        DataSet second = file.dataSet();
        second.setString(Tags.SOPInstanceUID, Vr.UI, second.getString(Tags.SOPInstanceUID) + ".2");
        Path secondFile = tmp.resolve("second.dcm");
        DicomWriter.writeFile(secondFile, new DataSet(), second, file.transferSyntax());

        EditedCopy.write(first, basicProfile(), tmp.resolve("a1.dcm"));
        EditedCopy.write(secondFile, basicProfile(), tmp.resolve("b1.dcm"));
        EditedCopy.write(first, basicProfile(), tmp.resolve("a2.dcm"));
        EditedCopy.write(first, deidentify("  - deidentify: {secret-variable: OTHER_SECRET}\n"),
                tmp.resolve("other.dcm"));

        Map<String, JsonNode> a = pydicom(tmp.resolve("a1.dcm"));
        Map<String, JsonNode> b = pydicom(tmp.resolve("b1.dcm"));
        Map<String, JsonNode> other = pydicom(tmp.resolve("other.dcm"));
        for (String uid : List.of("0020000D", "0020000E", "00200052")) {
            assertThat(b.get(uid).get("value").asText()).as(uid).isEqualTo(a.get(uid).get("value").asText())
                    .startsWith("2.25.");
            assertThat(other.get(uid).get("value").asText()).as(uid).isNotEqualTo(a.get(uid).get("value").asText());
        }
        assertThat(b.get("00080018").get("value").asText()).isNotEqualTo(a.get("00080018").get("value").asText());
        assertThat(b.get("00100020").get("value").asText()).isEqualTo(a.get("00100020").get("value").asText());
        assertThat(Files.mismatch(tmp.resolve("a1.dcm"), tmp.resolve("a2.dcm"))).as("a second run, new objects")
                .isEqualTo(-1);
    }

    @Test
    void optionsKeepWhatTheySayInARealFile() throws Exception {
        Path source = Peers.requireFile(TEST_FILES.resolve("CT_small.dcm"), "apt-get install python3-pydicom");
        EditedCopy.write(source, deidentify("  - deidentify:\n      secret-variable: FERRY_DEID_SECRET\n"
                + "      options: [retain-uids, retain-device-identity, retain-longitudinal-full-dates,"
                + " retain-institution-identity, retain-patient-characteristics]\n"), tmp.resolve("kept.dcm"));
        Map<String, JsonNode> before = pydicom(source);
        Map<String, JsonNode> after = pydicom(tmp.resolve("kept.dcm"));
        for (String tag : List.of("00080018", "0020000D", "0020000E", "00080020", "00080080", "00101010",
                "00100040")) {
            if (before.containsKey(tag)) {
                assertThat(after.get(tag).get("value").asText()).as(tag).isEqualTo(
                        before.get(tag).get("value").asText());
            }
        }
        assertThat(after.get("00120064/1/00080100").get("value").asText()).isEqualTo("113110");
        assertThat(after.get("00280303").get("value").asText()).isEqualTo("UNMODIFIED");
        assertThat(after.get("00100030").get("value").asText()).as("Patient's Birth Date has no option").isEmpty();
    }
}
