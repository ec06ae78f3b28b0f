package ferry.router.web.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.PydicomFiles;
import ferry.router.testing.Browser;
import ferry.router.web.WebServer;
import ferry.router.web.WebSettings;
import ferry.router.web.auth.Role;
import ferry.router.web.auth.User;
import ferry.router.web.auth.Users;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The tag viewer in a real Chromium (docs/viewer.md): it shows the values pydicom reads from pydicom's own test
 * files (every encoding, sequences, character sets), opens zip files and folders and lists what is not DICOM, names
 * the offset and element where a broken file stops, searches, and — the point of it — sends nothing: after the page
 * has loaded, opening files makes no request at all, and the offline file makes none, not even when a script tries.
 */
class TagViewerBrowserTest {
    static final Path FILES = PydicomFiles.DATA.resolve("test_files");
    static final Path CHARSETS = PydicomFiles.DATA.resolve("charset_files");
    static final Path SCREENSHOT = Path.of("target/screenshots/viewer.png");

    static WebServer server;
    static Browser browser;
    static ViewerPage page;
    static String base;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        // with users: the viewer is open to anyone all the same, without a login
        Users users = new Users(List.of(new User("ada", Role.ADMIN, BCrypt.hashpw("secret", BCrypt.gensalt(4)))));
        server = WebServer.start(new WebSettings(InetAddress.getLoopbackAddress(), 0, null, users,
                Duration.ofMinutes(5)), List.of(TagViewer.routes()));
        base = "http://127.0.0.1:" + server.port() + "/";
        browser = Browser.start();
        page = new ViewerPage(browser);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void showsTheValuesPydicomReadsInEveryEncodingWithoutSendingAnything() throws Exception {
        page.load(base + "viewer/");
        List<Browser.Request> loading = browser.requests();
        browser.forgetRequests();
        Map<Path, List<String>> checked = Map.ofEntries(
                Map.entry(FILES.resolve("CT_small.dcm"), List.of("00020010", "00080008",
                        "00080018", "00100010", "00100020", "00200032", "00280010", "00280030", "00090010")),
                Map.entry(FILES.resolve("MR_small_bigendian.dcm"), List.of("00100010", "00280010",
                        "00280011", "00280030", "00200013", "00180050", "00280106")),
                Map.entry(FILES.resolve("MR_small_implicit.dcm"), List.of("00100010", "00280010", "00280030",
                        "00200013")),
                Map.entry(FILES.resolve("rtdose_rle_1frame.dcm"), List.of("00080016", "00200032", "3004000C")),
                Map.entry(FILES.resolve("image_dfl.dcm"), List.of("00080016", "00080060", "00280010", "00280011")),
                Map.entry(FILES.resolve("rtplan.dcm"), List.of("300A00B0/0/300A00C2",
                        "300A00B0/0/300A0111/0/300A011E", "300A0070/0/300C0004/0/300A0086", "00100010")),
                Map.entry(CHARSETS.resolve("chrJapMulti.dcm"), List.of("00080005", "00100010", "00101001")),
                Map.entry(CHARSETS.resolve("chrKoreanMulti.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrGreek.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrX1.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrX2.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrH31.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrH32.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrArab.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrRuss.dcm"), List.of("00100010")),
                Map.entry(CHARSETS.resolve("chrSQEncoding.dcm"), List.of("00321032", "00321064/0/00100010")));

        page.choose(checked.keySet().toArray(Path[]::new));

        for (Map.Entry<Path, List<String>> file : checked.entrySet()) {
            page.select(file.getKey().getFileName().toString());
            Map<String, String> expected = PydicomValues.of(file.getKey(), file.getValue());
            for (String path : file.getValue()) {
                assertThat(page.value(path)).as("%s %s", file.getKey().getFileName(), path)
                        .isEqualTo(expected.get(path));
            }
        }
        page.select("chrH32.dcm");
        assertThat(page.value("00100010")).isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
        page.select("rtdose_rle_1frame.dcm");
        assertThat(page.row("00080016")).contains("(UN in the file, read as UI)");
        assertThat(page.row("3004000C")).contains("show all (15)");
        page.select("image_dfl.dcm");
        assertThat(page.facts()).contains("Deflated Explicit VR Little Endian");
        page.select("CT_small.dcm");
        assertThat(page.row("00091001")).contains("creator: GEMS_IDEN_01");
        browser.screenshot(SCREENSHOT);

        assertThat(browser.requests()).as("requests after the page loaded").isEmpty();
        assertThat(loading).isNotEmpty().allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.url()).startsWith(base + "viewer/");
            assertThat(r.bodyBytes()).isZero();
        });
    }

    @Test
    void opensZipsAndListsWhatIsNotDicomAsSkippedWithTheReason() throws Exception {
        Path zip = tmp.resolve("study.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "study/CT_small.dcm", Files.readAllBytes(FILES.resolve("CT_small.dcm")), ZipEntry.DEFLATED);
            put(out, "study/series 2/MR_small.dcm", Files.readAllBytes(FILES.resolve("MR_small.dcm")), ZipEntry.STORED);
            put(out, "study/README.txt", "Scans for the tumour board.\n".getBytes(StandardCharsets.UTF_8),
                    ZipEntry.DEFLATED);
        }
        byte[] whole = Files.readAllBytes(zip);
        Path broken = Files.write(tmp.resolve("broken.zip"), Arrays.copyOf(whole, whole.length / 2));
        page.load(base + "viewer/");
        browser.forgetRequests();

        page.choose(zip, broken);

        assertThat(page.fileNames()).containsExactly(
                "broken.zip\nskipped: a zip file that cannot be read: no end of central directory record",
                "study.zip/study/CT_small.dcm",
                "study.zip/study/README.txt\nskipped: no \"DICM\" at byte 128 and it does not start like a DICOM data set",
                "study.zip/study/series 2/MR_small.dcm");
        page.select("study.zip/study/series 2/MR_small.dcm");
        Map<String, String> expected = PydicomValues.of(FILES.resolve("MR_small.dcm"), List.of("00100010", "00280030"));
        assertThat(page.value("00100010")).isEqualTo(expected.get("00100010"));
        assertThat(page.value("00280030")).isEqualTo(expected.get("00280030"));
        page.select("study.zip/study/CT_small.dcm");
        assertThat(page.value("00100020")).isEqualTo(PydicomValues.of(FILES.resolve("CT_small.dcm"),
                List.of("00100020")).get("00100020"));
        assertThat(browser.requests()).isEmpty();
    }

    @Test
    void opensAFolderWithItsSubfolders() throws Exception {
        Path folder = tmp.resolve("export");
        Files.createDirectories(folder.resolve("series1"));
        Files.copy(FILES.resolve("MR_small_implicit.dcm"), folder.resolve("series1/IM0001"));
        Files.copy(FILES.resolve("ExplVR_BigEndNoMeta.dcm"), folder.resolve("IM0002"));
        Files.writeString(folder.resolve("series1/notes.pdf"), "%PDF-1.4 not an image");
        page.load(base + "viewer/");
        browser.forgetRequests();

        page.chooseFolder(folder);

        assertThat(page.fileNames()).containsExactly("export/IM0002",
                "export/series1/IM0001", "export/series1/notes.pdf\nskipped: no \"DICM\" at byte 128 and it does"
                        + " not start like a DICOM data set");
        page.select("export/IM0002");
        assertThat(page.facts()).contains("no preamble").contains("Explicit VR Big Endian");
        assertThat(page.value("00080070")).isEqualTo("CMS, Inc.").isEqualTo(PydicomValues.of(
                FILES.resolve("ExplVR_BigEndNoMeta.dcm"), List.of("00080070")).get("00080070"));
        assertThat(browser.requests()).isEmpty();
    }

    @Test
    void listsAFolderOfHundredsOfFilesAndReadsTheOneSelected() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("hundreds"));
        byte[] ct = Files.readAllBytes(FILES.resolve("CT_small.dcm"));
        for (int i = 1; i <= 400; i++) {
            Files.write(folder.resolve(String.format("IM%04d", i)), ct);
        }
        page.load(base + "viewer/");
        browser.forgetRequests();

        page.chooseFolder(folder);

        assertThat(page.fileNames()).hasSize(400).doesNotContain("skipped").endsWith("hundreds/IM0400");
        page.select("hundreds/IM0400");
        assertThat(page.value("00100020")).isEqualTo("1CT1");
        assertThat(browser.requests()).isEmpty();
    }

    @Test
    void encapsulatedPixelDataShowsItsOffsetTableAndFragmentsUndecoded() {
        page.load(base + "viewer/");
        page.choose(FILES.resolve("JPEG2000.dcm"));
        page.select("JPEG2000.dcm");

        assertThat(page.value("7FE00010")).startsWith("encapsulated: 2 items (the offset table and 1 fragment, not"
                + " decoded) of 0, ");
        assertThat(page.facts()).contains("JPEG 2000 Image Compression (explicit VR little endian, pixel data"
                + " encapsulated) (1.2.840.10008.1.2.4.91)");
        page.openSequence("7FE00010");
        assertThat(page.text("7FE00010/0")).matches("Basic Offset Table: at byte [0-9,]+, 0 bytes");
        assertThat(page.text("7FE00010/1")).matches("Fragment 1: at byte [0-9,]+, [0-9,]+ bytes: ff\\\\4f\\\\ff\\\\51.*…");
    }

    @Test
    void theServedPageRefusesEveryConnectionEvenToFerry() {
        page.load(base + "viewer/");

        Object outcome = ((JavascriptExecutor) browser.driver()).executeAsyncScript("const done ="
                + " arguments[arguments.length - 1]; fetch(arguments[0], {method: 'POST', body: 'bytes'})"
                + ".then(() => done('sent'), e => done('refused: ' + e));", base + "viewer/");

        assertThat(String.valueOf(outcome)).startsWith("refused");
    }

    @Test
    void valuesAndFileNamesAreShownAsTextNeverAsMarkup() throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.9.7433.2.99");
        ds.setString(Tags.PatientName, Vr.PN, "<img src=x onerror=\"document.title='owned'\">");
        ds.setString(Tags.StudyDescription, Vr.LO, "<script>document.title='owned'</script>");
        Path file = tmp.resolve("<b>scan.dcm");
        DicomWriter.writeFile(file, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        page.load(base + "viewer/");

        page.choose(file);
        page.select(file.getFileName().toString());

        assertThat(page.value("00100010")).isEqualTo("<img src=x onerror=\"document.title='owned'\">");
        assertThat(page.value("00081030")).isEqualTo("<script>document.title='owned'</script>");
        assertThat(browser.script("return document.querySelectorAll('#tree img, #tree script, #file-list b')"
                + ".length")).isEqualTo(0L);
        assertThat(browser.driver().getTitle()).isEqualTo("Ferry tag viewer");
    }

    @Test
    void aTruncatedFileShowsWhereItStopsAndWhatWasReadBefore() {
        page.load(base + "viewer/");

        page.choose(FILES.resolve("MR_truncated.dcm"), FILES.resolve("rtplan_truncated.dcm"));
        page.select("MR_truncated.dcm");

        assertThat(page.error()).isEqualTo("Stopped at byte 1,500 in (7FE0,0010) PixelData: the value of (7FE0,0010)"
                + " PixelData is 8,192 bytes long but only 8,130 are left. The elements read before it are shown"
                + " below.");
        assertThat(page.value("00100010")).isEqualTo("CompressedSamples^MR1");
        page.select("rtplan_truncated.dcm");
        // where Ferry's own reader stops too (ferry dump): inside the items read so far, which are shown
        assertThat(page.error()).isEqualTo("Stopped at byte 2,100 in (300A,00B0) BeamSequence item 1 > (300A,0111)"
                + " ControlPointSequence item 1 > (300A,012C) IsocenterPosition: the value of (300A,012C)"
                + " IsocenterPosition is 50 bytes long but only 29 are left. The elements read before it are shown"
                + " below.");
        assertThat(page.value("300A00B0/0/300A00C2")).isEqualTo("Field 1");
    }

    @Test
    void sequencesNestedDeeperThanFerrysOwnReaderAcceptsAreRefusedNamingWhere() throws IOException {
        // a hostile file: 5,000 sequences each in the other's first item (implicit VR little endian, undefined
        // lengths); read by recursion, it would exhaust the browser's stack
        ByteBuffer body = ByteBuffer.allocate(132 + 26 + 5_000 * 16).order(ByteOrder.LITTLE_ENDIAN);
        body.position(128);
        body.put("DICM".getBytes(StandardCharsets.US_ASCII));
        body.putShort((short) 0x0002).putShort((short) 0x0010).put("UI".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 18).put("1.2.840.10008.1.2\0".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 5_000; i++) {
            body.putShort((short) 0x0040).putShort((short) 0xA730).putInt(-1); // ContentSequence, undefined length
            body.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1); // Item, undefined length
        }
        Path file = Files.write(tmp.resolve("deep.dcm"), body.array());
        page.load(base + "viewer/");

        page.choose(file);
        page.select("deep.dcm");

        // the 65th sequence's item: 158 bytes of preamble and meta, then 16 bytes per level (as ferry dump's 64)
        assertThat(page.error()).startsWith("Stopped at byte 1,190 in (0040,A730) ContentSequence item 1 > ")
                .endsWith("(0040,A730) ContentSequence: sequences nested deeper than 64 levels. The elements read "
                        + "before it are shown below.");
        assertThat(browser.driver().getTitle()).isEqualTo("Ferry tag viewer");
    }

    @Test
    void searchFindsElementsByKeywordNameTagAndValueInsideSequences() {
        page.load(base + "viewer/");
        page.choose(FILES.resolve("rtplan.dcm"));
        page.select("rtplan.dcm");

        assertThat(page.search("PatientName")).containsExactly("00100010");
        assertThat(page.search("Patient's Name")).containsExactly("00100010");
        assertThat(page.search("(0010,0020)")).containsExactly("00100020");
        assertThat(page.search("300a00c2")).containsExactly("300A00B0/0/300A00C2");
        assertThat(page.search("Field 1")).containsExactly("300A00B0/0/300A00C2");
    }

    @Test
    void theOfflineFileReadsFilesFromDiskAndConnectsNowhereEvenWhenAScriptTries() throws Exception {
        Path html = tmp.resolve("viewer.html");
        Files.writeString(html, TagViewer.offlinePage());
        AtomicInteger hits = new AtomicInteger();
        HttpServer catcher = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        catcher.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        catcher.start();
        try {
            browser.forgetRequests();
            page.load(html.toUri().toString());
            page.choose(FILES.resolve("CT_small.dcm"));
            page.select("CT_small.dcm");
            assertThat(page.value("00100010")).isEqualTo(PydicomValues.of(FILES.resolve("CT_small.dcm"),
                    List.of("00100010")).get("00100010"));

            assertThat(browser.requests()).extracting(Browser.Request::url).containsOnly(html.toUri().toString());

            String target = "http://127.0.0.1:" + catcher.getAddress().getPort() + "/upload";
            Object outcome = ((JavascriptExecutor) browser.driver()).executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {method: 'POST', body: 'bytes'})"
                    + ".then(() => done('sent'), e => done('refused: ' + e));", target);
            browser.script("try { navigator.sendBeacon(arguments[0], 'bytes'); } catch (e) {}"
                    + "new Image().src = arguments[0] + '?img';"
                    + "const x = new XMLHttpRequest(); try { x.open('POST', arguments[0]); x.send('bytes'); } catch (e) {}",
                    target);
            // a request that should not exist has no event to wait for: give it the time one would need to arrive
            Thread.sleep(500);

            assertThat(String.valueOf(outcome)).startsWith("refused");
            assertThat(hits).as("requests that reached a server").hasValue(0);
        } finally {
            catcher.stop(0);
        }
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes, int method) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }
}
