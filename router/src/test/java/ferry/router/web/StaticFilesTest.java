package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.router.testing.Browser;
import ferry.router.testing.WebClient;
import ferry.router.web.auth.Role;
import ferry.router.web.auth.Users;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Pages and WebJars served from the jar (docs/web.md, "Adding routes"): the files' bytes, their types, 304 for a
 * browser that has them, 404 for paths that try to leave the folder or files that are not a page's, and a real
 * Chromium that runs a page with a WebJar's script under the page policy.
 */
class StaticFilesTest {
    WebServer server;
    WebClient client;

    @BeforeEach
    void start() throws IOException {
        server = WebServer.start(new WebSettings(InetAddress.getLoopbackAddress(), 0, null, Users.NONE,
                Duration.ofMinutes(5)), List.of(StaticFiles.made("/sample/made.js",
                        "const made = 1;".getBytes(StandardCharsets.UTF_8), Role.VIEWER),
                StaticFiles.folder("/sample", "ferry/web/sample", Role.VIEWER), StaticFiles.webjar("uplot")));
        client = new WebClient("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesTheFolderIndexAndItsFilesWithTheirTypesAndThePagePolicy() throws IOException {
        WebClient.Answer page = client.get("/sample/");
        WebClient.Answer script = client.get("/sample/sample.js");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo(resource("ferry/web/sample/index.html"));
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).isEqualToIgnoringWhitespace("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(StaticFiles.PAGE_POLICY);
        assertThat(script.body()).isEqualTo(resource("ferry/web/sample/sample.js"));
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).isEqualToIgnoringWhitespace("text/javascript;charset=utf-8");
    }

    @Test
    void servesAWebJarWithoutItsVersionInThePath() throws IOException {
        WebClient.Answer library = client.get("/webjars/uplot/dist/uPlot.iife.min.js");

        assertThat(library.status()).isEqualTo(200);
        assertThat(library.body()).isEqualTo(resource("META-INF/resources/webjars/uplot/"
                + StaticFiles.webjarVersion("uplot") + "/dist/uPlot.iife.min.js"));
    }

    @Test
    void servesAFileFerryMadeAsAFileOfTheJar() {
        WebClient.Answer made = client.get("/sample/made.js");
        String tag = made.headers().firstValue("ETag").orElseThrow();

        assertThat(made.body()).isEqualTo("const made = 1;");
        assertThat(made.headers().firstValue("Content-Type").orElseThrow())
                .isEqualToIgnoringWhitespace("text/javascript;charset=utf-8");
        assertThat(client.send("GET", "/sample/made.js", null, Map.of("If-None-Match", tag)).status()).isEqualTo(304);
        assertThatThrownBy(() -> StaticFiles.made("/sample/made.exe", new byte[0], Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersNotModifiedToABrowserThatHasTheFile() {
        String tag = client.get("/sample/sample.js").headers().firstValue("ETag").orElseThrow();

        WebClient.Answer again = client.send("GET", "/sample/sample.js", null, Map.of("If-None-Match", tag));

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void refusesPathsThatLeaveTheFolderAndFilesThatAreNotAPages() {
        for (String path : List.of("/sample/../sample/index.html", "/sample/%2e%2e/web/sample/index.html",
                "/sample/.hidden.js", "/sample//sample.js", "/sample/notes.bin", "/sample/missing.js",
                "/webjars/uplot/../uplot/package.json", "/webjars/uplot/dist", "/sample/..%2F..%2Flogback.xml")) {
            assertThat(client.get(path).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aRealChromiumRunsThePageWithTheWebJarsScript() {
        try (Browser browser = Browser.start()) {
            browser.driver().get("http://127.0.0.1:" + server.port() + "/sample/");

            String answer = browser.waitFor(d -> {
                String text = d.findElement(By.id("answer")).getText();
                return text.startsWith("uPlot") ? text : null;
            });

            assertThat(answer).isEqualTo("uPlot function");
            assertThat(browser.requests()).extracting(Browser.Request::url)
                    .contains("http://127.0.0.1:" + server.port() + "/webjars/uplot/dist/uPlot.iife.min.js");
            assertThat(browser.requests()).allSatisfy(r -> assertThat(r.bodyBytes()).isZero());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StaticFilesTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
