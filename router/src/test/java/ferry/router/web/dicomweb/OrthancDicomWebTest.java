package ferry.router.web.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.PydicomFiles;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.OrthancServer;
import ferry.router.testing.TestStudy;
import ferry.router.testing.WebClient;
import ferry.router.web.WebFerry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orthanc's DICOMweb client plugin (Debian's {@code orthanc-dicomweb}) with Ferry as its DICOMweb server
 * ({@code DicomWeb.Servers}, docs/dicomweb.md): Orthanc searches Ferry through its QIDO-RS proxy, pulls a study with
 * WADO-RS and keeps the very files Ferry stored, and sends an instance with STOW-RS, which Ferry routes like a C-STORE.
 */
class OrthancDicomWebTest {
    @TempDir
    Path dir;
    WebFerry ferry;
    OrthancServer orthanc;

    @AfterEach
    void stop() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
        if (ferry != null) {
            ferry.close();
        }
    }

    private void start() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + "routes:\n"
                + "  - {name: web, when: {called: DICOMWEB}, store: {folder: web}}\n"
                + "  - {name: scanner, when: {called: FERRY}, store: {folder: store}}\n");
        orthanc = OrthancServer.start(Files.createDirectories(dir.resolve("orthanc")),
                OrthancServer.Options.DEFAULT.withDicomWeb());
        orthanc.request("PUT", "/dicom-web/servers/ferry", ("{\"Url\": \"" + ferry.url() + "dicom-web/\", "
                + "\"Username\": \"" + WebFerry.ADMIN + "\", \"Password\": \"" + WebFerry.ADMIN_PASSWORD + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void orthancSearchesFerryAndPullsAStudyWithTheStoredBytes() throws Exception {
        start();
        TestStudy study = new TestStudy("P-ORTHANC", "2.25.93000", 2, 3, 1024);
        Path out = dir.resolve("out");
        study.write(out);
        Files.copy(PydicomFiles.DATA.resolve("test_files/MR_small_implicit.dcm"), out.resolve("mr.dcm"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, out).exitCode()).isZero();
        WebClient api = ferry.viewer();
        Await.until("7 instances indexed", () -> api.get("/api/index/instances").json().path("matches").size() == 7);

        JsonNode found = WebClient.parse(orthanc.post("/dicom-web/servers/ferry/qido",
                "{\"Uri\": \"/studies\", \"Arguments\": {\"PatientID\": \"P-ORTHANC\"}}"));
        assertThat(found).hasSize(1);
        // Orthanc answers its proxy's calls in its own form: each value as text
        assertThat(found.get(0).path("0020000D").path("Value").asText()).isEqualTo("2.25.93000");
        assertThat(found.get(0).path("00100010").path("Value").asText()).isEqualTo("Test^Patient");
        JsonNode series = WebClient.parse(orthanc.post("/dicom-web/servers/ferry/qido",
                "{\"Uri\": \"/studies/2.25.93000/series\"}"));
        assertThat(series).hasSize(2);

        orthanc.post("/dicom-web/servers/ferry/retrieve", "{\"Resources\": [{\"Study\": \"2.25.93000\"}]}");
        assertThat(orthanc.sopInstanceUids()).hasSize(6);
        Map<String, Path> stored = new HashMap<>();
        for (JsonNode match : api.get("/api/index/instances?StudyInstanceUID=2.25.93000").json().path("matches")) {
            stored.put(match.path("attributes").path("00080018").path("Value").get(0).asText(),
                    Path.of(match.path("handling").path("stored").get(0).asText()));
        }
        for (String uid : orthanc.sopInstanceUids()) {
            assertThat(orthanc.fileOf(uid)).as("%s as Orthanc got it: the file Ferry stored", uid)
                    .isEqualTo(Files.readAllBytes(stored.get(uid)));
        }

        String mrUid = DicomReader.read(out.resolve("mr.dcm"), ReadOptions.DEFAULT).dataSet()
                .getString(Tags.SOPInstanceUID);
        Path mrStored = Path.of(api.get("/api/index/instances?SOPInstanceUID=" + mrUid).json().path("matches").get(0)
                .path("handling").path("stored").get(0).asText());
        String mrStudy = DicomReader.read(mrStored, ReadOptions.DEFAULT).dataSet().getString(Tags.StudyInstanceUID);
        orthanc.post("/dicom-web/servers/ferry/retrieve", "{\"Resources\": [{\"Study\": \"" + mrStudy + "\"}]}");
        assertThat(orthanc.fileOf(mrUid)).as("an implicit little endian instance")
                .isEqualTo(Files.readAllBytes(mrStored));
    }

    @Test
    void orthancStoresIntoFerryWithStow() throws Exception {
        start();
        Path ct = PydicomFiles.DATA.resolve("test_files/CT_small.dcm");
        List<Path> made = new TestStudy("P-SENT", "2.25.93100", 1, 2, 600).write(dir.resolve("made"));
        String ctId = orthanc.upload(ct);
        String first = orthanc.upload(made.get(0));
        String second = orthanc.upload(made.get(1));
        String answer = orthanc.post("/dicom-web/servers/ferry/stow", "{\"Resources\": [\"" + ctId + "\", \""
                + first + "\", \"" + second + "\"]}");
        assertThat(answer).doesNotContain("\"Failed");
        List<Path> inWeb = DicomWebStoreTest.filesOnce(dir.resolve("web"), 3);
        assertThat(inWeb).as("stored by the route for HTTP arrivals").hasSize(3);
        Map<String, Path> byUid = new HashMap<>();
        for (Path file : inWeb) {
            byUid.put(DicomReader.read(file, ReadOptions.DEFAULT).dataSet().getString(Tags.SOPInstanceUID), file);
        }
        for (Path sent : List.of(ct, made.get(0), made.get(1))) {
            var original = DicomReader.read(sent, ReadOptions.IN_MEMORY).dataSet();
            assertThat(DicomReader.read(byUid.get(original.getString(Tags.SOPInstanceUID)), ReadOptions.IN_MEMORY)
                    .dataSet()).isEqualTo(original);
        }
    }
}
