package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.router.testing.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web server's security, tried as an attacker would (docs/web.md, "Security"): who may read and change what,
 * sessions and their CSRF tokens, the limit on failed logins, requests from other sites and other host names, and
 * path parameters that try to leave the data folders. A Ferry with an admin and a viewer runs for each test.
 */
class WebSecurityTest {
    @TempDir
    Path dir;

    WebFerry ferry;

    @BeforeEach
    void start() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + "routes:\n  - name: all\n    default: true\n"
                + "    store: {folder: store}\n");
    }

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    @Test
    void prometheusScrapesMetricsAsAViewerAndNotAnonymously() {
        WebClient.Answer scraped = ferry.viewer().get("/metrics");

        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(scraped.body()).contains("# TYPE ferry_build_info gauge", "ferry_disk_free_bytes{");
        assertThat(ferry.client().get("/metrics").status()).isEqualTo(401);
    }

    @Test
    void anonymousCallersAre401WithAChallengeForScriptsOnly() {
        WebClient.Answer script = ferry.client().get("/api/status");
        WebClient.Answer browser = ferry.client().with("Sec-Fetch-Mode", "navigate").get("/api/studies");

        assertThat(script.status()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Ferry\", charset=\"UTF-8\"");
        assertThat(script.json().path("error").asText()).contains("log in first");
        assertThat(browser.status()).isEqualTo(401);
        assertThat(browser.headers().firstValue("WWW-Authenticate")).as("a browser is never asked for Basic "
                + "credentials, so it never keeps any to send on its own").isEmpty();
    }

    @Test
    void aViewerReadsButChangesNothing() {
        assertThat(ferry.viewer().get("/api/status").status()).isEqualTo(200);
        assertThat(ferry.viewer().get("/api/queue").status()).isEqualTo(200);

        WebClient.Answer retry = ferry.viewer().post("/api/queue/retry", "{}");
        WebClient.Answer reload = ferry.viewer().post("/api/config/reload", null);

        assertThat(retry.status()).isEqualTo(403);
        assertThat(retry.json().path("error").asText()).isEqualTo("vic is a viewer; this needs an admin");
        assertThat(reload.status()).isEqualTo(403);
    }

    @Test
    void anAdminWithBasicCredentialsChangesWithoutACsrfToken() {
        WebClient.Answer retry = ferry.admin().post("/api/queue/retry", "{}");

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("message").asText()).startsWith("0 failed job(s) queued again");
    }

    @Test
    void wrongBasicCredentialsAre401() {
        assertThat(ferry.client().basic(WebFerry.ADMIN, "wrong").get("/api/status").status()).isEqualTo(401);
        assertThat(ferry.client().basic("nobody", "wrong").get("/api/status").status()).isEqualTo(401);
    }

    @Test
    void aSessionCookieIsHttpOnlyAndStrictAndItsChangesNeedItsCsrfToken() {
        WebClient session = ferry.client();
        WebClient.Answer login = session.login(WebFerry.ADMIN, WebFerry.ADMIN_PASSWORD);

        assertThat(login.status()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("ferry_session=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").doesNotContain("Secure");
        assertThat(setCookie.substring("ferry_session=".length(), setCookie.indexOf(';')))
                .as("a random id of 256 bits").hasSize(43);
        assertThat(login.json().path("role").asText()).isEqualTo("admin");
        String token = session.csrfToken();
        assertThat(token).hasSize(43);
        assertThat(session.get("/api/session").json().path("user").asText()).isEqualTo(WebFerry.ADMIN);

        WebClient.Answer without = session.csrf(null).post("/api/queue/retry", "{}");
        WebClient.Answer wrong = session.csrf("not-the-token").post("/api/queue/retry", "{}");
        WebClient.Answer with = session.csrf(token).post("/api/queue/retry", "{}");

        assertThat(without.status()).isEqualTo(403);
        assertThat(without.json().path("error").asText()).contains("CSRF token is missing or wrong");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(with.status()).isEqualTo(200);
    }

    @Test
    void aLoggedOutSessionIsNoLongerAccepted() {
        WebClient session = ferry.client();
        session.login(WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD);
        String cookie = session.cookie();

        WebClient.Answer logout = session.post("/api/logout", null);

        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(ferry.client().with("Cookie", cookie).get("/api/status").status()).isEqualTo(401);
    }

    @Test
    void aLogoutWithoutTheCsrfTokenIsRefused() {
        WebClient session = ferry.client();
        session.login(WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD);

        assertThat(session.csrf(null).post("/api/logout", null).status()).isEqualTo(403);
        assertThat(session.get("/api/status").status()).isEqualTo(200);
    }

    @Test
    void afterFiveFailedLoginsAnAddressMustWaitEvenWithTheRightPassword() {
        WebClient client = ferry.client();
        for (int i = 0; i < 5; i++) {
            assertThat(client.login(WebFerry.ADMIN, "guess " + i).status()).as("attempt %d", i).isEqualTo(401);
        }

        WebClient.Answer sixth = client.login(WebFerry.ADMIN, WebFerry.ADMIN_PASSWORD);
        WebClient.Answer basic = ferry.admin().get("/api/status");

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.json().path("error").asText()).startsWith("too many failed logins from 127.0.0.1");
        assertThat(Long.parseLong(sixth.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        assertThat(basic.status()).as("Basic credentials are held back alike").isEqualTo(429);
    }

    @Test
    void failedBasicCredentialsCountAsFailedLogins() {
        for (int i = 0; i < 5; i++) {
            ferry.client().basic(WebFerry.VIEWER, "guess " + i).get("/api/status");
        }

        assertThat(ferry.client().login(WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void aLoginMustBeJson() {
        WebClient.Answer form = ferry.client().send("POST", "/api/login", "username=ada&password=x",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void aChangeFromAnotherSiteIsRefusedWhateverTheCredentials() {
        WebClient.Answer crossSite = ferry.admin().with("Sec-Fetch-Site", "cross-site").post("/api/queue/retry",
                "{}");
        WebClient.Answer sameOrigin = ferry.admin().with("Sec-Fetch-Site", "same-origin").post("/api/queue/retry",
                "{}");

        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.json().path("error").asText()).contains("from another site");
        assertThat(sameOrigin.status()).isEqualTo(200);
    }

    @Test
    void aServerOnLoopbackAnswersOnlyRequestsForLocalHostNames() throws IOException {
        int port = URI.create(ferry.url()).getPort();

        String rebound = raw(port, "evil.example:" + port);
        String local = raw(port, "localhost:" + port);

        assertThat(rebound).startsWith("HTTP/1.1 403").contains("localhost only");
        assertThat(local).startsWith("HTTP/1.1 200");
    }

    /** A GET of /api/session with Basic credentials and {@code host} as the Host header, over a plain socket. */
    private static String raw(int port, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            String credentials = Base64.getEncoder().encodeToString((WebFerry.ADMIN + ":"
                    + WebFerry.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            out.write(("GET /api/session HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Basic " + credentials
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void hostilePathParametersAreRefusedAndReadNothingOutsideTheDataFolders() throws IOException {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:secret");
        Path unrouted = Files.createDirectories(ferry.service.config().unroutedDirectory());
        Files.createSymbolicLink(unrouted.resolve("link.dcm"), outside);
        WebClient admin = ferry.admin();

        for (String path : new String[] {"/api/index/instances/..%2F..%2F..%2Fetc%2Fpasswd/tags",
            "/api/index/instances/%2e%2e/tags", "/api/studies/..%2F..%2Fsecret.txt",
            "/api/index/instances/1.2.3%00/tags", "/api/queue/..%2F..%2Fsecret.txt/jobs"}) {
            WebClient.Answer answer = admin.get(path);
            assertThat(answer.status()).as(path).isIn(400, 404);
            assertThat(answer.body()).as(path).doesNotContain("root:x");
        }
        WebClient.Answer reroute = admin.post("/api/unrouted/reroute", "{\"paths\": [\"../../secret.txt\", \""
                + outside + "\", \"..\", \"link.dcm\", \"a/../../secret.txt\", \"\"]}");
        WebClient.Answer resend = admin.post("/api/resend", "{\"study\": \"../../secret.txt\", \"destination\": "
                + "\"x\"}");
        WebClient.Answer listing = admin.get("/api/unrouted");

        assertThat(reroute.status()).isEqualTo(400);
        assertThat(reroute.json().path("error").asText()).startsWith("not objects of the unrouted area: "
                + "'../../secret.txt', '" + outside + "', '..', 'link.dcm', 'a/../../secret.txt', ''");
        assertThat(resend.status()).isEqualTo(400);
        assertThat(outside).hasContent("root:x:0:0:secret");
        assertThat(unrouted.resolve("link.dcm")).exists();
        assertThat(listing.json().path("total").asLong()).as("a link is not an object of the area").isZero();
    }

    @Test
    void theOpenApiDocumentDescribesEveryApiRouteAndNoOther() {
        WebClient.Answer document = ferry.client().get("/api/openapi.json");

        assertThat(document.status()).as("anyone may read it").isEqualTo(200);
        JsonNode openApi = document.json();
        assertThat(openApi.path("openapi").asText()).startsWith("3.");
        Set<String> described = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> described.add(method.toUpperCase() + " "
                    + path.getKey()));
            path.getValue().forEach(operation -> operation.findValues("$ref").forEach(ref -> assertThat(openApi.at(
                    ref.asText().substring(1)).isMissingNode()).as(ref.asText()).isFalse()));
        }
        Set<String> registered = new HashSet<>();
        ferry.service.webRoutes().stream().filter(route -> route.path().startsWith("/api/"))
                .forEach(route -> registered.add(route.method() + " " + route.path()));

        assertThat(described).isEqualTo(registered).contains("GET /api/status", "POST /api/login",
                "GET /api/index/instances/{instance}/tags");
    }

    @Test
    void docsApiMdDescribesEveryApiRouteWithACurlExample() throws IOException {
        String api = Files.readString(Path.of("..", "docs", "api.md"));
        Set<String> documented = new HashSet<>();
        Matcher heading = Pattern.compile("\n### `(GET|POST) (/api/[^`]*)`\n")
                .matcher(api);
        while (heading.find()) {
            documented.add(heading.group(1) + " " + heading.group(2));
            String section = api.substring(heading.end(), api.indexOf("\n#", heading.end()) < 0 ? api.length()
                    : api.indexOf("\n#", heading.end()));
            assertThat(section).as(heading.group(2)).contains("```sh\ncurl ");
        }
        Set<String> registered = new HashSet<>();
        ferry.service.webRoutes().stream().filter(route -> route.path().startsWith("/api/"))
                .forEach(route -> registered.add(route.method() + " " + route.path()));

        assertThat(documented).isEqualTo(registered);
    }
}
