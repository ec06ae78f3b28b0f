package ferry.router.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * An HTTP server Ferry forwards to (a DICOMweb service, an Orthanc): one client whose connections are kept between
 * objects, the credentials and extra headers every request carries, and one time limit. HTTP/1.1, redirects not
 * followed (a redirected upload would be sent again in full; the configured URL should be the final one).
 *
 * <p>A server may close a kept-alive connection just as the client reuses it; the request then fails without an
 * answer. Such a request (not a refused connection, not a timeout) is sent once more at once: uploads here are safe
 * to repeat, since a destination that receives an object twice keeps it once.
 */
final class HttpEndpoint {
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
    record Answer(int status, String contentType, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** HTTP 408, 429 and 5xx: the server may manage later. */
        boolean passing() {
            return status == 408 || status == 429 || status >= 500;
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }

        /** {@code HTTP 400: } and the start of the body on one line. */
        String quote() {
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

    /** {@code Basic} credentials (RFC 7617), UTF-8. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code Bearer} token (RFC 6750). */
    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The base URL without credentials, query or fragment, for logs: {@code https://pacs.example.org/dicom-web}. */
    String describe() {
        String port = base.getPort() < 0 ? "" : ":" + base.getPort();
        return base.getScheme() + "://" + base.getHost() + port + (base.getRawPath() == null ? "" : base.getRawPath());
    }

    /** A request to {@code path} under the base URL, with the time limit, credentials and headers. */
    HttpRequest.Builder request(String path) {
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
     * Sends {@code request} and reads the answer, sending it once more when the connection dropped before any answer.
     *
     * @throws IOException when there is no answer; {@link #failure} says what that means
     */
    Answer send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return exchange(request);
        } catch (ConnectException | HttpTimeoutException e) {
            throw e;
        } catch (IOException dropped) {
            return exchange(request);
        }
    }

    private Answer exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(ANSWER_LIMIT);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** {@code FAILED}, saying why there was no answer. */
    Delivery failure(IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "cannot connect within " + timeout.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + timeout.toSeconds() + " s";
        } else if (e instanceof ConnectException) {
            why = "cannot connect" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } else {
            why = e.toString();
        }
        return Delivery.failed(describe() + ": " + why);
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
