package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ferry.core.data.BulkData;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.LargeObject;
import ferry.core.testing.SmallHeap;
import ferry.core.testing.Storescp;
import ferry.router.testing.TestStudy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 300 MiB object ({@link LargeObject}) forwarded by a Ferry whose JVM has a 64 MiB heap
 * ({@link SmallHeapDestination}): converted on its way to a storescp that takes only Implicit VR Little Endian, and
 * uploaded with STOW-RS and to Orthanc's REST API (a JDK HTTP server here checks and checksums what arrives; Orthanc
 * itself would hold it in memory). It arrives whole, and Ferry never needed it in memory.
 */
class LargeObjectDestinationsTest {
    @TempDir
    static Path shared;
    static LargeObject large;
    static long fileCrc;

    static HttpServer server;
    /** The CRC-32C of each upload's DICOM file as the server received it, by path. */
    static final Map<String, Long> uploads = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void writeTheObjectAndStartTheServer() throws IOException {
        DataSet header = new TestStudy("LARGE", "2.25.900", 1, 1, 0).object(1, 1);
        header.remove(Tag.PIXEL_DATA);
        header.setInts(Tags.Rows, Vr.US, 1);
        large = LargeObject.write(shared.resolve("large.dcm"), header, LargeObject.PIXEL_BYTES);
        try (InputStream in = Files.newInputStream(large.file())) {
            fileCrc = LargeObject.crc(in, Long.MAX_VALUE);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", LargeObjectDestinationsTest::receive);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Checksums an upload as it streams in (the multipart framing of STOW-RS checked and left out). */
    static void receive(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String answer = "{\"Status\": \"Success\", \"ID\": \"large\"}";
        try (InputStream body = exchange.getRequestBody()) {
            long length = Long.parseLong(exchange.getRequestHeaders().getFirst("Content-Length"));
            if (path.endsWith("/tools/lookup")) {
                body.readAllBytes();
                answer = "[]";
            } else if (path.endsWith("/studies")) {
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
                byte[] head = ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
                boolean framed = Arrays.equals(body.readNBytes(head.length), head);
                long crc = LargeObject.crc(body, length - head.length - tail.length);
                framed &= Arrays.equals(body.readAllBytes(), tail);
                uploads.put(path, framed ? crc : -1);
                answer = "{}";
            } else {
                uploads.put(path, LargeObject.crc(body, length));
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static String deliverFromASmallHeap(Path log, String... arguments) throws Exception {
        Process ferry = SmallHeapDestination.start(log, arguments);
        boolean finished = ferry.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            ferry.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("delivered within 180 s: " + output).isTrue();
        assertThat(ferry.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void aFerryWithA64MibHeapConvertsA300MibObjectForAStorescpThatTakesOnlyImplicitVr() throws Exception {
        try (Storescp storescp = Storescp.start(dir, "+xi")) {
            String output = deliverFromASmallHeap(dir.resolve("ferry.log"), "dicom",
                    String.valueOf(storescp.port()), large.file().toString());

            Path copy;
            try (Stream<Path> files = Files.list(storescp.out())) {
                List<Path> all = files.toList();
                assertThat(all).hasSize(1);
                copy = all.get(0);
            }
            DicomFile received = DicomReader.read(copy, ReadOptions.DEFAULT);
            DicomFile original = DicomReader.read(large.file(), ReadOptions.DEFAULT);
            assertThat(received.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            BulkData pixels = (BulkData) received.dataSet().value(Tag.PIXEL_DATA);
            assertThat(pixels.length()).isEqualTo(large.pixelBytes());
            assertThat(LargeObject.crc(pixels)).as("CRC-32C of the pixel data").isEqualTo(large.pixelCrc());
            received.dataSet().remove(Tag.PIXEL_DATA);
            original.dataSet().remove(Tag.PIXEL_DATA);
            assertThat(received.dataSet()).isEqualTo(original.dataSet());
            System.out.println("300 MiB converted to storescp by Ferry (" + SmallHeap.HEAP + "): "
                    + output.lines().filter(l -> l.startsWith("heap peak")).findFirst().orElse("?"));
        }
    }

    @Test
    void aFerryWithA64MibHeapUploadsA300MibObjectWithStowRsAndToOrthanc() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        String stow = deliverFromASmallHeap(dir.resolve("stow.log"), "dicomweb", base + "/dicom-web",
                large.file().toString());
        String rest = deliverFromASmallHeap(dir.resolve("rest.log"), "orthanc", base, large.file().toString());

        assertThat(uploads.get("/dicom-web/studies")).as("the file, framed as one part").isEqualTo(fileCrc);
        assertThat(uploads.get("/instances")).isEqualTo(fileCrc);
        System.out.println("300 MiB STOW-RS and Orthanc REST by Ferry (" + SmallHeap.HEAP + "): "
                + stow.lines().filter(l -> l.startsWith("heap peak")).findFirst().orElse("?") + ", "
                + rest.lines().filter(l -> l.startsWith("heap peak")).findFirst().orElse("?"));
    }
}
