package ferry.router.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.SmallHeap;
import ferry.core.testing.Storescp;
import ferry.router.cli.FerryCommandTest.Run;
import ferry.router.testing.OrthancServer;
import ferry.router.testing.PeerReadback;
import ferry.router.testing.SentObjects;
import ferry.router.testing.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry make --study}: every kind of synthetic object read alike by dcmtk, dciodvfy and pydicom; the same
 * seed giving the same bytes in another JVM; a study sent to storescp and to Orthanc, which renders every image; a
 * cine loop larger than a small heap made as it is written; wrong options refused.
 */
class MakeStudyCommandTest {
    /** Every modality, two instances each (one dose report), small matrices: quick to make and to check. */
    static final List<String> ALL_KINDS = List.of("--study", "--series", "5", "--modality", "MR,CT,CR,US,SR",
            "--instances", "2", "--matrix", "24x32", "--frames", "2", "--date", "20260301..20260331");

    @TempDir
    Path tmp;

    static Run make(List<String> options, Object... more) {
        List<String> all = new ArrayList<>(List.of("make"));
        all.addAll(options);
        for (Object option : more) {
            all.add(option.toString());
        }
        return FerryCommandTest.runInProcess(all.toArray(String[]::new));
    }

    @Test
    void everyKindOfObjectIsReadAlikeByDcmdumpDciodvfyAndPydicom() throws Exception {
        Run run = make(ALL_KINDS, "--patients", "2", "--seed", "11", "--set", "EthnicGroup=Martian",
                "--set", "AccessionNumber=ACC{study:04}", "-o", tmp.resolve("out"));
        Run echoes = make(List.of("--study", "--echoes", "2", "--instances", "2", "--matrix", "16", "--seed", "12"),
                "-o", tmp.resolve("echoes"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(echoes.exitCode()).as(echoes.err()).isZero();
        assertThat(run.out()).contains("ferry make: 18 objects (2 patients, 2 studies) written to " + tmp.resolve("out")
                + "; again with --seed 11 --date 20260301..20260331");
        Map<String, byte[]> made = SentObjects.contents(tmp.resolve("out"));
        assertThat(made).hasSize(18);
        assertThat(SentObjects.contents(tmp.resolve("echoes"))).hasSize(4);
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".dcm")).toList()) {
                PeerReadback.assertReadAlike(file);
            }
        }
        String patient2Ct = "patient0002/study01/series02-CT/CT00001.dcm";
        assertThat(new String(made.get(patient2Ct), StandardCharsets.ISO_8859_1)).contains("Martian", "ACC0002");
    }

    /** Determinism across JVMs: a run in a child JVM (FerryCommand's main) and one in this JVM write the same bytes. */
    @Test
    void theSameSeedWritesByteIdenticalFilesInAnotherJvm() throws Exception {
        Run here = make(ALL_KINDS, "--seed", "2024", "-o", tmp.resolve("here"));
        List<String> arguments = new ArrayList<>(List.of("make"));
        arguments.addAll(ALL_KINDS);
        arguments.addAll(List.of("--seed", "2024", "-o", tmp.resolve("there").toString()));
        Process there = SmallHeap.start(FerryCommand.class, tmp.resolve("there.log"), arguments.toArray(String[]::new));

        assertThat(there.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(there.exitValue()).as(Files.readString(tmp.resolve("there.log"))).isZero();
        assertThat(here.exitCode()).as(here.err()).isZero();
        Map<String, byte[]> a = SentObjects.contents(tmp.resolve("here"));
        Map<String, byte[]> b = SentObjects.contents(tmp.resolve("there"));
        assertThat(a).hasSize(9);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    }

    /** The objects sent to storescp are the very data sets written to a folder with the same seed. */
    @Test
    void aStudySentToStorescpArrivesWholeAndAsWritten() throws Exception {
        try (Storescp storescp = Storescp.start(tmp, "--bit-preserving")) { // stores the data sets as received
            Run sent = make(ALL_KINDS, "--patients", "3", "--seed", "5", "--send",
                    Storescp.AE_TITLE + "@127.0.0.1:" + storescp.port());
            Run written = make(ALL_KINDS, "--patients", "3", "--seed", "5", "-o", tmp.resolve("written"));

            assertThat(sent.exitCode()).as(sent.err()).isZero();
            assertThat(written.exitCode()).as(written.err()).isZero();
            assertThat(sent.out()).contains("ferry make: 27 objects (3 patients, 3 studies) 27 stored by SCP@127.0.0.1:"
                    + storescp.port());
            SentObjects expected = SentObjects.of(SentObjects.files(tmp.resolve("written")));
            Map<String, String> names = new HashMap<>(); // storescp's names: MR.UID, CT.UID, ...
            for (Path file : SentObjects.files(storescp.out())) {
                names.put(SentObjects.sopInstanceUid(file), file.getFileName().toString());
            }
            assertThat(expected.check(storescp.out(), names::get).keySet()).isEqualTo(expected.uids()).hasSize(27);
        }
    }

    @Test
    void orthancTakesTheStudiesAndRendersEveryImage() throws Exception {
        Files.write(tmp.resolve("photo.jpg"), TestImages.encode(TestImages.colour(64, 48), "jpg"));
        Files.write(tmp.resolve("scan.png"), TestImages.encode(TestImages.grey(40, 30), "png"));
        assertThat(make(List.of("--image", tmp.resolve("photo.jpg").toString())).exitCode()).isZero();
        assertThat(make(List.of("--image", tmp.resolve("scan.png").toString())).exitCode()).isZero();
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(tmp.resolve("orthanc")))) {
            Run run = make(ALL_KINDS, "--seed", "8", "--send", "ORTHANC@127.0.0.1:" + orthanc.dicomPort(), "-o",
                    tmp.resolve("out"));
            orthanc.upload(tmp.resolve("photo.dcm"));
            orthanc.upload(tmp.resolve("scan.dcm"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("9 stored by ORTHANC@");
            List<String> instances = OrthancServer.ids(orthanc.get("/instances"));
            assertThat(instances).hasSize(11);
            int rendered = 0;
            for (String id : instances) {
                String tags = orthanc.get("/instances/" + id + "/simplified-tags");
                if (tags.contains("\"Modality\" : \"SR\"")) {
                    continue; // a report has no pixels to render
                }
                byte[] png = orthanc.getBytes("/instances/" + id + "/preview");
                assertThat(png).as(tags).startsWith(0x89, 'P', 'N', 'G');
                rendered++;
            }
            assertThat(rendered).isEqualTo(10);
        }
    }

    /** A 138 MB cine loop in a JVM of 64 MB heap: the pixels are made as they are written. */
    @Test
    void aCineLoopLargerThanTheHeapIsMadeAsItIsWritten() throws Exception {
        Process child = SmallHeap.start(FerryCommand.class, tmp.resolve("child.log"), "make", "--study",
                "--modality", "US", "--instances", "1", "--frames", "150", "--seed", "1", "-o",
                tmp.resolve("big").toString());

        assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
        Path file = tmp.resolve("big/patient0001/study01/series01-US/US00001.dcm");
        long pixels = 480L * 640 * 3 * 150;
        assertThat(Files.size(file)).isGreaterThan(pixels);
        DicomFile read = DicomReader.read(file, ReadOptions.DEFAULT);
        assertThat(read.dataSet().getString(Tags.NumberOfFrames)).isEqualTo("150");
    }

    @Test
    void wrongOptionsAreRefusedWithTheReasonAndAnUnreachablePeerFailsEveryObject() throws Exception {
        List<Map.Entry<List<String>, String>> cases = List.of(
                Map.entry(List.of("--study"), "needs -o DIR, --send AET@host:port, or both"),
                Map.entry(List.of("--study", "-o", "x", "--modality", "MR,PET"),
                        "'PET' is none of MR, CT, CR, US, SR"),
                Map.entry(List.of("--study", "-o", "x", "--modality", "CT", "--echoes", "2"),
                        "two echoes are made for MR"),
                Map.entry(List.of("--study", "-o", "x", "--matrix", "0"), "--matrix: '0' is not ROWSxCOLUMNS"),
                Map.entry(List.of("--study", "-o", "x", "--date", "2026-03-01"),
                        "--date: '2026-03-01' is not a date YYYYMMDD"),
                Map.entry(List.of("--study", "-o", "x", "--patient-id", "P{id}"),
                        "--patient-id 'P{id}': unknown field {id}"),
                Map.entry(List.of("--study", "-o", "x", "--set", "Rows=big"), "Rows has VR US"),
                Map.entry(List.of("--study", "-o", "x", "--pattern", "stripes"), "none of rings, gradient, noise"),
                Map.entry(List.of("--patients", "3", "-o", "x"), "--patients goes with --study"),
                Map.entry(List.of("--image", "x.png", "--study", "-o", "x"), "give --image or --study, not both"),
                Map.entry(List.of("--image", "x.png", "--patients", "3"), "--patients goes with --study, not --image"),
                Map.entry(List.of("--study", "-o", "pom.xml"), "-o pom.xml is a file; --study writes a folder"));
        for (Map.Entry<List<String>, String> bad : cases) {
            Run run = make(bad.getKey());
            assertThat(run.exitCode()).as("%s: %s", bad.getKey(), run.err()).isEqualTo(2);
            assertThat(run.err()).as("%s", bad.getKey()).contains(bad.getValue());
        }
        assertThat(Files.exists(Path.of("x"))).isFalse();
        Files.writeString(tmp.resolve("a-file"), "not a folder");
        Run blocked = make(List.of("--study", "--matrix", "8", "-o", tmp.resolve("a-file/out").toString()));
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.err()).startsWith("ferry make: " + tmp.resolve("a-file"));

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run unreachable = make(List.of("--study", "--instances", "3", "--matrix", "8", "--send",
                "SCP@127.0.0.1:" + closed));
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.out()).contains("3 objects (1 patient, 1 study) 0 stored by SCP@127.0.0.1:" + closed
                + ", 3 failed");
        assertThat(unreachable.err().lines().filter(line -> line.contains("not sent: "))).hasSize(3);
    }
}
