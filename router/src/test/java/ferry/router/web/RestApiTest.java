package ferry.router.web;

import ferry.core.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.net.assoc.Association;
import ferry.net.assoc.PresentationContext;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.net.pdu.PresentationContextRq;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryRun;
import ferry.router.testing.TestStudy;
import ferry.router.testing.WebClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the REST API against a Ferry running in this JVM, with objects sent by dcmtk's storescu
 * (docs/api.md): what the API says is compared with what was sent, with the files on disk, and with what
 * {@code ferry status --json} and {@code ferry queue --json} print.
 */
class RestApiTest {
    @TempDir
    Path dir;

    WebFerry ferry;

    @AfterEach
    void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    /** Routes: {@code research} (called FERRY) stores, forwards to {@code flaky} and notifies by a command. */
    private String routes(String quietPeriod) {
        return "queue: {attempts: 1}\n"
                + "notifications: {give-up-after: 0s}\n"
                + "destinations:\n"
                + "  copy: {folder: {folder: copy}}\n"
                + "  flaky: {folder: {folder: blocked/flaky}}\n"
                + "routes:\n"
                + "  - name: research\n"
                + "    when: {called: FERRY}\n"
                + "    store: {folder: store}\n"
                + "    forward: [flaky]\n"
                + "    completion: {quiet-period: " + quietPeriod + "}\n"
                + "    notify:\n"
                + "      - command: {run: [/bin/sh, -c, \"test -f " + dir.resolve("flag") + "\"]}\n";
    }

    private List<Path> send(String calledAe, TestStudy study, String folder) throws IOException {
        List<Path> files = study.write(dir.resolve(folder));
        assertThat(Dcmtk.send("SCANNER", calledAe, ferry.dicomPort, dir.resolve(folder)).exitCode()).isZero();
        return files;
    }

    private static JsonNode destination(JsonNode queue, String name) {
        for (JsonNode destination : queue.path("destinations")) {
            if (destination.path("destination").asText().equals(name)) {
                return destination;
            }
        }
        throw new AssertionError("no destination " + name + " in " + queue);
    }

