package ferry.router.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.router.http.HttpOrigin;
import ferry.router.http.Request;
import ferry.router.http.ResponseBody;
import ferry.router.http.ResponseHead;
import ferry.router.http.StalledAnswerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * An HTTP server Ferry forwards to or replicates from (a DICOMweb service, an Orthanc): its connections, kept between
 * objects ({@link HttpOrigin}), the credentials and extra headers every request carries, and one time limit.
 * HTTP/1.1, redirects not followed (a redirected upload would be sent again in full; the configured URL should be the
 * final one). A request that found a kept connection closed by the server is sent again ({@link HttpOrigin}): uploads
 * here are safe to repeat, since a destination that receives an object twice keeps it once, and so are the reads of
 * replication. Thread-safe: one endpoint serves every sending thread of a destination.
 */
public final class HttpEndpoint implements AutoCloseable {
    /** The most of an answer read: STOW-RS and Orthanc answers for one object are a few KiB. */
    static final int ANSWER_LIMIT = 256 * 1024;
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
    private final String root;
    private final Duration timeout;
    /** The headers of every request: User-Agent, Authorization, the configured ones. */
    private final Map<String, String> always;
    private final HttpOrigin origin;

    /**
     * @param base          the server's base URL
     * @param authorization the Authorization header's value ({@link #basic}, {@link #bearer}), or null for none
     * @param headers       extra headers of every request
     * @param ssl           the TLS context for https, or null for Java's default
     */
    HttpEndpoint(URI base, Duration timeout, String authorization, Map<String, String> headers, SSLContext ssl) {
        this.base = base;
        this.root = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.timeout = timeout;
        Map<String, String> always = new LinkedHashMap<>();
        always.put("User-Agent", "Ferry");
        if (authorization != null) {
            always.put("Authorization", authorization);
        }
        always.putAll(headers);
        this.always = Map.copyOf(always);
        this.origin = new HttpOrigin(base, timeout, ssl);
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

    /** {@code request} under the base URL's path, with the credentials and headers. */
    private Request prepared(Request request) {
        return request.under(root).headers(always);
    }

    /**
     * Sends {@code request} (its target a path under the base URL) and reads the answer, at most
     * {@value #ANSWER_LIMIT} bytes of its body.
     *
     * @throws IOException when there is no answer; {@link #why} says what that means
     */
    public Answer send(Request request) throws IOException, InterruptedException {
        return origin.exchange(prepared(request), (head, body) -> answer(head, body, ANSWER_LIMIT, false));
    }

    /**
     * Like {@link #send}, reading the whole body however long, up to {@code limit} bytes (a long JSON listing).
     *
     * @throws IOException when there is no answer, or its body is over {@code limit} bytes
     */
    public Answer read(Request request, int limit) throws IOException, InterruptedException {
        return origin.exchange(prepared(request), (head, body) -> answer(head, body, limit, true));
    }

    /**
     * Like {@link #send}, writing the body of a 2xx answer to {@code target} (created or replaced) as it arrives,
     * never whole in memory; the answer returned then has an empty body. Another answer's body is read as
     * {@link #send} reads it, and {@code target} is left alone.
     *
     * @throws FileSystemException when {@code target} cannot be written
     */
    public Answer download(Request request, Path target) throws IOException, InterruptedException {
        return origin.exchange(prepared(request), (head, body) -> {
            if (head.status() / 100 != 2) {
                return answer(head, body, ANSWER_LIMIT, false);
            }
            try (FileChannel file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                body.transferTo(file);
            } catch (FileSystemException e) {
                throw e.getFile() != null ? e : new FileSystemException(target.toString(), null, e.getReason());
            }
            return new Answer(head.status(), contentType(head), "");
        });
    }

    private static String contentType(ResponseHead head) {
        String type = head.header("content-type");
        return type == null ? "" : type;
    }

    /**
     * The answer with its body as text: at most {@code limit} bytes of it; with {@code failOverLimit} a longer body
     * is an IOException, else the rest is left unread (and its connection closed).
     */
    private static Answer answer(ResponseHead head, ResponseBody body, int limit, boolean failOverLimit)
            throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        while (kept.size() < limit) {
            int n = body.read(buffer, 0, Math.min(buffer.length, limit - kept.size()));
            if (n < 0) {
                break;
            }
            kept.write(buffer, 0, n);
        }
        if (failOverLimit && kept.size() >= limit && body.read() >= 0) {
            throw new IOException("an answer over " + limit + " bytes");
        }
        return new Answer(head.status(), contentType(head), kept.toString(StandardCharsets.UTF_8));
    }

    /** Why there was no answer, in words: "cannot connect: Connection refused", "no answer within 30 s". */
    public String why(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot connect within " + timeout.toSeconds() + " s";
        } else if (e instanceof StalledAnswerException) {
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

    /** Closes the kept connections. */
    @Override
    public void close() {
        origin.close();
    }
}
