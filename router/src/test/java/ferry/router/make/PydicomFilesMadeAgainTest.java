package ferry.router.make;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.testing.DataSetDifference;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.core.testing.PydicomFiles;
import ferry.core.testing.ToolRun;
import ferry.router.cli.FerryCommand;
import ferry.core.json.DicomJsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pydicom test file Ferry reads, listed by {@code ferry dump --width 0} or printed by {@code ferry dump
 * --json}, is made into a file again by {@code ferry make}; the file has X's data set by Ferry's reader (element by
 * element: tags, VRs, values, items, sequence lengths), by pydicom (element by element, its own decoding), and dcmtk's
 * dcmdump reads it without a warning X did not give. The files pydicom's data breaks rules in are made with
 * {@code --lenient} ({@link PydicomFiles#BREAKING_RULES}); with the basics filled in, what differs is exactly what
 * make says it added.
 */
class PydicomFilesMadeAgainTest {
    @TempDir
    static Path tmp;

    /**
     * What pydicom (and, for the first two, DICOM JSON) reads otherwise in a made file, and why; nothing is lost
     * from the data set.
     */
    static final Map<String, String> PYDICOM_DIFFERS = Map.of(
            "test_files/nested_priv_SQ.dcm", "its odd-length value 'Nested SQ' is written padded to even length "
                    + "(PS3.5 §7.1.1), as every file Ferry writes",
            "test_files/meta_missing_tsyntax.dcm", "the same data set as nested_priv_SQ.dcm, the same odd value",
            "test_files/SC_rgb_jpeg.dcm", "it declares JPEG Baseline but is encoded in Implicit VR; pydicom takes its"
                    + " Pixel Data for OB, Ferry for OW, as the dictionary's first VR; made again it is explicit");

    /** The files Ferry reads, each with its dump listing and JSON as ferry dump prints them. */
    private static final Map<Path, String[]> DUMPS = new LinkedHashMap<>();

    @BeforeAll
    static void dumpEveryFile() {
        for (Path file : PydicomFiles.all()) {
            String[] listing = ferry("dump", "--width", "0", file.toString());
            if (listing == null) {
                continue; // Ferry refuses some files on purpose (DcmdumpCrossCheckTest)
            }
            String[] json = ferry("dump", "--json", "--no-warnings", file.toString());
            assertThat(json).as("ferry dump --json %s", file).isNotNull();
            DUMPS.put(file, new String[] {listing[0], json[0]});
        }
        assertThat(DUMPS).as("files Ferry reads").hasSizeGreaterThan(150);
    }

    /** Runs ferry in this JVM: its stdout and stderr, or null when it fails. */
    private static String[] ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = FerryCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return exitCode == 0 ? new String[] {out.toString(), err.toString()} : null;
    }

    /** Makes every file again, with {@code how}, into {@code folder}; returns the pairs (original, made). */
    private static Map<Path, Path> makeAll(String folder, boolean json) throws IOException {
        Path out = Files.createDirectories(tmp.resolve(folder));
        Map<Path, Path> made = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (Map.Entry<Path, String[]> entry : DUMPS.entrySet()) {
            Path file = entry.getKey();
            String name = PydicomFiles.name(file);
            byte[] input = entry.getValue()[json ? 1 : 0].getBytes(StandardCharsets.UTF_8);
            Made result = make(input, json, file, false);
            if (result.object() == null) {
                refused.add(name);
                result = make(input, json, file, true);
            }
            if (result.object() == null) {
                failures.add(name + ": " + result.messages());
                continue;
            }
            Path target = out.resolve(n++ + ".dcm");
            result.object().write(target);
            made.put(file, target);
        }
        assertThat(failures).as("files not made again").isEmpty();
        assertThat(refused).as("files refused unless --lenient").containsExactlyInAnyOrderElementsOf(
                PydicomFiles.BREAKING_RULES.keySet());
        return made;
    }

    private static Made make(byte[] input, boolean json, Path original, boolean lenient) throws IOException {
        // JSON holds no transfer syntax: compressed pixel data is written in the original's
        TransferSyntax syntax = json ? DicomReader.read(original, ReadOptions.DEFAULT.stoppingBefore(0))
                .transferSyntax() : null;
        MakeOptions options = new MakeOptions(lenient, false, syntax != null && syntax.encapsulated() ? syntax : null,
                UidSource.random());
        return json ? JsonObjects.make(new ByteArrayInputStream(input), "json", tmp, options)
                : TextObjects.make(input, "listing", tmp, options);
    }

    @Test
    void everyFileListedByFerryDumpIsMadeAgainWithTheSameDataSet() throws IOException {
        Map<Path, Path> made = makeAll("text", false);

        assertSameByFerry(made);
        assertSameByPydicom(made);
        assertReadByDcmdumpWithoutNewWarnings(made);
    }

    @Test
    void everyFilePrintedAsJsonByFerryDumpIsMadeAgainWithTheSameDataSet() throws IOException {
        Map<Path, Path> made = makeAll("json", true);

        List<String> failures = new ArrayList<>();
        for (Map.Entry<Path, Path> pair : made.entrySet()) {
            String original = json(pair.getKey());
            String again = json(pair.getValue());
            if (!original.equals(again)) {
                int at = 0;
                while (at < Math.min(original.length(), again.length()) && original.charAt(at) == again.charAt(at)) {
                    at++;
                }
                failures.add(PydicomFiles.name(pair.getKey()) + ": its JSON differs at "
                        + original.substring(Math.max(0, at - 60), Math.min(original.length(), at + 40)));
            }
        }
        assertThat(failures).as("files whose DICOM JSON differs when made again").allMatch(failure ->
                failure.startsWith("test_files/nested_priv_SQ.dcm: ")
                        || failure.startsWith("test_files/meta_missing_tsyntax.dcm: "));
        assertSameByPydicom(made);
    }

    /** The data set of a file as DICOM JSON, every value inline. */
    private static String json(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomJsonWriter.DEFAULT.write(DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void filledInBasicsAreTheOnlyDifferenceAndMakeNamesEachOne() throws IOException {
        List<String> failures = new ArrayList<>();
        Set<String> filled = new TreeSet<>();
        for (Map.Entry<Path, String[]> entry : DUMPS.entrySet()) {
            String name = PydicomFiles.name(entry.getKey());
            MakeOptions options = new MakeOptions(true, true, null, UidSource.seeded(1));
            Made made = TextObjects.make(entry.getValue()[0].getBytes(StandardCharsets.UTF_8), "listing", tmp,
                    options);
            DataSet original = DicomReader.read(entry.getKey(), ReadOptions.IN_MEMORY).dataSet();
            DataSet result = made.object().dataSet();
            for (String message : made.messages()) {
                if (message.startsWith("listing: added (")) {
                    int tag = Tag.parse(message.substring("listing: added ".length(), "listing: added ".length()
                            + 11));
                    if (original.getString(tag) != null) {
                        failures.add(name + ": " + message + ", but it was there");
                    }
                    original.put(result.get(tag));
                    filled.add(name);
                }
            }
            String difference = DataSetDifference.first(original, result, false,
                    DataSetDifference.Values.DECODED_TEXT);
            if (difference != null) {
                failures.add(name + ": " + difference);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(filled).as("files missing a basic").contains("test_files/priv_SQ.dcm",
                "test_files/nested_priv_SQ.dcm").doesNotContain("test_files/CT_small.dcm",
                "test_files/dicomdirtests/DICOMDIR");
    }

    /** Ferry reads each made file back as the original's data set, in the original's transfer syntax. */
    private static void assertSameByFerry(Map<Path, Path> made) throws IOException {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Path, Path> pair : made.entrySet()) {
            DicomFile original = DicomReader.read(pair.getKey(), ReadOptions.IN_MEMORY);
            DicomFile again = DicomReader.read(pair.getValue(), ReadOptions.IN_MEMORY);
            String name = PydicomFiles.name(pair.getKey());
            String difference = DataSetDifference.first(original.dataSet(), again.dataSet(), true,
                    DataSetDifference.Values.DECODED_TEXT);
            if (difference != null) {
                failures.add(name + ": " + difference);
            }
            // a file without (0002,0010) is made in Explicit VR Little Endian; SC_rgb_jpeg.dcm declares JPEG Baseline
            // but is encoded in Implicit VR: made again, it is what it declares
            if (original.fileMeta().contains(Tag.TRANSFER_SYNTAX_UID) && !name.equals("test_files/SC_rgb_jpeg.dcm")
                    && !again.transferSyntax().equals(original.transferSyntax())) {
                failures.add(name + ": written in " + again.transferSyntax().uid());
            }
        }
        assertThat(failures).as("files Ferry reads back otherwise").isEmpty();
    }

    /** pydicom reads each made file as the original, element by element, values as pydicom decodes them. */
    private static void assertSameByPydicom(Map<Path, Path> made) throws IOException {
        Path python = Pydicom.requirePython();
        Path script = Files.writeString(tmp.resolve("compare.py"), COMPARE);
        Path pairs = Files.write(tmp.resolve("pairs-" + System.nanoTime() + ".tsv"), made.entrySet().stream()
                .map(e -> e.getKey() + "\t" + e.getValue()).toList());

        ToolRun run = ToolRun.run(Duration.ofMinutes(5), List.of(python.toString(), script.toString(),
                pairs.toString()));

        String out = run.out(StandardCharsets.UTF_8);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<String> differing = out.lines().filter(line -> !line.startsWith("compared "))
                .map(line -> PydicomFiles.name(Path.of(line.substring(0, line.indexOf(": "))))).toList();
        assertThat(differing).as("files pydicom reads otherwise:%n%s", out)
                .isSubsetOf(PYDICOM_DIFFERS.keySet());
        assertThat(out).containsPattern("compared (1[5-9][0-9]) ");
    }

    /** dcmdump reads every made file without a warning or error it did not give for the original. */
    private static void assertReadByDcmdumpWithoutNewWarnings(Map<Path, Path> made) {
        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Path, Path> pair : made.entrySet()) {
            ToolRun again = ToolRun.run(Duration.ofSeconds(60), List.of(dcmdump.toString(), pair.getValue()
                    .toString()));
            Set<String> warnings = problems(again);
            if (again.exitCode() != 0 || !warnings.isEmpty()) {
                ToolRun original = ToolRun.run(Duration.ofSeconds(60), List.of(dcmdump.toString(), pair.getKey()
                        .toString()));
                warnings.removeAll(problems(original));
                // dcmdump cannot read SC_rgb_jpeg.dcm itself; made again, its encapsulated Pixel Data is OW, as read
                if ((again.exitCode() != 0 && original.exitCode() == 0 || !warnings.isEmpty())
                        && !PydicomFiles.name(pair.getKey()).equals("test_files/SC_rgb_jpeg.dcm")) {
                    failures.add(PydicomFiles.name(pair.getKey()) + ": " + again.describe());
                }
            }
        }
        assertThat(failures).as("made files dcmdump warns of").isEmpty();
    }

    private static Set<String> problems(ToolRun run) {
        return run.err().lines().filter(line -> line.startsWith("W: ") || line.startsWith("E: "))
                .map(line -> line.replaceAll("/[^ ]*", "")) // file names
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Reads each pair of files with pydicom and prints the first difference: tags (group lengths aside: writers
     * recompute them, DICOM JSON has none), VRs (an ambiguous dictionary VR such as "US or SS" of an implicit VR file
     * allows either), values as pydicom decodes them (text values whose spaces around them differ are the same, as
     * PS3.5 §6.2 says; words of byte-swapped files are compared in one byte order), items.
     */
    private static final String COMPARE = """
            import sys
            import pydicom

            UNITS = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}

            def swapped(data, unit):
                return b"".join(data[i:i + unit][::-1] for i in range(0, len(data), unit))

            def stripped(value):
                if isinstance(value, str):
                    return value.strip()
                if isinstance(value, (list, pydicom.multival.MultiValue)):
                    return [stripped(v) for v in value]
                return value

            def first(a, b, path):
                tags_a = [e.tag for e in a if e.tag.element != 0]
                tags_b = [e.tag for e in b if e.tag.element != 0]
                if tags_a != tags_b:
                    return f"{path}tags differ: {sorted(set(tags_a) ^ set(tags_b))}"
                for tag in tags_a:
                    ea, eb = a[tag], b[tag]
                    if ea.VR != eb.VR and eb.VR not in str(ea.VR).split(" or ") \\
                            and ea.VR not in str(eb.VR).split(" or "):
                        return f"{path}{tag}: VR {ea.VR} vs {eb.VR}"
                    if ea.VR == "SQ":
                        if len(ea.value) != len(eb.value):
                            return f"{path}{tag}: {len(ea.value)} vs {len(eb.value)} items"
                        for i, (x, y) in enumerate(zip(ea.value, eb.value)):
                            inner = first(x, y, f"{path}{tag}[{i}].")
                            if inner:
                                return inner
                        continue
                    va, vb = ea.value, eb.value
                    if eb.VR in UNITS and isinstance(va, bytes) and a_little != b_little:
                        va = swapped(va, UNITS[eb.VR])
                    if va != vb and stripped(va) != stripped(vb):
                        return f"{path}{tag} {ea.VR}: {str(va)[:80]!r} vs {str(vb)[:80]!r}"
                return None

            compared = 0
            unreadable = 0
            for line in open(sys.argv[1], encoding="utf-8"):
                original, made = line.rstrip("\\n").split("\\t")
                try:
                    a = pydicom.dcmread(original, force=True)
                    a.decode()
                except Exception:
                    unreadable += 1
                    continue
                b = pydicom.dcmread(made)
                b.decode()
                a_little, b_little = a.is_little_endian, b.is_little_endian
                difference = first(a, b, "")
                if difference:
                    print(f"{original}: {difference}")
                compared += 1
            print(f"compared {compared} (pydicom could not read {unreadable} of the originals)")
            """;
}
