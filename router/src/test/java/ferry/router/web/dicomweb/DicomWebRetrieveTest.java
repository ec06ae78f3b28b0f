package ferry.router.web.dicomweb;

import static ferry.core.tag.Tag.PIXEL_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.PydicomFiles;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.TestStudy;
import ferry.router.testing.WebClient;
import ferry.router.web.WebFerry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QIDO-RS and WADO-RS against a Ferry running in this JVM that received objects from dcmtk's storescu: a study made
 * by the tests and pydicom's test files (explicit and implicit little endian, multi-frame, JPEG 2000). What the
 * searches and metadata answer is compared with pydicom's reading of the stored files, and what the retrievals send
 * with the stored files' bytes (docs/dicomweb.md). On SQLite and PostgreSQL (tagged database).
 */
@Tag("database")
class DicomWebRetrieveTest {
    private static final String CT = "CT_small.dcm";
    private static final String MR = "MR_small_implicit.dcm";
    private static final String DOSE = "rtdose.dcm";
    private static final String J2K = "JPEG2000.dcm";
    private static final TestStudy MADE = new TestStudy("P-WEB", "2.25.91000", 2, 2, 512);
    private static final int INSTANCES = 8;

    @TempDir
    static Path dir;
    static WebFerry ferry;
    static DicomWebHttp viewer;
    /** The file the index recorded for each SOP Instance UID. */
    static final Map<String, Path> STORED = new HashMap<>();
    /** The SOP Instance UID of each pydicom file sent. */
    static final Map<String, String> UID = new HashMap<>();

