package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.json.DicomJsonReader;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Peers;
import ferry.router.cli.FerryCommandTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class DumpCommandTest {
    static final Path PYDICOM_TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    Path tmp;

    /** A small MR image: a few header elements and 4×4 16-bit pixels. */
    static DataSet image() {
        DataSet ds = new DataSet();
        ds.setString(Tags.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.9.7433.2.1");
        ds.setString(Tags.PatientName, Vr.PN, "Müller^Jürgen");
        ds.setString(Tags.PatientID, Vr.LO, "FERRY-7");
        ds.setInts(Tags.Rows, Vr.US, 4);
        ds.setInts(Tags.Columns, Vr.US, 4);
        ds.setInts(Tags.BitsAllocated, Vr.US, 16);
        ds.setBytes(Tags.PixelData, Vr.OW, new byte[32]);
        return ds;
    }

    Path write(String name, DataSet ds) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return file;
    }

    static Run dump(Object... args) {
        String[] all = new String[args.length + 1];
        all[0] = "dump";
        for (int i = 0; i < args.length; i++) {
            all[i + 1] = args[i].toString();
        }
        return FerryCommandTest.runInProcess(all);
    }

    @Test
    void dumpsTheGoodFilesOfADirectoryAndNamesTheTruncatedOneWithOffsetAndElementOnStderr() throws IOException {
        Path good = write("study/a-good.dcm", image());
        byte[] whole = Files.readAllBytes(good);
        Path truncated = tmp.resolve("study/b-truncated.dcm");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 10)); // cut in the middle of Pixel Data

        Run run = dump(tmp.resolve("study"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .startsWith("# FILE: " + good + "\n# File meta information\n")
                .contains("# Data set (Explicit VR Little Endian)\n")
                .containsPattern("(?m)^\\(0010,0010\\) PN \\[Müller\\^Jürgen\\] +# 16, 1 PatientName$")
                .contains("(7FE0,0010) OW ")
                .doesNotContain("b-truncated");
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ferry dump: " + truncated + ": at offset ")
                .matches(".*: at offset \\d+ in \\(7FE0,0010\\) PixelData: .*runs past the end.*");
    }

    @Test
    void headerOnlyStopsBeforePixelData() throws IOException {
        Path file = write("image.dcm", image());

        Run full = dump(file);
        Run header = dump("--header-only", file);

        assertThat(full.exitCode()).isZero();
        assertThat(full.out()).containsPattern("(?m)^\\(7FE0,0010\\) OW 0000\\\\0000");
        assertThat(header.exitCode()).isZero();
        assertThat(header.out())
                .contains("(0028,0100) US 16")
                .doesNotContainPattern("(?m)^\\(7FE0,0010\\)")
                .endsWith("# reading stopped early: the elements after these were not read\n");
    }

    @Test
    void oneFileHasNoFileHeadingAndSeveralFilesOneEach() throws IOException {
        Path a = write("a.dcm", image());
        Path b = write("b.dcm", image());

        Run one = dump(a);
        Run two = dump(a, b);

        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).startsWith("# File meta information\n").doesNotContain("# FILE:");
        assertThat(two.out()).startsWith("# FILE: " + a + "\n").contains("\n\n# FILE: " + b + "\n");
        assertThat(two.err()).isEmpty();
    }

    @Test
    void printsReaderWarningsUnlessToldNotTo() throws IOException {
        Path file = write("image.dcm", image());
        byte[] bytes = Files.readAllBytes(file);
        Path withoutPreamble = tmp.resolve("no-preamble.dcm");
        Files.write(withoutPreamble, Arrays.copyOfRange(bytes, 128, bytes.length));

        assertThat(dump(withoutPreamble).out()).startsWith("# warning: no 128-byte preamble before \"DICM\"\n");
        assertThat(dump("--no-warnings", withoutPreamble).out()).doesNotContain("# warning");
    }

    @Test
    void cutsValuesAtTheGivenWidth() throws IOException {
        DataSet ds = image();
        ds.setString(Tags.StudyDescription, Vr.LO, "x".repeat(100));
        Path file = write("long.dcm", ds);

        assertThat(dump(file).out()).contains("[" + "x".repeat(64) + "]...");
        assertThat(dump("--width", 5, file).out()).contains("[xxxxx]...");
        assertThat(dump("--width", 0, file).out()).contains("[" + "x".repeat(100) + "]  #");
        assertThat(dump("--width", -1, file).exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingFileIsOneLineOnStderrAndExitCodeOne() {
        Path missing = tmp.resolve("missing.dcm");

        Run run = dump(missing);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("ferry dump: " + missing + ": no such file\n");
    }

    @Test
    void printsDicomJsonForOneFileAndAnArrayForSeveral() throws IOException {
        Path a = write("a.dcm", image());
        Path broken = tmp.resolve("b-broken.dcm");
        Files.write(broken, Arrays.copyOf(Files.readAllBytes(a), 300));
        DataSet big = image();
        big.setBytes(Tags.PixelData, Vr.OW, new byte[100_000]);
        Path c = write("c-big.dcm", big);

        Run one = dump("--json", a);
        Run several = dump("--json", a, broken, c);

        assertThat(one.exitCode()).isZero();
        DataSet back = DicomJsonReader.DEFAULT.read(
                new java.io.ByteArrayInputStream(one.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(back.getString(Tags.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(back.getBytes(Tags.PixelData)).hasSize(32);
        assertThat(one.out()).startsWith("{").endsWith("}\n").doesNotContain("# ");

        assertThat(several.exitCode()).isEqualTo(1);
        assertThat(several.err()).startsWith("ferry dump: " + broken + ": at offset");
        List<DataSet> all = DicomJsonReader.DEFAULT.readAll(
                new java.io.ByteArrayInputStream(several.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(all).hasSize(2);
        assertThat(several.out()).contains("\"BulkDataURI\" : \"file:").contains("length=100000");
    }

    /** Through the real launcher with a C (ASCII) locale: the listing is UTF-8 whatever the platform charset. */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void printsUtf8WhateverTheLocale() throws Exception {
        Path file = write("image.dcm", image());
        Path out = tmp.resolve("stdout");
        ProcessBuilder builder = new ProcessBuilder(
                FerryCommandTest.repositoryRoot().resolve("ferry").toString(), "dump", file.toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("FERRY_NO_BUILD", "1");
        builder.environment().put("FERRY_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        builder.environment().remove("FERRY_JAVA_OPTS");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./ferry dump finished").isTrue();

        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("[Müller^Jürgen]");
    }

    @Test
    void listsAPydicomTestFileLikeDcmdump() {
        Path file = Peers.requireFile(PYDICOM_TEST_FILES.resolve("rtplan.dcm"), "apt-get install python3-pydicom");

        Run run = dump(file);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("# File meta information\n").contains(
                "(0002,0010) UI [1.2.840.10008.1.2] (Implicit VR Little Endian)  # 18, 1 TransferSyntaxUID\n",
                "# Data set (Implicit VR Little Endian)\n",
                "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.481.5] (RT Plan Storage)  # 30, 1 SOPClassUID\n",
                "(0010,0010) PN [Last^First^mid^pre]                 # 18, 1 PatientName\n",
                "(300A,0010) SQ (Sequence, 2 items)                  # 324, 1 DoseReferenceSequence\n",
                "  (FFFE,E000) na (Item 1 of 2)                        # 170, 1 Item\n",
                "    (300A,0018) DS [239.531250000000\\239.531250000000\\-741.87000000000]  # 50, 3 "
                        + "DoseReferencePointCoordinates\n");
    }

    @Test
    void listsEncapsulatedPixelDataFragments() {
        Path file = Peers.requireFile(PYDICOM_TEST_FILES.resolve("JPEG2000.dcm"), "apt-get install python3-pydicom");

        Run run = dump(file);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(
                "# Data set (JPEG 2000 Image Compression)\n",
                "(7FE0,0010) OB (Encapsulated pixel data, 2 items)   # u/l, 1 PixelData\n",
                "  (FFFE,E000) pi (no value available)                 # 0, 1 Item\n",
                "(FFFE,E0DD) na (SequenceDelimitationItem)           # 0, 0 SequenceDelimitationItem\n");
    }

    @Test
    void plainArgumentsGiveTheSameListingWithoutPicocliAsWithIt() throws IOException {
        Path a = write("study/a.dcm", image());
        Path b = write("study/b.dcm", image());
        Files.write(tmp.resolve("study/c-garbage.dcm"), new byte[] {1, 2, 3});
        List<List<String>> argumentLists = List.of(
                List.of(a.toString()),
                List.of("--width", "5", a.toString()),
                List.of("--width=0", "--header-only", a.toString(), b.toString()),
                List.of("--no-warnings", "--json", tmp.resolve("study").toString()),
                List.of("--warnings", tmp.resolve("study").toString(), tmp.resolve("missing.dcm").toString()));

        for (List<String> arguments : argumentLists) {
            assertThat(DumpCommand.parsePlain(arguments)).as("%s is plain", arguments).isPresent();
            String[] args = new String[arguments.size() + 1];
            args[0] = "dump";
            for (int i = 0; i < arguments.size(); i++) {
                args[i + 1] = arguments.get(i);
            }

            Run fast = FerryCommandTest.runInProcess(args);
            Run picocli = FerryCommandTest.runThroughPicocli(args);

            assertThat(fast).as("ferry dump %s", arguments).isEqualTo(picocli);
            assertThat(fast.out()).isNotEmpty();
        }
    }

    @Test
    void leavesHelpArgumentFilesAndMistakesToPicocli() {
        List<List<String>> argumentLists = List.of(
                List.of(), List.of("--help"), List.of("-h", "a.dcm"), List.of("--version"), List.of("@args.txt"),
                List.of("--width", "-1", "a.dcm"), List.of("--width", "wide", "a.dcm"), List.of("a.dcm", "--width"),
                List.of("--width=99999999999", "a.dcm"), List.of("--frobnicate", "a.dcm"), List.of("--", "a.dcm"),
                List.of("--json"));

        for (List<String> arguments : argumentLists) {
            assertThat(DumpCommand.parsePlain(arguments)).as("%s", arguments).isEmpty();
        }
        Run unknown = dump("--frobnicate", "a.dcm");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'").contains("Usage: ferry dump");
    }

    /** The plain parser must follow the annotations: a new option of dump fails here until it learns it. */
    @Test
    void plainParserKnowsEveryOptionOfDump() {
        CommandSpec spec = new CommandLine(new DumpCommand()).getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            for (String name : option.names()) {
                List<String> arguments = option.arity().max() == 0
                        ? List.of(name, "a.dcm")
                        : List.of(name, "7", "a.dcm");
                assertThat(DumpCommand.parsePlain(arguments)).as("%s", arguments).isPresent();
            }
            if (option.negatable()) {
                String negated = option.longestName().replaceFirst("^--", "--no-");
                assertThat(DumpCommand.parsePlain(List.of(negated, "a.dcm"))).as(negated).isPresent();
            }
        }
    }
}