    @Test
    void statusRoutesAndTheQueueOfAFailingDestinationAgreeWithTheCommandLineAndRetryAndPurgeWork()
            throws Exception {
        Files.writeString(dir.resolve("blocked"), "a file where the destination's folder would be");
        ferry = WebFerry.start(dir, WebFerry.users() + routes("1h"));
        WebClient admin = ferry.admin();
        List<Path> sent = send("FERRY", TestStudy.of("P-Q", "2.25.71000", 3), "out");
        Await.until("3 failed jobs of flaky", () -> destination(admin.get("/api/queue").json(), "flaky")
                .path("failed").asLong() == 3);

        JsonNode status = admin.get("/api/status").json();
        assertThat(status.at("/received/perRoute/research/objects").asLong()).isEqualTo(3);
        assertThat(status.at("/listeners/0/port").asInt()).isEqualTo(ferry.dicomPort);
        assertThat(status.path("web").asText()).isEqualTo(ferry.url());
        JsonNode routes = admin.get("/api/routes").json();
        assertThat(routes).hasSize(1);
        assertThat(routes.at("/0/name").asText()).isEqualTo("research");
        assertThat(routes.at("/0/forwards/0").asText()).isEqualTo("flaky");
        assertThat(routes.at("/0/receivedSinceStart/objects").asLong()).isEqualTo(3);
        assertThat(routes.at("/0/receivedAllTime/objects").asLong()).isEqualTo(3);
        JsonNode jobs = admin.get("/api/queue/flaky/jobs?state=failed").json();
        Set<String> uids = new HashSet<>();
        jobs.forEach(job -> uids.add(job.path("sopInstanceUid").asText()));
        assertThat(uids).containsExactlyInAnyOrder("2.25.71000.1.1", "2.25.71000.1.2", "2.25.71000.1.3");
        assertThat(jobs.get(0).path("lastError").asText()).contains("flaky");
        assertThat(admin.get("/api/queue/flaky/jobs?state=pending").json()).isEmpty();
        assertThat(admin.get("/api/queue/flaky/jobs?state=done").status()).isEqualTo(400);
        assertThat(admin.get("/api/queue/nowhere/jobs").status()).isEqualTo(404);

        // the command line prints the same data
        Path config = dir.resolve("ferry.yaml");
        JsonNode cliStatus = WebClient.parse(FerryRun.of("status", "--json", "--config", config.toString()).out());
        JsonNode apiStatus = admin.get("/api/status").json();
        for (JsonNode data : List.of(cliStatus, apiStatus)) {
            data.at("/studies/first").forEach(study -> ((ObjectNode) study).remove("secondsLeft")); // a countdown
        }
        for (String field : new String[] {"listeners", "received", "forwardQueue", "studies", "journal", "version",
            "pid", "startedAt", "dataDirectory", "web"}) {
            assertThat(cliStatus.path(field)).as(field).isEqualTo(apiStatus.path(field));
        }
        JsonNode cliQueue = WebClient.parse(FerryRun.of("queue", "--json", "--config", config.toString()).out());
        JsonNode apiQueue = admin.get("/api/queue").json();
        ((ObjectNode) cliQueue).remove("at");
        ((ObjectNode) apiQueue).remove("at");
        assertThat(cliQueue).isEqualTo(apiQueue);
        long first = jobs.get(0).path("id").asLong();
        assertThat(FerryRun.of("queue", "--config", config.toString()).out()).as("job ids in ferry queue")
                .containsPattern("\n  " + first + "\\s+failed\\s+1 ");

        // a retry of one job by id after the destination was fixed delivers it, a purge removes the others
        WebClient.Answer unknown = admin.post("/api/queue/retry", "{\"jobs\": [999999]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asText()).contains("999999");
        Files.delete(dir.resolve("blocked"));
        WebClient.Answer retry = admin.post("/api/queue/retry", "{\"jobs\": [" + first + "]}");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("message").asText()).startsWith("1 failed job(s) queued again");
        Await.until("the retried job delivered", () -> destination(admin.get("/api/queue").json(), "flaky")
                .path("failed").asLong() == 2 && Files.isDirectory(dir.resolve("blocked/flaky")));
        String retried = jobs.get(0).path("sopInstanceUid").asText();
        Await.until("its file in flaky", () -> files(dir.resolve("blocked/flaky")).size() == 1);
        assertThat(dataSet(files(dir.resolve("blocked/flaky")).get(0))).isEqualTo(dataSet(sent.stream()
                .filter(f -> uid(f).equals(retried)).findFirst().orElseThrow()));
        WebClient.Answer purge = admin.post("/api/queue/purge", "{\"destinations\": [\"flaky\"]}");
        assertThat(purge.json().path("message").asText()).startsWith("2 failed job(s) purged");
        assertThat(destination(admin.get("/api/queue").json(), "flaky").path("failed").asLong()).isZero();
    }

    @Test
    void twentyJobsWaitingBehindAnOpenBreakerShowInStatusAsTheForwardQueue() throws Exception {
        int closed = FreePorts.next(); // nothing listens there
        ferry = WebFerry.start(dir, WebFerry.users() + "destinations:\n  down: {dicom: \"DOWN@127.0.0.1:" + closed
                + "\", queue: {breaker-after: 1, retry-first: 1h, retry-longest: 1h}}\n"
                + "routes:\n  - name: relay\n    default: true\n    forward: [down]\n");
        send("FERRY", TestStudy.of("P-B", "2.25.72000", 20), "out");
        Await.until("20 jobs waiting behind the open breaker", () -> {
            JsonNode down = ferry.admin().get("/api/status").json().path("forwardQueue").get(0);
            return down.path("waiting").asLong() == 20 && down.path("breaker").asText().equals("open");
        });

        String status = FerryRun.of("status", "--config", dir.resolve("ferry.yaml").toString()).out();

        assertThat(status).contains("forward queue: 20 job(s) waiting, 0 in flight, 0 failed, 1 destination(s) with"
                + " the breaker open\n").containsPattern("\n  down\\s+20\\s+0\\s+0\\s+\\d+s\\s+breaker open, next "
                + "probe in \\d+ s\n").contains("store actions (into store folders): waiting 0, failed since start 0");
    }