    @BeforeAll
    static void receive() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + "routes:\n  - {name: all, when: {called: FERRY}, store: "
                + "{folder: store}}\n");
        Path out = dir.resolve("out");
        MADE.write(out);
        Path compressed = Files.createDirectories(dir.resolve("j2k"));
        for (String name : List.of(CT, MR, DOSE, J2K)) {
            Path file = Files.copy(PydicomFiles.DATA.resolve("test_files").resolve(name),
                    (name.equals(J2K) ? compressed : out).resolve(name), StandardCopyOption.REPLACE_EXISTING);
            UID.put(name, DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(0x00200000)).dataSet()
                    .getString(Tags.SOPInstanceUID));
        }
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, out).exitCode()).isZero();
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, compressed, "-xw").exitCode()).isZero();
        WebClient api = ferry.viewer();
        Await.until(INSTANCES + " instances indexed", () -> api.get("/api/index/instances").json().path("matches")
                .size() == INSTANCES);
        for (JsonNode match : api.get("/api/index/instances").json().path("matches")) {
            STORED.put(match.path("attributes").path("00080018").path("Value").get(0).asText(),
                    Path.of(match.path("handling").path("stored").get(0).asText()));
        }
        viewer = new DicomWebHttp(ferry.url(), WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    private static JsonNode json(DicomWebHttp.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/dicom+json");
        return WebClient.parse(answer.text());
    }

    private static String value(JsonNode match, String tag) {
        return match.path(tag).path("Value").get(0).asText();
    }

    private static DataSet header(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.DEFAULT.stoppingBefore(PIXEL_DATA)).dataSet();
    }

    @Test
    void studySearchesAnswerWhatWasStoredAsPydicomReadsIt() throws Exception {
        JsonNode studies = json(viewer.get("/dicom-web/studies", "application/dicom+json"));
        assertThat(studies).hasSize(5);
        for (JsonNode study : studies) {
            String uid = value(study, "0020000D");
            Path one = STORED.values().stream().filter(file -> {
                try {
                    return header(file).getString(Tags.StudyInstanceUID).equals(uid);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).findFirst().orElseThrow();
            long inStudy = STORED.values().stream().filter(file -> {
                try {
                    return header(file).getString(Tags.StudyInstanceUID).equals(uid);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).count();
            assertThat(study.path("00201208").path("Value").get(0).asLong()).as("instances of %s", uid)
                    .isEqualTo(inStudy);
            assertThat(value(study, "00081190")).isEqualTo(ferry.url() + "dicom-web/studies/" + uid);
            PydicomCheck.agrees("subset", one, study.toString(), List.of("00080005", "00080061", "00201206",
                    "00201208", "00081190"), dir);
        }
        JsonNode ct = json(viewer.get("/dicom-web/studies?PatientID=1CT1", null));
        assertThat(ct).hasSize(1);
        assertThat(ct.get(0).path("00201208").path("Value").get(0).asInt()).as(ct.toString()).isEqualTo(1);
        assertThat(json(viewer.get("/dicom-web/studies?00100020=1CT1", null))).isEqualTo(ct);
        assertThat(json(viewer.get("/dicom-web/studies?StudyDate=20040101-20041231&includefield=StudyDescription",
                "application/json"))).hasSize(3);
        assertThat(json(viewer.get("/dicom-web/studies?PatientID=*MR*", null))).hasSize(1);
        assertThat(json(viewer.get("/dicom-web/studies?PatientName=" + "test%5Epat*", null)))
                .as("person names without regard to case").hasSize(1);
        assertThat(json(viewer.get("/dicom-web/studies?PatientID=NOBODY", null))).as("no match: 200 []").isEmpty();
    }

    @Test
    void seriesAndInstanceSearchesGoDownAStudyAndPage() throws Exception {
        JsonNode series = json(viewer.get("/dicom-web/studies/" + MADE.studyUid() + "/series", null));
        assertThat(series).hasSize(2);
        for (JsonNode one : series) {
            assertThat(one.path("00201209").path("Value").get(0).asInt()).isEqualTo(2);
            assertThat(value(one, "00081190")).endsWith("/dicom-web/studies/" + MADE.studyUid() + "/series/"
                    + value(one, "0020000E"));
        }
        assertThat(json(viewer.get("/dicom-web/series?Modality=MR", null))).hasSize(3);
        String seriesUid = MADE.studyUid() + ".1";
        JsonNode instances = json(viewer.get("/dicom-web/studies/" + MADE.studyUid() + "/series/" + seriesUid
                + "/instances?includefield=Rows&includefield=EthnicGroup,00280011", null));
        assertThat(instances).hasSize(2);
        for (JsonNode instance : instances) {
            Path stored = STORED.get(value(instance, "00080018"));
            assertThat(value(instance, "00102160")).as("an attribute of the header").isEqualTo("SUBJ-P-WEB");
            PydicomCheck.agrees("subset", stored, instance.toString(), List.of("00080005", "00080061", "00081190"),
                    dir);
        }
        JsonNode ct = json(viewer.get("/dicom-web/instances?SOPInstanceUID=" + UID.get(CT) + "&includefield=all",
                null));
        assertThat(ct).hasSize(1);
        assertThat(ct.get(0).has("00280010")).as("Rows, with includefield=all").isTrue();
        PydicomCheck.agrees("subset", STORED.get(UID.get(CT)), ct.get(0).toString(), List.of("00080005",
                "00080061", "00081190"), dir);

        DicomWebHttp.Answer first = viewer.get("/dicom-web/instances?limit=3", null);
        assertThat(json(first)).hasSize(3);
        assertThat(first.headers().allValues("Warning")).anyMatch(w -> w.contains("offset=3"));
        assertThat(json(viewer.get("/dicom-web/instances?limit=3&offset=6", null))).hasSize(INSTANCES - 6);
        List<String> all = new ArrayList<>();
        for (int offset = 0; offset < INSTANCES; offset += 3) {
            json(viewer.get("/dicom-web/instances?limit=3&offset=" + offset, null))
                    .forEach(m -> all.add(value(m, "00080018")));
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(STORED.keySet());
    }

    @Test
    void badSearchesAreAnswered400Or406WithTheReason() {
        assertThat(viewer.get("/dicom-web/studies?NotAKeyword=1", null)).satisfies(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.text()).contains("NotAKeyword");
        });
        assertThat(viewer.get("/dicom-web/studies?StudyDate=yesterday", null).status()).isEqualTo(400);
        assertThat(viewer.get("/dicom-web/studies?PatientAge=030Y", null).text()).contains("not in the index");
        assertThat(viewer.get("/dicom-web/studies?limit=0", null).status()).isEqualTo(400);
        assertThat(viewer.get("/dicom-web/studies?offset=-1", null).status()).isEqualTo(400);
        assertThat(viewer.get("/dicom-web/studies?fuzzymatching=maybe", null).status()).isEqualTo(400);
        assertThat(viewer.get("/dicom-web/studies?includefield=NoSuchField", null).status()).isEqualTo(400);
        assertThat(viewer.get("/dicom-web/studies/1.2.x/series", null).status()).isEqualTo(400);
        DicomWebHttp.Answer fuzzy = viewer.get("/dicom-web/studies?fuzzymatching=true&includefield=Rows", null);
        assertThat(fuzzy.status()).isEqualTo(200);
        assertThat(fuzzy.headers().allValues("Warning")).hasSize(2);
        DicomWebHttp.Answer xml = viewer.get("/dicom-web/studies", "multipart/related; type=\"application/dicom+xml\"");
        assertThat(xml.status()).isEqualTo(406);
        assertThat(xml.text()).contains("application/dicom+json");
    }

    @Test
    void retrievalsSendTheStoredFilesByteForByte() throws Exception {
        DicomWebHttp.Answer study = viewer.get("/dicom-web/studies/" + MADE.studyUid(),
                "multipart/related; type=\"application/dicom\"");
        assertThat(study.status()).as(study.toString()).isEqualTo(200);
        assertThat(study.contentType()).startsWith("multipart/related; type=\"application/dicom\"; boundary=");
        List<DicomWebHttp.Part> parts = study.parts();
        assertThat(parts).hasSize(MADE.size());
        for (DicomWebHttp.Part part : parts) {
            DicomFile file = DicomReader.read(part.body(), ReadOptions.IN_MEMORY);
            Path stored = STORED.get(file.dataSet().getString(Tags.SOPInstanceUID));
            assertThat(part.body()).isEqualTo(Files.readAllBytes(stored));
            assertThat(part.contentType()).isEqualTo("application/dicom; transfer-syntax="
                    + file.transferSyntax().uid());
        }
        String series = "/dicom-web/studies/" + MADE.studyUid() + "/series/" + MADE.studyUid() + ".2";
        assertThat(viewer.get(series, "multipart/related; type=application/dicom; transfer-syntax=*").parts())
                .hasSize(2);
        for (String name : List.of(CT, MR, DOSE, J2K)) {
            Path stored = STORED.get(UID.get(name));
            DataSet header = header(stored);
            String path = "/dicom-web/studies/" + header.getString(Tags.StudyInstanceUID) + "/series/"
                    + header.getString(Tags.SeriesInstanceUID) + "/instances/" + UID.get(name);
            String syntax = DicomReader.read(stored, ReadOptions.DEFAULT.stoppingBefore(0x00080000)).transferSyntax()
                    .uid();
            List<DicomWebHttp.Part> one = viewer.get(path, "multipart/related; type=\"application/dicom\"; "
                    + "transfer-syntax=" + syntax).parts();
            assertThat(one).hasSize(1);
            assertThat(one.get(0).body()).as(name).isEqualTo(Files.readAllBytes(stored));
            DicomWebHttp.Answer other = viewer.get(path, "multipart/related; type=\"application/dicom\"; "
                    + "transfer-syntax=1.2.840.10008.1.2.4.50");
            assertThat(other.status()).as("no transcoding").isEqualTo(406);
            assertThat(other.text()).contains(syntax);
        }
        assertThat(viewer.get("/dicom-web/studies/" + MADE.studyUid(), "application/json").status())
                .isEqualTo(406);
        assertThat(viewer.get("/dicom-web/studies/2.25.404", null).status()).isEqualTo(404);
        assertThat(viewer.get("/dicom-web/studies/not-a-uid", null).status()).isEqualTo(400);
        assertThat(viewer.get("/dicom-web/studies/" + MADE.studyUid() + "/series/2.25.404/instances/2.25.405",
                null).status()).isEqualTo(404);
    }

    @Test
    void metadataAgreesWithPydicomAndItsBulkDataAndFramesAreTheStoredPixels() throws Exception {
        JsonNode study = json(viewer.get("/dicom-web/studies/" + MADE.studyUid() + "/metadata", null));
        assertThat(study).hasSize(MADE.size());
        for (JsonNode instance : study) {
            PydicomCheck.agrees("metadata", STORED.get(value(instance, "00080018")), instance.toString(), List.of(),
                    dir);
        }
        for (String name : List.of(CT, MR, DOSE, J2K)) {
            Path stored = STORED.get(UID.get(name));
            DataSet header = header(stored);
            String path = "/dicom-web/studies/" + header.getString(Tags.StudyInstanceUID) + "/series/"
                    + header.getString(Tags.SeriesInstanceUID) + "/instances/" + UID.get(name);
            JsonNode metadata = json(viewer.get(path + "/metadata", "application/dicom+json"));
            assertThat(metadata).hasSize(1);
            PydicomCheck.agrees("metadata", stored, metadata.get(0).toString(), List.of(), dir);
            if (name.equals(J2K)) {
                assertThat(viewer.get(path + "/frames/1", null).status()).as("compressed frames").isEqualTo(406);
                assertThat(viewer.get(path + "/bulk/7FE00010", null).status()).isEqualTo(406);
                continue;
            }
            String pixels = metadata.get(0).path("7FE00010").path("BulkDataURI").asText();
            assertThat(pixels).isEqualTo(ferry.url() + path.substring(1) + "/bulk/7FE00010");
            DicomFile file = DicomReader.read(stored, ReadOptions.IN_MEMORY);
            DicomWebHttp.Answer bulk = viewer.get(pixels.substring(ferry.url().length() - 1),
                    "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
            byte[] pixelData = file.dataSet().getBytes(PIXEL_DATA);
            assertThat(bulk.parts()).singleElement().satisfies(p -> assertThat(p.body()).isEqualTo(pixelData));
            int frames = file.dataSet().getInt(Tags.NumberOfFrames, 1);
            int length = pixelData.length / frames;
            List<DicomWebHttp.Part> got = viewer.get(path + "/frames/" + frames + ",1",
                    "multipart/related; type=\"application/octet-stream\"").parts();
            assertThat(got).hasSize(2);
            assertThat(got.get(0).body()).isEqualTo(Arrays.copyOfRange(pixelData, (frames - 1) * length,
                    frames * length));
            assertThat(got.get(1).body()).isEqualTo(Arrays.copyOfRange(pixelData, 0, length));
            assertThat(viewer.get(path + "/frames/" + (frames + 1), null).status()).isEqualTo(404);
            assertThat(viewer.get(path + "/frames/one", null).status()).isEqualTo(400);
            assertThat(viewer.get(path + "/bulk/7FE0", null).status()).isEqualTo(400);
        }
        assertThat(STORED.get(UID.get(DOSE))).satisfies(f -> assertThat(header(f).getInt(Tags.NumberOfFrames, 1))
                .as("a multi-frame instance among them").isGreaterThan(1));
    }

    @Test
    void aStoredFileThatVanishedOrWasReplacedIsAClearErrorNotAServerFailure() throws Exception {
        String seriesPath = "/dicom-web/studies/" + MADE.studyUid() + "/series/" + MADE.studyUid() + ".2";
        String gone = MADE.studyUid() + ".2.1";
        String replaced = MADE.studyUid() + ".2.2";
        Path goneFile = STORED.get(gone);
        Path replacedFile = STORED.get(replaced);
        byte[] goneBytes = Files.readAllBytes(goneFile);
        byte[] replacedBytes = Files.readAllBytes(replacedFile);
        try {
            Files.delete(goneFile);
            DicomWebHttp.Answer one = viewer.get(seriesPath + "/instances/" + gone, null);
            assertThat(one.status()).isEqualTo(404);
            assertThat(one.text()).contains("none has a stored file");
            DicomWebHttp.Answer partial = viewer.get(seriesPath, null);
            assertThat(partial.status()).as("the series without its vanished instance").isEqualTo(206);
            assertThat(partial.headers().firstValue("Warning").orElseThrow()).contains("1 of 2 instances");
            assertThat(partial.parts()).hasSize(1);
            Files.write(replacedFile, Files.readAllBytes(STORED.get(UID.get(CT))));
            DicomWebHttp.Answer other = viewer.get(seriesPath + "/instances/" + replaced + "/metadata", null);
            assertThat(other.status()).isEqualTo(410);
            assertThat(other.text()).contains("replaced");
        } finally {
            Files.write(goneFile, goneBytes);
            Files.write(replacedFile, replacedBytes);
        }
    }
}
