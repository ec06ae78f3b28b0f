package ferry.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import ferry.core.testing.TestPki;
import ferry.net.assoc.Tls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpOrigin} against a server scripted byte by byte, so that each framing and each failure a real server may
 * produce is met on purpose: bodies sent and received byte-identical, connections kept and replaced, time limits,
 * and answers that are not HTTP.
 */
class HttpOriginTest {
    @TempDir
    Path dir;

    /** What the scripted server does with one request on a connection: write the answer, or close. */
    interface Script {
        /** @return whether to keep the connection for the next request */
        boolean answer(Received request, OutputStream out, Socket socket) throws IOException;
    }

    /** A request as the server received it. */
    record Received(String head, byte[] body, int connection) {
        String line() {
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    ServerSocket server;
    Thread acceptor;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    URI serve(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    int number = connections.incrementAndGet();
                    Thread worker = new Thread(() -> converse(socket, number, script));
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void converse(Socket socket, int number, Script script) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                Received request = new Received(head, in.readNBytes(length), number);
                received.add(request);
                if (!script.answer(request, out, socket)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static String text(HttpOrigin origin, Request request) throws Exception {
        return origin.exchange(request, (head, body) -> head.status() + " "
                + new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    HttpOrigin origin(URI uri, Duration timeout) {
        return new HttpOrigin(uri, timeout, null);
    }

    @Test
    void aFileBodyArrivesByteIdenticalAndTheConnectionCarriesTheNextRequest() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("object.dcm"), content);
        URI uri = serve((request, out, socket) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return true;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            Request upload = Request.post("/instances", RequestBody.sequence(RequestBody.text("<"),
                    RequestBody.file(file), RequestBody.text(">"))).header("Content-Type", "application/dicom");
            assertThat(text(origin, upload)).isEqualTo("200 ok");
            assertThat(text(origin, upload)).isEqualTo("200 ok");
        }
        assertThat(received).hasSize(2);
        assertThat(connections).hasValue(1);
        for (Received request : received) {
            assertThat(request.line()).isEqualTo("POST /instances HTTP/1.1");
            assertThat(request.head()).contains("Content-Length: " + (content.length + 2) + "\r\n",
                    "Content-Type: application/dicom\r\n", "Host: 127.0.0.1:" + server.getLocalPort() + "\r\n");
            assertThat(request.body()[0]).isEqualTo((byte) '<');
            assertThat(request.body()[content.length + 1]).isEqualTo((byte) '>');
            assertThat(Arrays.copyOfRange(request.body(), 1, content.length + 1)).isEqualTo(content);
        }
    }

    @Test
    void aChunkedAnswerIsJoinedAndWrittenToAFileThenTheConnectionIsKept() throws Exception {
        URI uri = serve((request, out, socket) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n1\r\n \r\n6\r\nworld!\r\n0\r\nTrailer: yes\r\n\r\n");
            return true;
        });
        Path target = dir.resolve("answer");
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            assertThat(text(origin, Request.get("/a"))).isEqualTo("200 hello world!");
            origin.exchange(Request.get("/b"), (head, body) -> {
                try (FileChannel file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    return body.transferTo(file);
                }
            });
        }
        assertThat(target).hasContent("hello world!");
        assertThat(connections).hasValue(1);
    }

    @Test
    void anAnswerEndedByClosingIsReadToItsEndAndItsConnectionIsNotKept() throws Exception {
        URI uri = serve((request, out, socket) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
            return false;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            assertThat(text(origin, Request.get("/a"))).isEqualTo("200 until the end");
            assertThat(text(origin, Request.get("/b"))).isEqualTo("200 until the end");
        }
        assertThat(connections).hasValue(2);
    }

    @Test
    void aKeptConnectionThatTheServerClosedIsReplacedWithoutFailingTheRequest() throws Exception {
        // the server answers, says it keeps the connection, and closes it anyway (as Orthanc does after a second)
        URI uri = serve((request, out, socket) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return false;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            assertThat(text(origin, Request.get("/first"))).isEqualTo("200 ok");
            // at once: the request goes out on the closed connection, fails without an answer, and is sent again
            assertThat(text(origin, Request.post("/second", RequestBody.text("body")))).isEqualTo("200 ok");
            Thread.sleep(HttpOrigin.CHECK_IDLE_MILLIS + 100);
            // later: the close is seen before sending
            assertThat(text(origin, Request.get("/third"))).isEqualTo("200 ok");
        }
        assertThat(received).extracting(Received::line).containsExactly("GET /first HTTP/1.1",
                "POST /second HTTP/1.1", "GET /third HTTP/1.1");
        assertThat(received.get(1).body()).isEqualTo("body".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNewConnectionThatFailsBeforeAnAnswerIsNotTriedAgain() throws Exception {
        URI uri = serve((request, out, socket) -> false);
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> text(origin, Request.post("/instances", RequestBody.text("x"))))
                    .isInstanceOf(IOException.class);
        }
        assertThat(received).hasSize(1);
    }

    @Test
    void noAnswerWithinTheTimeLimitAndAnAnswerThatStopsComingAreTimeOuts() throws Exception {
        URI uri = serve((request, out, socket) -> {
            if (request.line().startsWith("GET /stalls")) {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nsome but not all");
            }
            sleep(5_000);
            return false;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> text(origin, Request.get("/silent")))
                    .isExactlyInstanceOf(HttpTimeoutException.class).hasMessage("no answer within 1 s");
            assertThatThrownBy(() -> text(origin, Request.get("/stalls")))
                    .isInstanceOf(StalledAnswerException.class).hasMessage("the answer stopped coming (or came at under 1 KB/s) for 1 s");
        }
    }

    @Test
    void aServerThatTricklesItsAnswerIsCutOffLikeOneThatStops() throws Exception {
        // a byte every 100 ms: 10 B/s, far under the floor of about 1 KB/s; a limit on single reads would wait the
        // 30 s it takes and read the whole answer
        URI uri = serve((request, out, socket) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n");
            for (int i = 0; i < 300; i++) {
                write(out, "x");
                sleep(100);
            }
            return false;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> text(origin, Request.get("/trickles")))
                    .isInstanceOf(StalledAnswerException.class);
        }
    }

