package ferry.router.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import ferry.router.http.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpEndpoint}'s reading of answers, against a JDK HTTP server that answers as a server might and as Orthanc
 * will not (a body that stops coming, a long one): a 2xx body streamed to a file, any other read as text, a body
 * that stalls for the time limit ended, one over its limit refused.
 */
class HttpEndpointTest {
    static final byte[] FILE = new byte[3 * 1024 * 1024 + 17];
    static final String TEXT = "[\"abc\"]".repeat(128 * 1024);

    @TempDir
    Path dir;

    HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);
    HttpEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        new Random(19).nextBytes(FILE);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/file", exchange -> {
            exchange.sendResponseHeaders(200, FILE.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(FILE);
            }
        });
        server.createContext("/text", exchange -> {
            exchange.sendResponseHeaders(200, TEXT.length());
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(TEXT.getBytes(StandardCharsets.US_ASCII));
            }
        });
        server.createContext("/missing", exchange -> {
            byte[] text = "{\"Message\": \"Unknown resource\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, text.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(text);
            }
        });
        server.createContext("/stalls", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            OutputStream body = exchange.getResponseBody();
            body.write(new byte[100]);
            body.flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(null);
        server.start();
        endpoint = new HttpEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(1), null, Map.of(), null);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void aSuccessfulAnswerIsStreamedIntoTheFile() throws Exception {
        Path target = Files.writeString(dir.resolve("file"), "an older, longer content".repeat(1000));
        HttpEndpoint.Answer answer = endpoint.download(Request.get("/file"), target);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(target).hasBinaryContent(FILE);
    }

    @Test
    void anotherAnswerIsReadAsTextAndLeavesTheFileAlone() throws Exception {
        Path target = dir.resolve("file");
        HttpEndpoint.Answer answer = endpoint.download(Request.get("/missing"), target);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).contains("Unknown resource");
        assertThat(target).doesNotExist();
    }

    @Test
    void aBodyThatStopsComingForTheTimeLimitEndsTheRequest() {
        // the JDK's own request time limit ends with the answer's headers: this one would wait for ever
        assertThatThrownBy(() -> endpoint.download(Request.get("/stalls"), dir.resolve("file")))
                .isInstanceOfSatisfying(HttpTimeoutException.class, e -> assertThat(endpoint.why(e))
                        .isEqualTo("the answer stopped coming (or came at under 1 KB/s) for 1 s"));
        assertThatThrownBy(() -> endpoint.send(Request.get("/stalls")))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void readRefusesAnAnswerOverItsLimitAndSendCutsItShort() throws Exception {
        assertThatThrownBy(() -> endpoint.read(Request.get("/text"), 64 * 1024))
                .isInstanceOf(IOException.class).hasMessage("an answer over 65536 bytes");
        assertThat(endpoint.read(Request.get("/text"), TEXT.length()).body()).isEqualTo(TEXT);
        assertThat(endpoint.send(Request.get("/text")).body())
                .isEqualTo(TEXT.substring(0, HttpEndpoint.ANSWER_LIMIT));
    }
}
