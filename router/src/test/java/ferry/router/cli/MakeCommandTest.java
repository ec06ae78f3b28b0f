package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Uids;
import ferry.core.tag.Vr;
import ferry.core.testing.DataSetDifference;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.core.testing.PydicomFiles;
import ferry.core.testing.ToolRun;
import ferry.router.cli.FerryCommandTest.Run;
import ferry.router.testing.FerryProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry make} as users run it: seed 004's walk-through, pipes from {@code ferry dump} and dcmdump, bad input,
 * DICOM JSON, transfer syntaxes; every file written is read back by Ferry, dcmtk and pydicom.
 */
class MakeCommandTest {
    /** The lines seed 004 appends to its step2.dump, as written there (with the LN typo). */
    static final List<String> SEED_LINES = List.of(
            "(0010,0010) PN [WORKSHOP01]",
            "(0010,0020) LN [WORKSHOP01]",
            "(0020,000D) UI [1.3.6.1.4.1.45037.5.2.1.987655444]",
            "(0020,000E) UI [1.3.6.1.4.1.45037.5.2.1.123456789]");

    @TempDir
    Path tmp;

    private static Run make(Object... args) {
        String[] all = new String[args.length + 1];
        all[0] = "make";
        for (int i = 0; i < args.length; i++) {
            all[i + 1] = args[i].toString();
        }
        return FerryCommandTest.runInProcess(all);
    }

    /** {@code ./ferry ARGS} run in {@code directory} through the launcher; stdout into {@code stdout} if not null. */
    private static Run ferry(Path directory, Path stdout, String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile(directory, "err", ".txt");
        Path out = stdout != null ? stdout : Files.createTempFile(directory, "out", ".txt");
        Process process = FerryProcess.builder(directory, args).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ferry %s finished", String.join(" ", args)).isTrue();
        Run run = new Run(process.exitValue(), stdout != null ? "" : Files.readString(out), Files.readString(err));
        Files.delete(err);
        if (stdout == null) {
            Files.delete(out);
        }
        return run;
    }