    @Test
    void interimAnswersAreSkippedAndAnswersWithoutBodiesKeepTheConnection() throws Exception {
        URI uri = serve((request, out, socket) -> {
            if (request.line().startsWith("HEAD")) {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n");
            } else {
                write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
            }
            return true;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            assertThat(text(origin, Request.post("/a", RequestBody.text("x")))).isEqualTo("204 ");
            assertThat(text(origin, new Request("HEAD", "/b", Map.of(), RequestBody.none())))
                    .isEqualTo("200 ");
            assertThat(text(origin, Request.get("/c"))).isEqualTo("204 ");
        }
        assertThat(connections).hasValue(1);
    }

    @Test
    void anAnswerThatIsNotHttpOrHasABadLengthIsAnErrorSayingSo() throws Exception {
        URI uri = serve((request, out, socket) -> {
            write(out, request.line().startsWith("GET /smtp") ? "220 mail.example.org ESMTP\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 12, 13\r\n\r\n");
            return false;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> text(origin, Request.get("/smtp")))
                    .hasMessage("an answer that is not HTTP/1.x: 220 mail.example.org ESMTP");
            assertThatThrownBy(() -> text(origin, Request.get("/length")))
                    .hasMessageContaining("a Content-Length that is not one number");
        }
    }

    @Test
    void tlsChecksTheCertificateAgainstTheHostTheUrlNames() throws Exception {
        TestPki pki = TestPki.shared();
        SSLContext serverContext = Tls.fromKeyStores(pki.keyStore("server"), TestPki.PASSWORD, null, null, false)
                .context();
        SSLContext trusting = Tls.fromKeyStores(null, null, pki.trustStore(), TestPki.PASSWORD, false).context();
        // the server's certificate names 127.0.0.1 and localhost, not 127.0.0.2
        for (String address : List.of("127.0.0.1", "127.0.0.2")) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
            https.createContext("/", exchange -> {
                byte[] body = "secret".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            https.start();
            URI uri = URI.create("https://" + address + ":" + https.getAddress().getPort());
            try (HttpOrigin origin = new HttpOrigin(uri, Duration.ofSeconds(10), trusting);
                 HttpOrigin javaDefaults = new HttpOrigin(uri, Duration.ofSeconds(10), null)) {
                if (address.equals("127.0.0.1")) {
                    assertThat(text(origin, Request.get("/"))).isEqualTo("200 secret");
                    assertThat(text(origin, Request.get("/"))).isEqualTo("200 secret");
                } else {
                    assertThatThrownBy(() -> text(origin, Request.get("/")))
                            .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("127.0.0.2");
                }
                assertThatThrownBy(() -> text(javaDefaults, Request.get("/")))
                        .isInstanceOf(SSLHandshakeException.class);
            } finally {
                https.stop(0);
            }
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (HttpOrigin origin = origin(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> text(origin, Request.get("/"))).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void requestsThatWouldSplitTheProtocolAreRefusedAndOtherCharactersAreEncoded() throws Exception {
        assertThatThrownBy(() -> Request.get("/instances/x HTTP/1.1\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.get("/a").header("X-Name", "value\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.get("/a").header("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
        URI uri = serve((request, out, socket) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            return true;
        });
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(10))) {
            text(origin, Request.get("/studies?PatientName=Müller"));
        }
        assertThat(received.get(0).line()).isEqualTo("GET /studies?PatientName=M%C3%BCller HTTP/1.1");
    }

    @Test
    void aThreadInterruptedWhileWaitingForTheAnswerStopsAtOnce() throws Exception {
        URI uri = serve((request, out, socket) -> {
            sleep(10_000);
            return false;
        });
        BlockingQueue<Throwable> outcome = new LinkedBlockingQueue<>();
        AtomicReference<Thread> waiting = new AtomicReference<>();
        try (HttpOrigin origin = origin(uri, Duration.ofSeconds(60))) {
            Thread thread = new Thread(() -> {
                try {
                    text(origin, Request.get("/slow"));
                    outcome.add(new AssertionError("an answer came"));
                } catch (Throwable e) {
                    outcome.add(e);
                }
            });
            waiting.set(thread);
            thread.start();
            while (received.isEmpty()) {
                Thread.sleep(10);
            }
            thread.interrupt();
            assertThat(outcome.poll(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
