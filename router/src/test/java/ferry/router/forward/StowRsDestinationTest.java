package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ferry.router.testing.TestStudy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link StowRsDestination}'s requests and its reading of answers Orthanc does not give (409, 202, warnings, 503),
 * against the JDK's HTTP server answering as told.
 */
class StowRsDestinationTest {
    static final String UID = "2.25.701.1.1";

    /** One request as the server saw it (header names without case). */
    record Received(String path, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** An answer to give; status 0 closes the connection without one. */
    record Answer(int status, String contentType, String body) {
    }

    @TempDir
    Path dir;

    final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    void answer(HttpExchange exchange) throws IOException {
        Headers headers = new Headers();
        headers.putAll(exchange.getRequestHeaders());
        requests.add(new Received(exchange.getRequestURI().getPath(), headers,
                exchange.getRequestBody().readAllBytes()));
        Answer answer = answers.remove();
        if (answer.status() != 0) {
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web/";
    }

    StowRsDestination destination(DestinationConfig.DicomWeb.Auth auth, String secret, Map<String, String> headers) {
        return new StowRsDestination("archive", new DestinationConfig.DicomWeb(URI.create(base()), auth,
                auth == DestinationConfig.DicomWeb.Auth.BASIC ? "ferry" : null, "VARIABLE", headers,
                Duration.ofSeconds(10), 2, null), secret, null);
    }

    Path object() throws IOException {
        return TestStudy.of("W1", "2.25.701", 1).write(dir.resolve("out")).get(0);
    }

    @Test
    void aRequestCarriesTheTokenTheHeadersAndTheFileAsTheOnePartOfAMultipartBody() throws Exception {
        Path file = object();
        answers.add(new Answer(200, "application/dicom+json", "{}"));
        try (StowRsDestination archive = destination(DestinationConfig.DicomWeb.Auth.BEARER, "t0ken",
                Map.of("X-Site", "lab"))) {
            Delivery delivery = archive.deliver(Outgoing.of(file));

            assertThat(delivery.result()).as(delivery.detail()).isEqualTo(Delivery.Result.DELIVERED);
        }
        Received request = requests.remove();
        assertThat(request.path()).isEqualTo("/dicom-web/studies");
        assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.header("X-Site")).isEqualTo("lab");
        assertThat(request.header("Accept")).isEqualTo("application/dicom+json");
        String contentType = request.header("Content-Type");
        assertThat(contentType).startsWith("multipart/related; type=\"application/dicom\"; boundary=");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(Files.readAllBytes(file));
        expected.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(request.body()).isEqualTo(expected.toByteArray());
        assertThat(request.header("Content-Length")).as("a length, not chunks").isEqualTo(
                String.valueOf(expected.size()));
    }

    @Test
    void basicAuthenticationSendsUserAndPassword() throws Exception {
        answers.add(new Answer(200, "application/dicom+json", "{}"));
        try (StowRsDestination archive = destination(DestinationConfig.DicomWeb.Auth.BASIC, "pä:ss", Map.of())) {
            archive.deliver(Outgoing.of(object()));
        }
        assertThat(requests.remove().header("Authorization")).isEqualTo("Basic ZmVycnk6cMOkOnNz"); // ferry:pä:ss
    }

    @Test
    void aKeptConnectionDroppedBeforeTheAnswerIsTriedOnceMoreOnAnother() throws Exception {
        answers.add(new Answer(200, "application/dicom+json", "{}"));
        answers.add(new Answer(0, "", ""));
        answers.add(new Answer(200, "application/dicom+json", "{}"));
        try (StowRsDestination archive = destination(DestinationConfig.DicomWeb.Auth.NONE, null, Map.of())) {
            Delivery first = archive.deliver(Outgoing.of(object()));
            Delivery second = archive.deliver(Outgoing.of(object()));

            assertThat(first.result()).as(first.detail()).isEqualTo(Delivery.Result.DELIVERED);
            assertThat(second.result()).as(second.detail()).isEqualTo(Delivery.Result.DELIVERED);
        }
        assertThat(requests).hasSize(3);
    }

    @Test
    void aNewConnectionDroppedBeforeTheAnswerFailsTheDeliveryForTheQueueToRetry() throws Exception {
        answers.add(new Answer(0, "", ""));
        answers.add(new Answer(200, "application/dicom+json", "{}"));
        try (StowRsDestination archive = destination(DestinationConfig.DicomWeb.Auth.NONE, null, Map.of())) {
            Delivery delivery = archive.deliver(Outgoing.of(object()));

            assertThat(delivery.result()).as(delivery.detail()).isEqualTo(Delivery.Result.FAILED);
        }
        assertThat(requests).hasSize(1);
    }

    /** A Store Instances Response with one item about {@link #UID} in {@code sequence}, with a reason. */
    static String response(String sequence, String reasonTag, int reason) {
        return """
                {"%s": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["%s"]},
                                               "%s": {"vr": "US", "Value": [%d]}}]}}
                """.formatted(sequence, UID, reasonTag, reason);
    }

    @ParameterizedTest(name = "HTTP {0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | referenced | 0xB000 | DELIVERED     | answered HTTP 200, WarningReason 0xB000 Coercion of Data Elements
            202 | failed     | 0x0111 | ALREADY_THERE | answered HTTP 202, FailureReason 0x0111 Duplicate SOP Instance
            202 | failed     | 0xA700 | FAILED        | answered HTTP 202, FailureReason 0xA700 Refused: Out of Resources
            409 | failed     | 0xA900 | REJECTED      | answered HTTP 409, FailureReason 0xA900 Error: Data Set Does Not Match SOP Class
            409 | failed     | 0x0122 | REJECTED      | answered HTTP 409, FailureReason 0x0122 SOP Class Not Supported
            400 | failed     | 0xC000 | REJECTED      | answered HTTP 400, FailureReason 0xC000 Error: Cannot Understand
            409 | none       | 0      | ALREADY_THERE | : HTTP 409
            400 | text       | 0      | ALREADY_THERE | : HTTP 400: Instance already exists
            401 | text       | 0      | REJECTED      | : HTTP 401: Who are you?
            409 | failed     | 45070  | ALREADY_THERE | answered HTTP 409, FailureReason 0xB00E Warning
            403 | none       | 0      | REJECTED      | : HTTP 403
            429 | none       | 0      | FAILED        | : HTTP 429
            503 | text       | 0      | FAILED        | : HTTP 503: Instance already exists
            """)
    void answersAreReadAsTheStoreInstancesResponseSays(int status, String kind, String reason,
                                                       Delivery.Result result, String detail) throws Exception {
        int code = Integer.decode(reason);
        String body = switch (kind) {
            case "referenced" -> response("00081199", "00081196", code);
            case "failed" -> response("00081198", "00081197", code);
            case "text" -> detail.substring(detail.indexOf(": ", 2) + 2);
            default -> "";
        };
        answers.add(new Answer(status, kind.equals("text") ? "text/plain" : "application/dicom+json", body));
        try (StowRsDestination archive = destination(DestinationConfig.DicomWeb.Auth.NONE, null, Map.of())) {
            Delivery delivery = archive.deliver(Outgoing.of(object()));

            assertThat(delivery).isEqualTo(new Delivery(result, base() + (detail.startsWith(":") ? "" : " ")
                    + detail));
        }
    }
}
