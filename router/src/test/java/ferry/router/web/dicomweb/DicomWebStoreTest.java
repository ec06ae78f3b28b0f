package ferry.router.web.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.Peers;
import ferry.core.testing.Pydicom;
import ferry.core.testing.PydicomFiles;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.run.FerryService;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TestStudy;
import ferry.router.testing.WebClient;
import ferry.router.web.WebFerry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STOW-RS into a Ferry running in this JVM (docs/dicomweb.md): stored objects go through the receive pipeline and
 * the route for HTTP arrivals ({@code called: DICOMWEB}) like a C-STORE; the answers are PS3.18's Store Instances
 * Response; bad bodies, instances of another study and a full disk keep nothing; only admins store.
 */
class DicomWebStoreTest {
    private static final String ROUTES = "routes:\n"
            + "  - {name: web, when: {called: DICOMWEB}, store: {folder: web}}\n"
            + "  - {name: scanner, when: {called: FERRY}, store: {folder: store}}\n";
    private static final String DICOM_PARTS = "multipart/related; type=\"application/dicom\"; boundary=";

    @TempDir
    Path dir;
    WebFerry ferry;
    FerryService plain;

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    private DicomWebHttp admin() {
        return new DicomWebHttp(ferry.url(), WebFerry.ADMIN, WebFerry.ADMIN_PASSWORD);
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The files under {@code folder} once there are {@code count} (the store action runs after the answer). */
    static List<Path> filesOnce(Path folder, int count) throws Exception {
        Await.until(count + " file(s) in " + folder, () -> files(folder).size() >= count);
        return files(folder);
    }

    private static DataSet dataSet(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.IN_MEMORY).dataSet();
    }

    private static JsonNode items(JsonNode answer, String sequence) {
        return answer.path(sequence).path("Value");
    }