    private static DicomFile read(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY);
    }

    /** dcmdump's listing of a file, after checking that it read it without a warning or error. */
    private static String dcmdump(Path file) {
        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        ToolRun run = ToolRun.run(dcmdump.toString(), "+L", file.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.err().lines().filter(line -> line.startsWith("W:") || line.startsWith("E:")))
                .as("dcmdump's warnings and errors for %s", file).isEmpty();
        return run.out(StandardCharsets.ISO_8859_1);
    }

    /** What pydicom reads: one line {@code keyword=VR:value} per element of the top level, OW values as words. */
    private static String pydicom(Path file) {
        Path python = Pydicom.requirePython();
        ToolRun run = ToolRun.run(Duration.ofSeconds(60), List.of(python.toString(), "-c", """
                import struct, sys, pydicom
                ds = pydicom.dcmread(sys.argv[1])
                for e in ds:
                    vr = getattr(e.VR, 'value', e.VR)
                    value = e.value
                    if vr == "OW":  # as words, whatever the byte order of the file
                        value = struct.unpack(("<" if ds.is_little_endian else ">") + "H" * (len(value) // 2), value)
                    print(f"{e.keyword}={vr}:{value}")
                """, file.toString()));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.out(StandardCharsets.UTF_8);
    }

    /** dciodvfy's findings, when dicom3tools is installed (required with -Dpeers.required=true). */
    private static List<String> dciodvfy(Path file) {
        Path dciodvfy = Peers.requireExecutable("dciodvfy", "apt-get install dicom3tools");
        ToolRun run = ToolRun.run(dciodvfy.toString(), file.toString());
        return (run.out(StandardCharsets.UTF_8) + run.err()).lines().toList();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void seed004sFirstTwoStepsWorkWithFerryInPlaceOfDcmtk() throws Exception {
        Path dicom = Files.createDirectories(tmp.resolve("DICOM"));
        Files.createFile(dicom.resolve("empty.dump"));

        // dump2dcm empty.dump one.dcm
        Run one = ferry(dicom, null, "make", "empty.dump", "-o", "one.dcm");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.err()).contains("empty.dump: added (0008,0016) SOPClassUID 1.2.840.10008.5.1.4.1.1.7 "
                + "(Secondary Capture Image Storage)", "wrote one.dcm");
        DicomFile first = read(dicom.resolve("one.dcm"));
        assertThat(first.dataSet().getString(Tags.SOPClassUID)).isEqualTo(Uids.SecondaryCaptureImageStorage);
        assertThat(first.dataSet().getString(Tags.SOPInstanceUID)).startsWith("2.25.");
        assertThat(dcmdump(dicom.resolve("one.dcm"))).contains("(0008,0016) UI =SecondaryCaptureImageStorage",
                "(0008,0060) CS [OT]");

        // dcmdump one.dcm > step2.dump, then the seed's four lines appended
        Run dump = ferry(dicom, dicom.resolve("step2.dump"), "dump", "one.dcm");
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        Files.write(dicom.resolve("step2.dump"), SEED_LINES, StandardOpenOption.APPEND);

        // dump2dcm step2.dump two.dcm: the seed's LN is no VR; Ferry says so and writes nothing
        Run refused = ferry(dicom, null, "make", "step2.dump", "-o", "two.dcm");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains(
                "ferry make: step2.dump:17: 'LN' is not a VR (PS3.5 §6.2); (0010,0020) PatientID is LO: write LO\n",
                "ferry make: step2.dump: this breaks a rule of the standard: --lenient writes it anyway, with a "
                        + "warning\n",
                "ferry make: nothing written: 1 error\n");
        assertThat(dicom.resolve("two.dcm")).doesNotExist();

        // with --lenient, or with the typo put right, it is made
        Run lenient = ferry(dicom, null, "make", "--lenient", "step2.dump", "-o", "two.dcm");
        assertThat(lenient.exitCode()).as(lenient.err()).isZero();
        assertThat(lenient.err()).contains("step2.dump:17: warning: 'LN' is not a VR (PS3.5 §6.2); (0010,0020) "
                + "PatientID is LO: written as LO", "step2.dump:18: warning: (0020,000D) StudyInstanceUID was given on"
                + " line 14 already; this line's value is used");
        Files.writeString(dicom.resolve("fixed.dump"), Files.readString(dicom.resolve("step2.dump"))
                .replace("(0010,0020) LN", "(0010,0020) LO"));
        Run fixed = ferry(dicom, null, "make", "fixed.dump", "-o", "fixed.dcm");
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();

        for (Path two : List.of(dicom.resolve("two.dcm"), dicom.resolve("fixed.dcm"))) {
            DataSet ds = read(two).dataSet();
            assertThat(ds.getString(Tags.PatientName)).isEqualTo("WORKSHOP01");
            assertThat(ds.vr(Tags.PatientID)).isEqualTo(Vr.LO);
            assertThat(ds.getString(Tags.PatientID)).isEqualTo("WORKSHOP01");
            assertThat(ds.getString(Tags.StudyInstanceUID)).isEqualTo("1.3.6.1.4.1.45037.5.2.1.987655444");
            assertThat(ds.getString(Tags.SeriesInstanceUID)).isEqualTo("1.3.6.1.4.1.45037.5.2.1.123456789");
            assertThat(ds.getString(Tags.SOPInstanceUID)).isEqualTo(first.dataSet().getString(Tags.SOPInstanceUID));
            assertThat(dcmdump(two)).contains("(0010,0010) PN [WORKSHOP01]", "(0010,0020) LO [WORKSHOP01]",
                    "(0020,000d) UI [1.3.6.1.4.1.45037.5.2.1.987655444]",
                    "(0020,000e) UI [1.3.6.1.4.1.45037.5.2.1.123456789]");
            assertThat(pydicom(two)).contains("PatientName=PN:WORKSHOP01\n", "PatientID=LO:WORKSHOP01\n",
                    "StudyInstanceUID=UI:1.3.6.1.4.1.45037.5.2.1.987655444\n",
                    "SOPClassUID=UI:1.2.840.10008.5.1.4.1.1.7\n");
        }

        // dciodvfy recognises a Secondary Capture Image and finds nothing wrong in what the files hold; what it
        // misses are the modules a listing without an image does not give (pixels, dates: seed step 3 adds those)
        for (Path file : List.of(dicom.resolve("one.dcm"), dicom.resolve("two.dcm"))) {
            List<String> findings = dciodvfy(file);
            assertThat(findings).as("dciodvfy %s", file).contains("SCImage");
            assertThat(findings.stream().filter(line -> line.startsWith("Error")))
                    .as("dciodvfy's errors for %s", file)
                    .allMatch(line -> line.matches("Error - Missing attribute Type (1|2|1C|2C) (Required|Conditional) "
                            + "Element=<\\w+> Module=<\\w+>"))
                    .noneMatch(line -> line.contains("<SOPInstanceUID>") || line.contains("<StudyInstanceUID>")
                            || line.contains("<Modality>") || line.contains("<ConversionType>"));
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFileListedByFerryDumpOrDcmdumpIsMadeAgainThroughAPipe() throws Exception {
        Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        List<String> failures = new ArrayList<>();
        // implicit VR with sequences; Japanese in ISO 2022; bulk data over 64 KiB (and rules broken: --lenient);
        // JPEG fragments over 64 KiB
        for (String name : List.of("test_files/rtplan.dcm", "charset_files/chrH31.dcm", "test_files/waveform_ecg.dcm",
                "test_files/SC_rgb_jpeg_dcmd.dcm")) {
            Path original = Peers.requireFile(PydicomFiles.DATA.resolve(name), "apt-get install python3-pydicom");
            String lenient = PydicomFiles.BREAKING_RULES.containsKey(name) ? "--lenient " : "";
            // ferry dump without --width: into a pipe it writes whole values (issue #20's `ferry dump X | ferry make -`)
            for (String lister : List.of("\"$FERRY\" dump", "\"$FERRY\" dump --width 0", "dcmdump +L +Qn")) {
                Path made = tmp.resolve("made.dcm");
                Files.deleteIfExists(made);
                ProcessBuilder pipe = new ProcessBuilder("bash", "-c", "set -o pipefail; " + lister + " \"$IN\" | "
                        + "\"$FERRY\" make " + lenient + "- -o \"$OUT\"").directory(tmp.toFile())
                        .redirectErrorStream(true);
                pipe.environment().putAll(FerryProcess.builder(tmp).environment());
                pipe.environment().put("FERRY", FerryProcess.root().resolve("ferry").toString());
                pipe.environment().put("IN", original.toString());
                pipe.environment().put("OUT", made.toString());
                Process process = pipe.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                if (process.exitValue() != 0) {
                    failures.add(lister + " " + name + ": exit " + process.exitValue() + ": " + output);
                    continue;
                }
                String difference = DataSetDifference.first(read(original).dataSet(), read(made).dataSet(), true,
                        DataSetDifference.Values.DECODED_TEXT);
                if (difference != null) {
                    failures.add(lister + " " + name + ": " + difference);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void withoutOutputTheFileGoesToStandardOutput() throws Exception {
        Files.writeString(tmp.resolve("listing.txt"), "PatientID [P1]\n");

        Run run = ferry(tmp, tmp.resolve("out.dcm"), "make", "listing.txt");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(read(tmp.resolve("out.dcm")).dataSet().getString(Tags.PatientID)).isEqualTo("P1");
    }

    @Test
    void aListingWithErrorsGetsEveryProblemWithItsLineAndNoFileIsWrittenNorSpoilt() throws IOException {
        Path listing = Files.writeString(tmp.resolve("bad.txt"), """
                # a listing written by hand
                PatientNmae [Doe^John]
                (0010,0020) LO [ID-1]
                (0008,0020) DA [2026-01-01]
                (0028,0010) US 70000
                (0008,0016) UI =SecondaryCaptureImageStorag
                """);
        Path out = Files.writeString(tmp.resolve("out.dcm"), "there before");

        Run run = make(listing, "-o", out);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(String.join("\n",
                "ferry make: " + listing + ":2: unknown keyword 'PatientNmae' (did you mean PatientName?); write a "
                        + "tag such as (0029,1010) for elements without a keyword",
                "ferry make: " + listing + ":4: (0008,0020) StudyDate: '2026-01-01' is not a date: DA is YYYYMMDD "
                        + "(PS3.5 §6.2)",
                "ferry make: " + listing + ":5: (0028,0010) Rows: '70000' is not an integer from 0 to 65535 for US",
                "ferry make: " + listing + ":6: (0008,0016) SOPClassUID: unknown UID name "
                        + "'SecondaryCaptureImageStorag' (did you mean =SecondaryCaptureImageStorage?); write the UID "
                        + "itself between [ and ]",
                "ferry make: " + listing + ": 1 of these break rules of the standard, which --lenient lets through "
                        + "with a warning; the others are errors",
                "ferry make: nothing written: 4 errors", ""));
        assertThat(Files.readString(out)).isEqualTo("there before");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bad.txt", "out.dcm");
        }
    }

    @Test
    void aDicomFileGivenForAListingOrAFolderForTheOutputIsNamedAsSuch() throws IOException {
        Path listing = Files.writeString(tmp.resolve("listing.txt"), "PatientID [P1]\n");
        Path dicom = tmp.resolve("object.dcm");
        assertThat(make(listing, "-o", dicom).exitCode()).isZero();

        Run notText = make(dicom, "-o", tmp.resolve("again.dcm"));
        Run folder = make(listing, "-o", Files.createDirectories(tmp.resolve("folder")));

        assertThat(notText.exitCode()).isEqualTo(1);
        assertThat(notText.err()).startsWith("ferry make: " + dicom + ": this is a DICOM file, not a text listing: "
                + "list it with ferry dump --width 0 first\n");
        assertThat(folder.exitCode()).isEqualTo(1);
        assertThat(folder.err()).endsWith("ferry make: cannot write " + tmp.resolve("folder") + ": "
                + tmp.resolve("folder") + " is a folder\n");
        assertThat(tmp.resolve("folder")).isEmptyDirectory();
    }

    @Test
    void usageErrorsExitWithTwoAndAnUnreadableInputWithOne() {
        Run both = make(tmp.resolve("a.txt"), "--json", tmp.resolve("a.json"));
        Run syntax = make("--ts", "little", tmp.resolve("a.txt"));
        Run missing = make(tmp.resolve("missing.txt"), "-o", tmp.resolve("x.dcm"));

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("ferry make: give a text listing or --json FILE, not both\n");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err()).isEqualTo("ferry make: --ts: 'little' is no transfer syntax: give explicit, implicit,"
                + " big, deflated, or a transfer syntax UID\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("ferry make: cannot read " + tmp.resolve("missing.txt")
                + ": no such file\n");
    }

    @Test
    void writesEachUncompressedTransferSyntaxThatDcmtkReadsWithTheSameValues() throws IOException {
        Path listing = Files.writeString(tmp.resolve("listing.txt"), """
                (0008,0005) CS [ISO_IR 100]
                (0010,0010) PN [Müller^Jürgen]
                (0010,0020) LO [P-1]
                (0028,0010) US 2
                (0028,0011) US 2
                (0028,0100) US 16
                (7FE0,0010) OW 0001\\0203\\0405\\0607
                (0008,1140) SQ
                  (0008,1150) UI =CTImageStorage
                  (0008,1155) UI [1.2.3]
                """);
        DataSet expected = null;
        for (String ts : List.of("explicit", "implicit", "big", "deflated")) {
            Path out = tmp.resolve(ts + ".dcm");

            Run run = make("--ts", ts, "--no-fill", listing, "-o", out);

            assertThat(run.exitCode()).as(run.err()).isZero();
            DicomFile file = read(out);
            assertThat(file.transferSyntax()).isEqualTo(switch (ts) {
                case "implicit" -> TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
                case "big" -> TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
                case "deflated" -> TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
                default -> TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            });
            if (expected == null) {
                expected = file.dataSet();
            } else {
                assertThat(DataSetDifference.first(expected, file.dataSet(), true)).as(ts).isNull();
            }
            assertThat(dcmdump(out)).contains("(0010,0010) PN [M\u00fcller^J\u00fcrgen]", "(0010,0020) LO [P-1]",
                    "(7fe0,0010) OW 0001\\0203\\0405\\0607", "(0008,1150) UI =CTImageStorage");
            assertThat(pydicom(out)).contains("PatientName=PN:Müller^Jürgen\n", "PixelData=OW:(1, 515, 1029, 1543)\n");
        }
    }

    @Test
    void makesAFileOfDicomJsonWithNumbersPersonNamesAndBulkDataBesideTheJson() throws IOException {
        Files.write(tmp.resolve("pixels.raw"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path json = Files.writeString(tmp.resolve("object.json"), """
                {
                  "00080016": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.4"]},
                  "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎"}]},
                  "00200013": {"vr": "IS", "Value": [7]},
                  "00280030": {"vr": "DS", "Value": [0.5, 0.25]},
                  "00280010": {"vr": "US", "Value": [2]},
                  "00091001": {"vr": "OB", "InlineBinary": "AAEC"},
                  "00090010": {"vr": "LO", "Value": ["ACME"]},
                  "7FE00010": {"vr": "OW", "BulkDataURI": "pixels.raw"},
                  "00660016": {"vr": "OF", "BulkDataURI": "file:pixels.raw?offset=0&length=4"}
                }
                """);
        Path out = tmp.resolve("object.dcm");

        Run run = make("--json", json, "-o", out);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("added (0008,0018) SOPInstanceUID 2.25.", "added (0020,000D) StudyInstanceUID");
        DataSet ds = read(out).dataSet();
        assertThat(ds.getString(Tags.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(ds.getText(Tags.PatientName)).isEqualTo("Yamada^Tarou=山田^太郎");
        assertThat(ds.getInt(Tags.InstanceNumber)).isEqualTo(7);
        assertThat(ds.getDoubles(Tags.PixelSpacing)).containsExactly(0.5, 0.25);
        assertThat(ds.getBytes(0x00091001)).containsExactly(0, 1, 2, 0); // padded to even length (PS3.5 §7.1.1)
        assertThat(ds.getBytes(Tags.PixelData)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(ds.getBytes(Tags.PointCoordinatesData)).containsExactly(1, 2, 3, 4);
        assertThat(dcmdump(out)).contains("(0020,0013) IS [7]", "(7fe0,0010) OW 0201\\0403\\0605\\0807");
        assertThat(pydicom(out)).contains("PatientName=PN:Yamada^Tarou=山田^太郎\n",
                "SOPClassUID=UI:1.2.840.10008.5.1.4.1.1.4\n");
    }

    @Test
    void jsonWithValuesThatBreakTheRulesIsRefusedWithThePathOrWrittenWhenLenient() throws IOException {
        Path json = Files.writeString(tmp.resolve("bad.json"), """
                {"00081140": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["1.2.03"]}}]},
                 "00080020": {"vr": "DA", "Value": ["2026-01-01"]}}
                """);
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"00080020\": {\"vr\": \"ZZ\"}}");

        Run strict = make("--json", json, "-o", tmp.resolve("a.dcm"));
        Run lenient = make("--json", json, "--lenient", "-o", tmp.resolve("b.dcm"));
        Run syntax = make("--json", broken, "-o", tmp.resolve("c.dcm"));

        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err()).contains(
                json + ": (0008,0020) StudyDate: '2026-01-01' is not a date: DA is YYYYMMDD (PS3.5 §6.2)\n",
                json + ": (0008,1140)[1].(0008,1155) ReferencedSOPInstanceUID: '1.2.03' is not a UID: its component "
                        + "'03' starts with a zero (PS3.5 §9.1)\n",
                "nothing written: 2 errors");
        assertThat(tmp.resolve("a.dcm")).doesNotExist();
        assertThat(lenient.exitCode()).as(lenient.err()).isZero();
        assertThat(read(tmp.resolve("b.dcm")).dataSet().getString(Tags.StudyDate)).isEqualTo("2026-01-01");
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err()).contains(broken + ": DICOM JSON (0008,0020) StudyDate at line 1, column 14: "
                + "unknown VR 'ZZ'");
    }

    @Test
    void noFillWritesTheDataSetExactlyAsListed() throws IOException {
        Path listing = Files.writeString(tmp.resolve("listing.txt"), "(0010,0020) LO [P1]\n");

        Run run = make("--no-fill", listing, "-o", tmp.resolve("out.dcm"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("added");
        DicomFile file = read(tmp.resolve("out.dcm"));
        assertThat(file.dataSet().size()).isEqualTo(1);
        assertThat(file.fileMeta().contains(Tags.MediaStorageSOPInstanceUID)).isFalse();
    }
}
