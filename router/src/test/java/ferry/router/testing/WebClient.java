package ferry.router.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A client of Ferry's web server for tests, over the JDK's HTTP client: plain, with HTTP Basic credentials, or
 * logged in with a session cookie (and its CSRF token, sent with each change unless told not to).
 */
public final class WebClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String cookie;
    private String csrf;

    /** A client of the server at {@code base} ({@code http://127.0.0.1:PORT/}). */
    public WebClient(String base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** A client of an HTTPS server whose certificate {@code ssl} trusts. */
    public WebClient(String base, SSLContext ssl) {
        this(base, HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build());
    }

    private WebClient(String base, HttpClient http) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = http;
    }

    /** A new client of the same server that sends HTTP Basic credentials with every request. */
    public WebClient basic(String user, String password) {
        WebClient client = new WebClient(base, http);
        client.headers.putAll(headers);
        client.headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
        return client;
    }

    /** A new client of the same server that sends {@code name: value} with every request. */
    public WebClient with(String name, String value) {
        WebClient client = new WebClient(base, http);
        client.headers.putAll(headers);
        client.headers.put(name, value);
        client.cookie = cookie;
        client.csrf = csrf;
        return client;
    }

    /** Logs in; returns the answer. On success, later requests carry the session cookie and the CSRF token. */
    public Answer login(String user, String password) {
        Answer answer = send("POST", "/api/login", JSON.createObjectNode().put("username", user)
                .put("password", password).toString(), Map.of("Content-Type", "application/json"));
        if (answer.status() == 200) {
            String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            csrf = answer.json().path("csrfToken").asText();
        }
        return answer;
    }

    /** The Set-Cookie header of the login, for checking its attributes. */
    public String cookie() {
        return cookie;
    }

    /** The CSRF token of the session. */
    public String csrfToken() {
        return csrf;
    }

    /** Uses {@code token} as the CSRF token from now on (null: none). */
    public WebClient csrf(String token) {
        csrf = token;
        return this;
    }

    public Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    /** A POST of {@code json} (null: no body) with the CSRF token, when there is one. */
    public Answer post(String path, String json) {
        return send("POST", path, json, json == null ? Map.of() : Map.of("Content-Type", "application/json"));
    }

    /** A request of any method with extra headers. */
    public Answer send(String method, String path, String body, Map<String, String> extra) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null && !method.equals("GET")) {
            request.header("X-CSRF-Token", csrf);
        }
        extra.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code text} as JSON. */
    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** An answer: its status, body and headers. */
    public record Answer(int status, String body, HttpHeaders headers) {
        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
