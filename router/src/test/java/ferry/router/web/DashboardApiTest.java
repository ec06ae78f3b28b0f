package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ferry.core.testing.Await;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.TestStudy;
import ferry.router.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard adds to the REST API (docs/api.md, "The dashboard's data") and the pages as files: objects and
 * bytes per minute equal to what was received, the last log lines, both only to logged-in users; the pages to
 * anyone, holding no data.
 */
class DashboardApiTest {
    @TempDir
    Path dir;

    @AutoClose
    WebFerry ferry;

    private void startAndSend(String patientId) throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + """
                routes:
                  - name: research
                    when: {called: FERRY}
                    store: {folder: store}
                """);
        TestStudy.of(patientId, "2.25.85000", 3).write(dir.resolve("out"));
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, dir.resolve("out")).exitCode()).isZero();
    }

    @Test
    void receivedPerMinuteCountsWhatWasReceivedAsTheStatusDoesForLoggedInUsersOnly() throws Exception {
        startAndSend("P-MIN");
        WebClient viewer = ferry.viewer();
        Await.until("3 objects counted", () -> sum(viewer.get("/api/received/per-minute").json(), "objects") == 3);

        JsonNode series = viewer.get("/api/received/per-minute?minutes=5").json();
        JsonNode minutes = series.path("minutes");
        assertThat(minutes).hasSize(5);
        for (int i = 1; i < 5; i++) {
            assertThat(Duration.between(Instant.parse(minutes.get(i - 1).path("at").asText()),
                    Instant.parse(minutes.get(i).path("at").asText()))).isEqualTo(Duration.ofMinutes(1));
        }
        assertThat(Instant.parse(minutes.get(4).path("at").asText()))
                .isBeforeOrEqualTo(Instant.parse(series.path("at").asText()));
        assertThat(sum(series, "objects")).isEqualTo(3);
        assertThat(sum(series, "bytes")).as("the bytes the status counts for the route")
                .isEqualTo(viewer.get("/api/status").json().at("/received/perRoute/research/bytes").asLong());
        assertThat(viewer.get("/api/received/per-minute").json().path("minutes")).hasSize(60);

        assertThat(ferry.client().get("/api/received/per-minute").status()).isEqualTo(401);
        for (String bad : List.of("0", "181", "ten")) {
            assertThat(viewer.get("/api/received/per-minute?minutes=" + bad).status()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void theLogGivesTheLastLinesFilteredByLevelForLoggedInUsersOnly() throws Exception {
        startAndSend("P-LOG");
        WebClient viewer = ferry.viewer();
        Await.until("the association's line", () -> viewer.get("/api/log?limit=500").body()
                .contains("association SCANNER@127.0.0.1"));

        JsonNode lines = viewer.get("/api/log").json();
        assertThat(lines.size()).isBetween(1, 100);
        JsonNode association = null;
        for (JsonNode line : lines) {
            if (line.path("message").asText().startsWith("association SCANNER@127.0.0.1")) {
                association = line;
            }
        }
        assertThat(association).isNotNull();
        assertThat(association.path("level").asText()).isEqualTo("INFO");
        assertThat(association.path("logger").asText()).isEqualTo("EventLog");
        assertThat(association.path("message").asText()).contains("→ FERRY", "3 object(s)");
        long last = lines.get(lines.size() - 1).path("sequence").asLong();
        assertThat(viewer.get("/api/log?after=" + last).json()).isEmpty();
        assertThat(viewer.get("/api/log?limit=1").json()).hasSize(1);
        assertThat(viewer.get("/api/log?level=warn&limit=500").json())
                .allSatisfy(line -> assertThat(line.path("level").asText()).isIn("WARN", "ERROR"));

        assertThat(ferry.client().get("/api/log").status()).isEqualTo(401);
        assertThat(viewer.get("/api/log?level=loud").status()).isEqualTo(400);
        assertThat(viewer.get("/api/log?limit=501").status()).isEqualTo(400);
    }

    @Test
    void thePagesAreServedToAnyoneUnderThePagePolicyAndHoldNoData() throws Exception {
        startAndSend("P-SECRET");
        WebClient anonymous = ferry.client();

        for (String page : List.of("/", "/ui/", "/ui/login.html", "/ui/browse.html")) {
            WebClient.Answer answer = anonymous.get(page);
            assertThat(answer.status()).as(page).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(page)
                    .hasValue(StaticFiles.PAGE_POLICY);
            assertThat(answer.body()).as(page).doesNotContain("P-SECRET").doesNotContain("<script>");
        }
        assertThat(anonymous.get("/").body()).isEqualTo(anonymous.get("/ui/").body()).contains("/ui/dashboard.js");
        assertThat(anonymous.get("/viewer/dictionary-data.js").body()).as("the tag tree's names")
                .contains("00100020\\tLO\\t1\\tPatientID\\tPatient ID");
        assertThat(anonymous.get("/webjars/uplot/dist/uPlot.min.css").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/studies").status()).as("the data stays behind the API").isEqualTo(401);

        JsonNode openApi = anonymous.get("/api/openapi.json").json();
        for (String path : List.of("/api/received/per-minute", "/api/log")) {
            assertThat(openApi.at("/paths/" + path.replace("/", "~1") + "/get/responses/401").isMissingNode())
                    .as(path).isFalse();
        }
    }

    private static long sum(JsonNode series, String field) {
        long sum = 0;
        for (JsonNode minute : series.path("minutes")) {
            sum += minute.path(field).asLong();
        }
        return sum;
    }
}