    @Test
    void studiesAwaitingAndCompleteComeWithTheirNotificationsAndAFailedOneIsSentAgain() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + routes("1h"));
        WebClient admin = ferry.admin();
        send("FERRY", TestStudy.of("P-S", "2.25.73000", 2), "out");
        Await.until("the study awaited", () -> admin.get("/api/studies?state=awaiting").json().size() == 1);

        JsonNode awaited = ferry.viewer().get("/api/studies?state=awaiting").json().get(0);
        assertThat(awaited.path("studyInstanceUid").asText()).isEqualTo("2.25.73000");
        assertThat(awaited.path("patientName").asText()).as("a logged-in viewer sees patient data")
                .isEqualTo("Test^Patient");
        assertThat(awaited.path("objects").asLong()).isEqualTo(2);
        assertThat(awaited.path("state").asText()).isEqualTo("awaiting");
        assertThat(awaited.path("secondsLeft").asLong()).as("counting down from the 1 h quiet period")
                .isBetween(1L, 3600L);
        assertThat(admin.get("/api/studies?state=complete").json()).isEmpty();

        // a reload with a short quiet period completes it; its command fails (no flag file) and is given up
        Files.writeString(dir.resolve("ferry.yaml"), Files.readString(dir.resolve("ferry.yaml"))
                .replace("quiet-period: 1h", "quiet-period: 1s"));
        WebClient.Answer reload = admin.post("/api/config/reload", null);
        assertThat(reload.status()).isEqualTo(200);
        assertThat(reload.json().path("reloaded").asBoolean()).isTrue();
        Await.until("the notification failed", () -> admin.get("/api/notifications?state=failed").json().size()
                == 1);
        JsonNode complete = admin.get("/api/studies/2.25.73000").json().get(0);
        assertThat(complete.path("state").asText()).isEqualTo("complete");
        assertThat(complete.path("secondsLeft").isNull()).isTrue();
        assertThat(complete.at("/notifications/0/state").asText()).isEqualTo("failed");
        assertThat(complete.at("/notifications/0/lastError").asText()).contains("exited with code 1");
        long id = complete.at("/notifications/0/id").asLong();
        assertThat(admin.get("/api/studies/2.25.99999").status()).isEqualTo(404);

        Files.writeString(dir.resolve("flag"), "");
        WebClient.Answer notSuch = admin.post("/api/notifications/retry", "{\"ids\": [" + (id + 100) + "]}");
        assertThat(notSuch.status()).isEqualTo(400);
        WebClient.Answer retry = admin.post("/api/notifications/retry", "{\"ids\": [" + id + "]}");
        assertThat(retry.json().path("retried").asInt()).isEqualTo(1);
        Await.until("the notification sent", () -> admin.get("/api/notifications?state=sent").json().size() == 1);
        assertThat(admin.get("/api/notifications").json().get(0).path("id").asLong()).isEqualTo(id);
        assertThat(admin.get("/api/notifications?state=failed").json()).isEmpty();
    }

    @Test
    void unroutedObjectsAreListedAndRoutedAgainOnceTheConfigurationIsFixed() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + routes("1h"));
        WebClient admin = ferry.admin();
        List<Path> sent = send("OTHER", TestStudy.of("P-U", "2.25.74000", 2), "out");
        Await.until("2 unrouted objects", () -> admin.get("/api/unrouted").json().path("total").asLong() == 2);

        JsonNode listing = ferry.viewer().get("/api/unrouted").json();
        JsonNode entry = listing.at("/entries/0");
        assertThat(entry.path("sopInstanceUid").asText()).isEqualTo("2.25.74000.1.1");
        assertThat(entry.path("callingAeTitle").asText()).isEqualTo("SCANNER");
        assertThat(entry.path("patientId").asText()).isEqualTo("P-U");
        assertThat(entry.path("error").isNull()).isTrue();
        JsonNode still = admin.post("/api/unrouted/reroute", "{}").json();
        assertThat(still).hasSize(2).allMatch(result -> result.path("outcome").asText().equals("unrouted"));
        assertThat(admin.get("/api/unrouted").json().path("total").asLong()).isEqualTo(2);

        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, Files.readString(config) + "  - name: other\n    when: {called: OTHER}\n"
                + "    store: {folder: other-store}\n");
        JsonNode check = admin.get("/api/config/check").json();
        assertThat(check.path("valid").asBoolean()).isTrue();
        assertThat(admin.post("/api/config/reload", null).json().path("reloaded").asBoolean()).isTrue();

        JsonNode one = admin.post("/api/unrouted/reroute", "{\"paths\": [\"" + entry.path("path").asText()
                + "\"]}").json();
        assertThat(one.at("/0/outcome").asText()).isEqualTo("routed");
        assertThat(one.at("/0/routes/0").asText()).isEqualTo("other");
        JsonNode rest = admin.post("/api/unrouted/reroute", "{}").json();
        assertThat(rest).hasSize(1);
        assertThat(admin.get("/api/unrouted").json().path("total").asLong()).isZero();
        Await.until("both stored by route other", () -> files(dir.resolve("other-store")).size() == 2);
        List<DataSet> stored = new ArrayList<>();
        for (Path file : files(dir.resolve("other-store"))) {
            stored.add(dataSet(file));
        }
        assertThat(stored).containsExactlyInAnyOrder(dataSet(sent.get(0)), dataSet(sent.get(1)));

        Files.writeString(config, Files.readString(config) + "  - name: broken\n    store: {folder: x}\n"
                + "    colour: blue\n");
        JsonNode broken = admin.get("/api/config/check").json();
        assertThat(broken.path("valid").asBoolean()).isFalse();
        assertThat(broken.path("problems").get(0).asText()).contains("unknown setting 'colour'");
        WebClient.Answer refused = admin.post("/api/config/reload", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("message").asText()).startsWith("reload refused");
    }

    @Test
    void theIndexIsQueriedAtEachLevelAndGivesAnInstancesTagsAndAStoredStudyIsSentAgain() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + routes("1h").replace("    forward: [flaky]\n", ""));
        WebClient viewer = ferry.viewer();
        TestStudy study = new TestStudy("P-IDX", "2.25.75000", 2, 2, 512);
        List<Path> sent = send("FERRY", study, "out");
        Await.until("4 instances indexed", () -> viewer.get("/api/index/instances?StudyInstanceUID=2.25.75000")
                .json().path("matches").size() == 4);

        JsonNode studies = viewer.get("/api/index/studies?PatientID=P-IDX&StudyDate=2026").json();
        assertThat(studies.path("matches")).hasSize(1);
        assertThat(studies.at("/matches/0/attributes/0020000D/Value/0").asText()).isEqualTo("2.25.75000");
        assertThat(studies.at("/matches/0/attributes/00081030/Value/0").asText()).isEqualTo("Brain research");
        assertThat(viewer.get("/api/index/patients?PatientID=P-IDX").json().path("matches")).hasSize(1);
        assertThat(viewer.get("/api/index/series?StudyInstanceUID=2.25.75000").json().path("matches")).hasSize(2);
        JsonNode page = viewer.get("/api/index/instances?SeriesInstanceUID=2.25.75000.1&limit=1").json();
        assertThat(page.path("matches")).hasSize(1);
        assertThat(page.path("more").asBoolean()).isTrue();
        assertThat(page.at("/matches/0/handling/routes/0").asText()).isEqualTo("research");
        assertThat(viewer.get("/api/index/studies?NotAKeyword=1").status()).isEqualTo(400);
        assertThat(viewer.get("/api/index/studies?StudyDate=yesterday").status()).isEqualTo(400);

        WebClient.Answer tags = viewer.get("/api/index/instances/2.25.75000.2.1/tags");
        assertThat(tags.status()).isEqualTo(200);
        assertThat(tags.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/dicom+json");
        DataSet original = dataSet(sent.stream().filter(f -> uid(f).equals("2.25.75000.2.1")).findFirst()
                .orElseThrow());
        assertThat(tags.json().at("/00100020/Value/0").asText()).isEqualTo(original.getString(Tags.PatientID));
        assertThat(tags.json().at("/0008103E/Value/0").asText())
                .isEqualTo(original.getString(Tags.SeriesDescription));
        assertThat(tags.json().at("/00200013/Value/0").asInt()).isEqualTo(1);
        assertThat(viewer.get("/api/index/instances/2.25.1/tags").status()).isEqualTo(404);

        // resend: the stored files go to the copy destination as stored
        WebClient admin = ferry.admin();
        assertThat(viewer.post("/api/resend", "{\"study\": \"2.25.75000\", \"destination\": \"copy\"}").status())
                .isEqualTo(403);
        WebClient.Answer resend = admin.post("/api/resend", "{\"study\": \"2.25.75000\", \"destination\": \"copy\"}");
        assertThat(resend.status()).isEqualTo(200);
        assertThat(resend.json().path("matched").asInt()).isEqualTo(4);
        assertThat(resend.json().path("queued").asInt()).isEqualTo(4);
        assertThat(resend.json().path("lastJobId").asLong() - resend.json().path("firstJobId").asLong())
                .isEqualTo(3);
        Await.until("4 files in copy", () -> files(dir.resolve("copy")).size() == 4);
        Set<DataSet> copied = new HashSet<>();
        for (Path file : files(dir.resolve("copy"))) {
            copied.add(dataSet(file));
        }
        Set<DataSet> stored = new HashSet<>();
        for (Path file : files(dir.resolve("store"))) {
            stored.add(dataSet(file));
        }
        assertThat(copied).isEqualTo(stored).hasSize(4);
        assertThat(files(dir.resolve("store"))).as("the stored files stay").hasSize(4);
        WebClient.Answer series = admin.post("/api/resend", "{\"study\": \"2.25.75000\", \"series\": "
                + "\"2.25.75000.1\", \"destination\": \"copy\"}");
        assertThat(series.json().path("queued").asInt()).isEqualTo(2);
        assertThat(admin.post("/api/resend", "{\"study\": \"2.25.75000\", \"destination\": \"nowhere\"}").status())
                .isEqualTo(400);
        assertThat(admin.post("/api/resend", "{\"study\": \"2.25.1\", \"destination\": \"copy\"}").json()
                .path("error").asText()).contains("no instance of study 2.25.1");
        assertThat(admin.post("/api/resend", "{\"destination\": \"copy\"}").status()).isEqualTo(400);
        assertThat(admin.post("/api/resend", "not json").status()).isEqualTo(400);
    }

    @Test
    void liveAssociationsShowTheirPeerAndProgress() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + routes("1h"));
        String explicit = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        RequestorSettings settings = new RequestorSettings("HOLDER", "FERRY", "127.0.0.1", ferry.dicomPort,
                List.of(new PresentationContextRq(1, TestStudy.MR, List.of(explicit))), 0, null, Timeouts.DEFAULT,
                null);
        try (Association association = Requestor.connect(settings)) {
            PresentationContext context = association.info().contextsFor(TestStudy.MR).get(0);
            DataSet object = TestStudy.of("P-L", "2.25.76000", 1).object(1, 1);
            try (OutputStream out = association.sendWithDataSet(context, new CStoreRq(association.nextMessageId(),
                    TestStudy.MR, object.getString(Tags.SOPInstanceUID), Priority.MEDIUM))) {
                DicomWriter.writeDataSet(out, object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            }
            association.receive();

            JsonNode live = ferry.viewer().get("/api/status").json().path("associations");
            String text = FerryRun.of("status", "--config", dir.resolve("ferry.yaml").toString()).out();
            association.release();

            assertThat(live).hasSize(1);
            assertThat(live.at("/0/callingAeTitle").asText()).isEqualTo("HOLDER");
            assertThat(live.at("/0/calledAeTitle").asText()).isEqualTo("FERRY");
            assertThat(live.at("/0/peer").asText()).startsWith("127.0.0.1:");
            assertThat(live.at("/0/port").asInt()).isEqualTo(ferry.dicomPort);
            assertThat(live.at("/0/messagesReceived").asLong()).isEqualTo(1);
            assertThat(live.at("/0/bytesReceived").asLong()).isGreaterThan(2048);
            assertThat(text).containsPattern("\n    HOLDER -> FERRY from 127\\.0\\.0\\.1:\\d+: 1 message\\(s\\), ");
        }
        Await.until("the association gone", () -> ferry.viewer().get("/api/status").json().path("associations")
                .isEmpty());
    }

    @Test
    void withoutUsersTheLocalCallerIsAnAdminWhoseChangesNeedTheServersCsrfToken() throws Exception {
        ferry = WebFerry.start(dir, routes("1h"));
        send("FERRY", TestStudy.of("P-LOCAL", "2.25.77000", 1), "out");
        WebClient local = ferry.client();
        Await.until("the study listed", () -> local.get("/api/studies").json().size() == 1);

        assertThat(local.get("/api/studies").json().at("/0/patientId").asText())
                .as("whoever can connect to the loopback port sees patient data").isEqualTo("P-LOCAL");
        JsonNode session = local.get("/api/session").json();
        assertThat(session.path("how").asText()).isEqualTo("local");
        assertThat(session.path("role").asText()).isEqualTo("admin");
        assertThat(local.post("/api/queue/retry", "{}").status()).as("no token: a page of another site could "
                + "not have read it").isEqualTo(403);
        assertThat(local.csrf(session.path("csrfToken").asText()).post("/api/queue/retry", "{}").status())
                .isEqualTo(200);
        assertThat(ferry.client().login("anyone", "x").status()).isEqualTo(400);
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The data set of a file (its meta information aside), to compare what was sent with what arrived. */
    static DataSet dataSet(Path file) throws IOException {
        return DicomReader.read(file, ReadOptions.DEFAULT).dataSet();
    }

    static String uid(Path file) {
        try {
            DicomFile read = DicomReader.read(file, ReadOptions.DEFAULT);
            return read.dataSet().getString(Tags.SOPInstanceUID);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
