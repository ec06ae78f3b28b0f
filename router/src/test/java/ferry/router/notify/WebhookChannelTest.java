package ferry.router.notify;

import ferry.core.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookChannelTest {
    /** One request as the server saw it. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @TempDir
    Path dir;

    final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    final ExecutorService threads = Executors.newCachedThreadPool();
    HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> answer(exchange, 204));
        server.createContext("/broken", exchange -> answer(exchange, 500));
        server.createContext("/busy", exchange -> answer(exchange, 429));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://elsewhere.example.org/hook");
            answer(exchange, 301);
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    void answer(HttpExchange exchange, int status) throws IOException {
        requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
        if (status == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            byte[] text = ("status " + status + " for you\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, text.length);
            exchange.getResponseBody().write(text);
        }
        exchange.close();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    NotificationChannel channel(String yaml, Map<String, String> environment) throws Exception {
        return TestConfigs.channel(yaml, SmtpConfig.defaults(), environment, dir);
    }

    NotificationException failure(NotificationChannel channel) {
        return catchThrowableOfType(NotificationException.class, () -> channel.deliver(Reports.seed000()));
    }

    @Test
    void theBodyIsTheReportAsJsonWithPatientIdentifiers() throws Exception {
        channel("webhook: " + url("/hook"), Map.of()).deliver(Reports.seed000());

        Received request = requests.take();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Ferry-Signature")).isNull();
        assertThat(ReportJson.fromJson(new String(request.body(), StandardCharsets.UTF_8)))
                .isEqualTo(Reports.seed000());
    }

    @Test
    void theSignatureVerifiesWithTheSecret() throws Exception {
        channel("webhook: {url: '" + url("/hook") + "', secret-variable: HOOK_SECRET, headers: {X-Site: lab}}",
                Map.of("HOOK_SECRET", "It's a Secret to Everybody")).deliver(Reports.seed000());

        Received request = requests.take();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(request.header("X-Ferry-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body())));
        assertThat(request.header("X-Site")).isEqualTo("lab");
    }

    @Test
    void gitHubsExampleSignatureComesOut() {
        // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
        assertThat(WebhookChannel.signature("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8),
                "Hello, World!".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void patientIdentifiersCanBeLeftOut() throws Exception {
        channel("webhook: {url: '" + url("/hook") + "', patient-identifiers: omit}", Map.of())
                .deliver(Reports.seed000());

        assertThat(new String(requests.take().body(), StandardCharsets.UTF_8))
                .doesNotContain("PID42", "Doe^Jane", "ACC7").contains("\"studyInstanceUid\"");
    }

    @Test
    void theAnswerSaysWhetherARetryCanHelp() throws Exception {
        Map<String, Boolean> permanent = Map.of("/broken", false, "/busy", false, "/missing", true, "/moved", true);
        for (Map.Entry<String, Boolean> answer : permanent.entrySet()) {
            assertThat(failure(channel("webhook: " + url(answer.getKey()), Map.of())).permanent())
                    .as(answer.getKey()).isEqualTo(answer.getValue());
        }

        assertThat(failure(channel("webhook: " + url("/broken"), Map.of())))
                .hasMessage("webhook to " + url("/broken") + ": HTTP 500: status 500 for you");
        assertThat(failure(channel("webhook: " + url("/missing"), Map.of())))
                .hasMessageStartingWith("webhook to " + url("/missing") + ": HTTP 404");
        assertThat(failure(channel("webhook: " + url("/moved"), Map.of())))
                .hasMessage("webhook to " + url("/moved") + ": HTTP 301: status 301 for you (redirected to "
                        + "https://elsewhere.example.org/hook)");
    }

    @Test
    void aServerThatHangsIsATemporaryTimeout() throws Exception {
        NotificationException e = failure(channel("webhook: {url: '" + url("/hang") + "', timeout: 500ms}",
                Map.of()));

        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessageEndingWith("no answer within 0.5s");
    }

    @Test
    void aServerThatIsNotListeningIsTemporary() throws Exception {
        int port = FreePorts.next(); // nothing listens there
        NotificationException e = failure(channel("webhook: http://127.0.0.1:" + port + "/hook", Map.of()));

        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessageContaining("cannot connect");
    }

    @Test
    void itDescribesItselfWithoutCredentials() throws Exception {
        NotificationChannel channel = channel("webhook: 'https://user:pw@hooks.example.org:8443/ferry?token=abc'",
                Map.of());

        assertThat(channel.describe()).isEqualTo("webhook to https://hooks.example.org:8443/ferry");
    }
}