    @Test
    void aStowedStudyIsRoutedLikeACStoreFromTheClientsAddressAndCanBeRetrieved() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + ROUTES);
        TestStudy study = new TestStudy("P-STOW", "2.25.92000", 2, 2, 700);
        List<Path> sent = study.write(dir.resolve("out"));
        DicomWebHttp.Answer answer = admin().stow("/dicom-web/studies", sent);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/dicom+json");
        JsonNode response = WebClient.parse(answer.text());
        assertThat(response.has("00081198")).as("no Failed SOP Sequence").isFalse();
        JsonNode stored = items(response, "00081199");
        assertThat(stored).hasSize(4);
        for (int i = 0; i < 4; i++) {
            DataSet original = dataSet(sent.get(i));
            JsonNode item = stored.get(i);
            assertThat(item.path("00081155").path("Value").get(0).asText())
                    .isEqualTo(original.getString(Tags.SOPInstanceUID));
            assertThat(item.path("00081150").path("Value").get(0).asText()).isEqualTo(TestStudy.MR);
            assertThat(item.path("00081190").path("Value").get(0).asText()).isEqualTo(ferry.url()
                    + "dicom-web/studies/2.25.92000/series/" + original.getString(Tags.SeriesInstanceUID)
                    + "/instances/" + original.getString(Tags.SOPInstanceUID));
        }
        List<Path> inWeb = filesOnce(dir.resolve("web"), 4);
        assertThat(inWeb).as("stored by the route for HTTP arrivals").hasSize(4);
        assertThat(files(dir.resolve("store"))).isEmpty();
        List<DataSet> storedSets = new ArrayList<>();
        for (Path file : inWeb) {
            storedSets.add(dataSet(file));
        }
        List<DataSet> sentSets = new ArrayList<>();
        for (Path file : sent) {
            sentSets.add(dataSet(file));
        }
        assertThat(storedSets).containsExactlyInAnyOrderElementsOf(sentSets);

        WebClient api = ferry.viewer();
        Await.until("4 instances indexed", () -> api.get("/api/index/instances?StudyInstanceUID=2.25.92000").json()
                .path("matches").size() == 4);
        JsonNode handling = api.get("/api/index/instances?SOPInstanceUID=2.25.92000.1.1").json().path("matches")
                .get(0).path("handling");
        assertThat(handling.path("callingAeTitle").asText()).isEqualTo("STOW-RS");
        assertThat(handling.path("calledAeTitle").asText()).isEqualTo("DICOMWEB");
        assertThat(handling.path("peerAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(handling.path("routes").get(0).asText()).isEqualTo("web");
        String metrics = ferry.viewer().get("/metrics").body();
        assertThat(metrics).as("counted as an association of listener http").containsPattern(
                "ferry_received_objects_total\\{[^}]*listener=\"http\"[^}]*} 4\\.0")
                .containsPattern("ferry_associations_total\\{[^}]*listener=\"http\"[^}]*outcome=\"released\"");
        Pattern logLine = Pattern.compile("association STOW-RS@127\\.0\\.0\\.1[:0-9]* → DICOMWEB \\(http\\) released "
                + "after [^:]+: 4 object\\(s\\)");
        Await.until("one log line for the request, as for an association",
                () -> logLine.matcher(api.get("/api/log?limit=500").body()).find());
        DicomWebHttp.Answer back = admin().get(items(response, "00081199").get(0).path("00081190").path("Value").get(0)
                .asText().substring(ferry.url().length() - 1), null);
        assertThat(back.parts()).singleElement().satisfies(part -> assertThat(dataSet(partFile(part))).isEqualTo(
                sentSets.get(0)));
    }

    private Path partFile(DicomWebHttp.Part part) throws IOException {
        return Files.write(Files.createTempFile(dir, "part", ".dcm"), part.body());
    }

    @Test
    void curlStoresWithBasicCredentials() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + ROUTES);
        Path curl = Peers.requireExecutable("curl", "apt-get install curl");
        List<Path> sent = new TestStudy("P-CURL", "2.25.92100", 1, 3, 300).write(dir.resolve("out"));
        Path body = Files.write(dir.resolve("body"), DicomWebHttp.body("curl-boundary", sent));
        ToolRun run = ToolRun.run(Duration.ofMinutes(1), List.of(curl.toString(), "-sS", "-u", WebFerry.ADMIN + ":"
                + WebFerry.ADMIN_PASSWORD, "-H", "Content-Type: " + DICOM_PARTS + "curl-boundary", "-H",
                "Accept: application/dicom+json", "--data-binary", "@" + body, "-w", "\n%{http_code}",
                ferry.url() + "dicom-web/studies/2.25.92100"));
        String out = run.out(StandardCharsets.UTF_8).strip();
        assertThat(out).as(run.describe()).endsWith("\n200");
        JsonNode response = WebClient.parse(out.substring(0, out.lastIndexOf('\n')));
        assertThat(items(response, "00081199")).hasSize(3);
        assertThat(response.path("00081190").path("Value").get(0).asText())
                .isEqualTo(ferry.url() + "dicom-web/studies/2.25.92100");
        assertThat(filesOnce(dir.resolve("web"), 3)).hasSize(3);
    }

    @Test
    void instancesOfAnotherStudyThanTheUrlsAreRefusedAndNothingOfThemIsKept() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + ROUTES);
        List<Path> right = new TestStudy("P-A", "2.25.92200", 1, 1, 100).write(dir.resolve("a"));
        List<Path> wrong = new TestStudy("P-B", "2.25.92300", 1, 1, 100).write(dir.resolve("b"));
        DicomWebHttp.Answer refused = admin().stow("/dicom-web/studies/2.25.92200", wrong);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        JsonNode failed = items(WebClient.parse(refused.text()), "00081198");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("00081197").path("Value").get(0).asInt()).isEqualTo(0xC409);
        assertThat(failed.get(0).path("00081155").path("Value").get(0).asText()).isEqualTo("2.25.92300.1.1");
        assertThat(refused.headers().firstValue("Warning").orElseThrow()).contains("not 2.25.92200");
        assertThat(files(dir.resolve("web"))).isEmpty();

        List<Path> both = new ArrayList<>(right);
        both.addAll(wrong);
        DicomWebHttp.Answer partly = admin().stow("/dicom-web/studies/2.25.92200", both);
        assertThat(partly.status()).as(partly.toString()).isEqualTo(202);
        JsonNode response = WebClient.parse(partly.text());
        assertThat(items(response, "00081199")).hasSize(1);
        assertThat(items(response, "00081198")).hasSize(1);
        assertThat(filesOnce(dir.resolve("web"), 1)).singleElement().satisfies(file -> assertThat(
                dataSet(file).getString(Tags.StudyInstanceUID)).isEqualTo("2.25.92200"));
        Await.until("the one stored indexed", () -> ferry.viewer().get("/api/index/instances").json()
                .path("matches").size() == 1);
    }

    @Test
    void badBodiesGetStandardAnswersAndKeepNothing() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + ROUTES);
        DicomWebHttp admin = admin();
        List<Path> good = new TestStudy("P-C", "2.25.92400", 1, 2, 4000).write(dir.resolve("c"));
        byte[] goodBody = DicomWebHttp.body("bb", good);

        assertThat(admin.post("/dicom-web/studies", "application/json", goodBody).status()).isEqualTo(415);
        assertThat(admin.post("/dicom-web/studies", "multipart/related; type=\"application/dicom+xml\"; "
                + "boundary=bb", goodBody).status()).isEqualTo(415);
        assertThat(admin.post("/dicom-web/studies", "multipart/related; type=\"application/dicom\"", goodBody)
                .text()).contains("no boundary");
        DicomWebHttp.Answer noDelimiter = admin.post("/dicom-web/studies", DICOM_PARTS + "other", goodBody);
        assertThat(noDelimiter.status()).isEqualTo(400);
        assertThat(noDelimiter.text()).contains("no multipart delimiter");
        assertThat(admin.post("/dicom-web/studies", DICOM_PARTS + "bb", "--bb--\r\n".getBytes(
                StandardCharsets.US_ASCII)).text()).contains("no part");

        byte[] text = ("--bb\r\nContent-Type: application/dicom\r\n\r\nhello, not DICOM\r\n--bb--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        DicomWebHttp.Answer notDicom = admin.post("/dicom-web/studies", DICOM_PARTS + "bb", text);
        assertThat(notDicom.status()).isEqualTo(409);
        assertThat(items(WebClient.parse(notDicom.text()), "00081198").get(0).path("00081197").path("Value").get(0)
                .asInt()).isEqualTo(0xC000);
        assertThat(notDicom.headers().firstValue("Warning").orElseThrow()).contains("not a DICOM file");

        byte[] file = Files.readAllBytes(good.get(0));
        byte[] cut = Arrays.copyOf(file, file.length - 1000);
        Path cutFile = Files.write(dir.resolve("cut.dcm"), cut);
        DicomWebHttp.Answer truncated = admin.stow("/dicom-web/studies", List.of(cutFile));
        assertThat(truncated.status()).as(truncated.toString()).isEqualTo(409);
        assertThat(items(WebClient.parse(truncated.text()), "00081198").get(0).path("00081197").path("Value").get(0)
                .asInt()).isEqualTo(0xC000);

        byte[] unclosed = Arrays.copyOf(goodBody, goodBody.length - 2000);
        DicomWebHttp.Answer cutBody = admin.post("/dicom-web/studies", DICOM_PARTS + "bb", unclosed);
        assertThat(cutBody.status()).as("the first part stored, the second cut off").isEqualTo(202);
        JsonNode response = WebClient.parse(cutBody.text());
        assertThat(items(response, "00081199")).hasSize(1);
        assertThat(items(response, "00081198").get(0).path("00081197").path("Value").get(0).asInt())
                .isEqualTo(0xC000);
        assertThat(filesOnce(dir.resolve("web"), 1)).as("only the whole instance").singleElement()
                .satisfies(stored -> assertThat(dataSet(stored)).isEqualTo(dataSet(good.get(0))));
        assertThat(files(dir.resolve("data/unrouted"))).isEmpty();
    }

    @Test
    void onlyAdminsStoreAndViewersSearchAndRetrieve() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + ROUTES);
        List<Path> sent = new TestStudy("P-R", "2.25.92500", 1, 1, 100).write(dir.resolve("r"));
        DicomWebHttp viewer = new DicomWebHttp(ferry.url(), WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD);
        DicomWebHttp anonymous = new DicomWebHttp(ferry.url(), null, null);
        assertThat(viewer.stow("/dicom-web/studies", sent).status()).isEqualTo(403);
        assertThat(anonymous.stow("/dicom-web/studies", sent).status()).isEqualTo(401);
        assertThat(anonymous.get("/dicom-web/studies", null).status()).isEqualTo(401);
        assertThat(files(dir.resolve("web"))).isEmpty();
        assertThat(admin().stow("/dicom-web/studies", sent).status()).isEqualTo(200);
        Await.until("indexed", () -> viewer.get("/dicom-web/studies?PatientID=P-R", null).text().contains("P-R"));
        assertThat(viewer.get("/dicom-web/studies/2.25.92500", null).parts()).hasSize(1);
        assertThat(viewer.get("/dicom-web/studies/2.25.92500/metadata", null).status()).isEqualTo(200);
    }

    @Test
    void aFullDiskRefusesWithOutOfResourcesAndALocalAdminNeedsTheCsrfToken() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("ferry.yaml"), "data-directory: data\n"
                + "min-free-disk: 1000000GB\nhttp: {port: 0}\n"
                + "listeners:\n  - {port: " + FreePorts.next() + ", ae-titles: [FERRY]}\n" + ROUTES);
        plain = FerryService.start(ConfigLoader.load(config));
        String url = plain.webUrl().orElseThrow();
        List<Path> sent = new TestStudy("P-F", "2.25.92600", 1, 2, 100).write(dir.resolve("f"));
        DicomWebHttp local = new DicomWebHttp(url, null, null);
        DicomWebHttp.Answer noToken = local.stow("/dicom-web/studies", sent);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.text()).contains("CSRF");
        String token = new WebClient(url).get("/api/session").json().path("csrfToken").asText();
        DicomWebHttp.Answer full = local.withHeader("X-CSRF-Token", token).stow("/dicom-web/studies", sent);
        assertThat(full.status()).as(full.toString()).isEqualTo(409);
        JsonNode failed = items(WebClient.parse(full.text()), "00081198");
        assertThat(failed).hasSize(2);
        assertThat(failed.get(0).path("00081197").path("Value").get(0).asInt()).isEqualTo(0xA700);
        assertThat(full.headers().firstValue("Warning").orElseThrow()).contains("disk");
        assertThat(files(dir.resolve("web"))).isEmpty();
    }

    @Test
    void withoutTheIndexObjectsAreStoredButNothingIsSearchedAndDicomwebOffServesNothing() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + "index: off\n" + ROUTES);
        List<Path> sent = new TestStudy("P-N", "2.25.92700", 1, 1, 100).write(dir.resolve("n"));
        assertThat(admin().stow("/dicom-web/studies", sent).status()).isEqualTo(200);
        assertThat(filesOnce(dir.resolve("web"), 1)).hasSize(1);
        DicomWebHttp.Answer search = admin().get("/dicom-web/studies", null);
        assertThat(search.status()).isEqualTo(404);
        assertThat(search.text()).contains("the index is off");
        ferry.close();
        ferry = null;

        ferry = WebFerry.start(dir.resolve("off"), WebFerry.users() + "dicomweb: off\n" + ROUTES);
        assertThat(admin().get("/dicom-web/studies", null).status()).isEqualTo(404);
        assertThat(admin().stow("/dicom-web/studies", sent).status()).isEqualTo(404);
        assertThat(files(dir.resolve("off/web"))).isEmpty();
    }

    @Test
    void compressedFramesAreServedAsStoredToClientsThatTakeAnyTransferSyntax() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + ROUTES);
        Path python = Pydicom.requirePython();
        for (String name : List.of("SC_rgb_rle_2frame.dcm", "JPEG2000.dcm")) {
            Path file = PydicomFiles.DATA.resolve("test_files").resolve(name);
            assertThat(admin().stow("/dicom-web/studies", List.of(file)).status()).isEqualTo(200);
            Path frames = Files.createDirectories(dir.resolve("frames-" + name));
            ToolRun split = ToolRun.run(Duration.ofMinutes(1), List.of(python.toString(), "-c", """
                    import sys, pydicom
                    from pydicom.encaps import generate_pixel_data_frame
                    ds = pydicom.dcmread(sys.argv[1])
                    count = int(ds.get("NumberOfFrames", 1))
                    for i, frame in enumerate(generate_pixel_data_frame(ds.PixelData, count)):
                        open("%s/%d" % (sys.argv[2], i + 1), "wb").write(frame)
                    print(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, ds.file_meta.TransferSyntaxUID)
                    """, file.toString(), frames.toString()));
            assertThat(split.exitCode()).as(split.describe()).isZero();
            String[] uids = split.out(StandardCharsets.UTF_8).strip().split(" ");
            String path = "/dicom-web/studies/" + uids[0] + "/series/" + uids[1] + "/instances/" + uids[2];
            Await.until(name + " indexed", () -> admin().get(path + "/metadata", null).status() == 200);
            List<Path> expected = files(frames);
            String list = String.join(",", expected.stream().map(f -> f.getFileName().toString()).toList());
            DicomWebHttp.Answer got = admin().get(path + "/frames/" + list,
                    "multipart/related; type=application/octet-stream; transfer-syntax=*");
            assertThat(got.status()).as(got.toString()).isEqualTo(200);
            List<DicomWebHttp.Part> parts = got.parts();
            assertThat(parts).hasSize(expected.size());
            for (int i = 0; i < parts.size(); i++) {
                assertThat(parts.get(i).contentType()).isEqualTo("application/octet-stream; transfer-syntax="
                        + uids[3]);
                assertThat(parts.get(i).body()).as("frame %d of %s as pydicom splits it", i + 1, name)
                        .isEqualTo(Files.readAllBytes(frames.resolve(Integer.toString(i + 1))));
            }
            DicomWebHttp.Answer native_ = admin().get(path + "/frames/1",
                    "multipart/related; type=\"application/octet-stream\"");
            assertThat(native_.status()).as("no decompression").isEqualTo(406);
            assertThat(native_.text()).contains(uids[3]);
        }
    }
}
