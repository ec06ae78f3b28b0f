package ferry.router.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * An HTTP server Ferry forwards to or replicates from (a DICOMweb service, an Orthanc): one client whose connections
 * are kept between objects, the credentials and extra headers every request carries, and one time limit. HTTP/1.1,
 * redirects not followed (a redirected upload would be sent again in full; the configured URL should be the final
 * one). Thread-safe: one endpoint serves every sending thread of a destination.
 *
 * <p>A server may close a kept-alive connection just as the client reuses it (Orthanc closes one idle for a second);
 * the request then fails without an answer. Such a request (not a refused connection, not a timeout) is sent again at
 * once, up to {@value #ATTEMPTS} times in all, since the next try may take another kept connection closed meanwhile
 * (seen with Orthanc under parallel requests): uploads here are safe to repeat, since a destination that receives an
 * object twice keeps it once, and so are the reads of replication.
 */
public final class HttpEndpoint {
    /** The most of an answer read: STOW-RS and Orthanc answers for one object are a few KiB. */
    static final int ANSWER_LIMIT = 256 * 1024;
    /** How often a request is sent when it fails without an answer (see the class comment). */
    static final int ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of an answer a failure's detail quotes. */
    private static final int QUOTED = 300;

    /**
     * A server's answer.
     *
     * @param status      the HTTP status
     * @param contentType its Content-Type, or empty
     * @param body        the body as text, at most {@value #ANSWER_LIMIT} bytes of it
     */
    public record Answer(int status, String contentType, String body) {
        /** HTTP 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** HTTP 408, 429 and 5xx: the server may manage later. */
        boolean passing() {
            return status == 408 || status == 429 || status >= 500;
        }

        /** The body as JSON, or null when it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }

        /** {@code HTTP 400: } and the start of the body on one line. */
        public String quote() {
            String text = body.replaceAll("\\s+", " ").strip();
            return "HTTP " + status + (text.isEmpty() ? "" : ": " + (text.length() > QUOTED
                    ? text.substring(0, QUOTED) + "…" : text));
        }
    }

    private final URI base;
    private final Duration timeout;
    private final String authorization;
    private final Map<String, String> headers;
    private final HttpClient client;

    /**
     * @param base          the server's base URL
     * @param authorization the Authorization header's value ({@link #basic}, {@link #bearer}), or null for none
     * @param headers       extra headers of every request
     * @param ssl           the TLS context for https, or null for Java's default
     */
    HttpEndpoint(URI base, Duration timeout, String authorization, Map<String, String> headers, SSLContext ssl) {
        this.base = base;
        this.timeout = timeout;
        this.authorization = authorization;
        this.headers = Map.copyOf(headers);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
    }

    /** The endpoint of an Orthanc's REST API: basic authentication as its user, when one is configured. */
    public static HttpEndpoint orthanc(DestinationConfig.Orthanc config, String password, SSLContext ssl) {
        return new HttpEndpoint(config.url(), config.timeout(),
                config.user() == null ? null : basic(config.user(), password), Map.of(), ssl);
    }

    /** The endpoint of a DICOMweb service: its authentication and extra headers. */
    public static HttpEndpoint dicomWeb(DestinationConfig.DicomWeb config, String secret, SSLContext ssl) {
        String authorization = switch (config.auth()) {
            case NONE -> null;
            case BASIC -> basic(config.user(), secret);
            case BEARER -> bearer(secret);
        };
        return new HttpEndpoint(config.url(), config.timeout(), authorization, config.headers(), ssl);
    }

    /** {@code Basic} credentials (RFC 7617), UTF-8. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code Bearer} token (RFC 6750). */
    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The base URL without credentials, query or fragment, for logs: {@code https://pacs.example.org/dicom-web}. */
    public String describe() {
        String port = base.getPort() < 0 ? "" : ":" + base.getPort();
        return base.getScheme() + "://" + base.getHost() + port + (base.getRawPath() == null ? "" : base.getRawPath());
    }

    /** A request to {@code path} under the base URL, with the time limit, credentials and headers. */
    public HttpRequest.Builder request(String path) {
        String root = base.toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
                .timeout(timeout)
                .header("User-Agent", "Ferry");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return request;
    }

    /**
     * Sends {@code request} and reads the answer (at most {@value #ANSWER_LIMIT} bytes of its body), sending it again
     * when the connection dropped before any answer.
     *
     * @throws IOException when there is no answer; {@link #why} says what that means
     */
    public Answer send(HttpRequest request) throws IOException, InterruptedException {
        return answer(receive(request, null, ANSWER_LIMIT, false));
    }

    /**
     * Like {@link #send}, reading the whole body however long, up to {@code limit} bytes (a long JSON listing).
     *
     * @throws IOException when there is no answer, or its body is over {@code limit} bytes
     */
    public Answer read(HttpRequest request, int limit) throws IOException, InterruptedException {
        return answer(receive(request, null, limit, true));
    }

    /**
     * Like {@link #send}, writing the body of a 2xx answer to {@code target} (created or replaced) as it arrives,
     * never whole in memory; the answer returned then has an empty body. Another answer's body is read as
     * {@link #send} reads it, and {@code target} is left alone.
     *
     * @throws java.nio.file.FileSystemException when {@code target} cannot be written
     */
    public Answer download(HttpRequest request, Path target) throws IOException, InterruptedException {
        return answer(receive(request, target, ANSWER_LIMIT, false));
    }

    private static Answer answer(HttpResponse<ReceivedBody> response) {
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                new String(response.body().bytes(), StandardCharsets.UTF_8));
    }

    /**
     * One exchange, sent again when it failed before any answer otherwise than by a refused connection or a
     * timeout. The request's own time limit runs until the answer's headers; after them, the body must not stall for
     * as long (the JDK's client would wait for it forever).
     */
    private HttpResponse<ReceivedBody> receive(HttpRequest request, Path file, int limit, boolean failOverLimit)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            AtomicReference<ReceivedBody> body = new AtomicReference<>();
            CompletableFuture<HttpResponse<ReceivedBody>> answer = client.sendAsync(request, info -> {
                body.set(file != null && info.statusCode() / 100 == 2 ? ReceivedBody.toFile(file)
                        : ReceivedBody.inMemory(limit, failOverLimit));
                return body.get();
            });
            try {
                return awaitWhileReceiving(answer, body);
            } catch (ConnectException | HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (body.get() != null || attempt == ATTEMPTS) {
                    throw e;
                }
            } catch (InterruptedException e) {
                ReceivedBody received = body.get();
                if (received != null) {
                    received.abort(new InterruptedIOException("interrupted"));
                }
                answer.cancel(true);
                throw e;
            }
        }
    }

    private HttpResponse<ReceivedBody> awaitWhileReceiving(CompletableFuture<HttpResponse<ReceivedBody>> answer,
                                                           AtomicReference<ReceivedBody> body)
            throws IOException, InterruptedException {
        long seen = -1;
        while (true) {
            try {
                return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException waiting) {
                ReceivedBody received = body.get();
                if (received != null) {
                    if (received.received() == seen) {
                        Stalled stalled = new Stalled(timeout);
                        received.abort(stalled);
                        answer.cancel(true);
                        throw stalled;
                    }
                    seen = received.received();
                }
            } catch (ExecutionException failed) {
                Throwable cause = failed.getCause();
                if (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(cause);
            }
        }
    }

    /** An answer whose body stopped coming. */
    private static final class Stalled extends HttpTimeoutException {
        Stalled(Duration timeout) {
            super("the answer stopped coming for " + timeout.toSeconds() + " s");
        }
    }

    /** Why there was no answer, in words: "cannot connect: Connection refused", "no answer within 30 s". */
    public String why(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot connect within " + timeout.toSeconds() + " s";
        } else if (e instanceof Stalled) {
            return e.getMessage();
        } else if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        } else if (e instanceof ConnectException) {
            return "cannot connect" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return e.toString();
    }

    /** {@code FAILED}, saying why there was no answer. */
    Delivery failure(IOException e) {
        return Delivery.failed(describe() + ": " + why(e));
    }

    /**
     * What an answer's status alone means: 2xx {@code DELIVERED}; 408, 429 and 5xx {@code FAILED}; anything else
     * (4xx, and 3xx since redirects are not followed) {@code REJECTED}, quoting the body.
     */
    Delivery byStatus(Answer answer) {
        String detail = describe() + ": " + answer.quote();
        if (answer.ok()) {
            return Delivery.delivered(detail);
        }
        return answer.passing() ? Delivery.failed(detail) : Delivery.rejected(detail);
    }
}
