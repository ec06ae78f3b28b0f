package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.router.config.ConfigLoader;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.FerryProcess;
import ferry.core.testing.FreePorts;
import ferry.router.testing.TestStudy;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Study completion and its notifications end to end: dcmtk's storescu sends, Ferry (in this JVM) receives, stores,
 * completes the study after its quiet period and tells GreenMail (a real SMTP server in this JVM), a webhook
 * receiver (the JDK's HTTP server) and a command.
 */
class NotificationEndToEndTest {
    @TempDir
    Path dir;

    private FerryService service;
    private GreenMail smtp;
    private int smtpPort;
    private int dicomPort;

    @BeforeEach
    void ports() throws IOException {
        smtpPort = FreePorts.next();
        dicomPort = FreePorts.next();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }


    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private FerryService start(String yaml) throws Exception {
        Path file = dir.resolve("ferry.yaml");
        Files.writeString(file, yaml);
        service = FerryService.start(ConfigLoader.load(file));
        return service;
    }

    private String smtpYaml() {
        return "smtp: {host: 127.0.0.1, port: " + smtpPort + ", from: ferry@example.org}\n"
                + "notifications: {retry-first: 200ms, retry-longest: 1s}\n";
    }

    private List<MimeMessage> awaitMails(int count) throws InterruptedException {
        Await.until(count + " mail(s)", () -> smtp.getReceivedMessages().length >= count);
        return List.of(smtp.getReceivedMessages());
    }

    private ToolRun send(String calledAe, Path folder) {
        ToolRun run = Dcmtk.send("SCANNER", calledAe, dicomPort, folder);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }

    private String warningsOrNone() {
        try {
            return warnings(dir.resolve("ferry-1.log"), dir.resolve("ferry-2.log"));
        } catch (IOException e) {
            return "(logs unreadable: " + e + ")";
        }
    }

    /** The warnings and errors in Ferry's logs, to tell why a count is off. */
    private static String warnings(Path... logs) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Path log : logs) {
            if (Files.exists(log)) {
                Files.readAllLines(log).stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                        .forEach(line -> lines.append(log.getFileName()).append(": ").append(line).append('\n'));
            }
        }
        return lines.toString();
    }

    @Test
    void seed000RoutesJsonMailsTheStudyWithCountsDescriptionAndFolderAfterItsQuietPeriod() throws Exception {
        startSmtp();
        Path btuanon = dir.resolve("btuanon");
        Files.writeString(dir.resolve("routes.json"), "[{\"AETITLE\": \"BTUANON\", \"PATH\": \"" + btuanon
                + "\", \"EMAIL\": [\"hbartsch@example.org\"]}]");
        start("http: off\nlisteners:\n  - port: " + dicomPort + "\n    ae-titles: [BTUANON]\nroutes-json: routes.json\n"
                + "completion: {quiet-period: 2s}\n" + smtpYaml());
        new TestStudy("PAT001", "2.25.1000", 1, 300, 2048).write(dir.resolve("out"));

        send("BTUANON", dir.resolve("out"));
        List<MimeMessage> mails = awaitMails(1);

        MimeMessage mail = mails.get(0);
        String body = GreenMailUtil.getBody(mail);
        assertThat(mail.getSubject()).isEqualTo("BTUANON TRANSFER SUCCESS");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("hbartsch@example.org");
        assertThat(body).contains("BTUANON: SCANNER TRANSFER SUCCESS for 300 files (total number of files"
                + " received: 300)");
        assertThat(body).contains("study description: \"Brain research\"");
        // the study folder, its patient ID segment withheld: mails leave patient identifiers out by default
        assertThat(body).contains("file destination: \"" + btuanon.resolve("(withheld)").resolve("20261122_101500")
                .resolve("2.25.1000.1") + "\"");
        assertThat(body).doesNotContain("PAT001").doesNotContain("Test^Patient");
        assertThat(Files.list(btuanon.resolve("PAT001").resolve("20261122_101500").resolve("2.25.1000.1")))
                .hasSize(300);
        Thread.sleep(2500); // a second quiet period: still exactly one mail
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void theWebhookReceivesTheStudyAsJsonAndTheCommandWritesAFileNamingTheStudyFolder() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        try {
            Path script = dir.resolve("arrived.sh");
            Files.writeString(script, "#!/bin/sh\nprintf '%s %s\\n' \"$1\" \"$2\" > \"$3\"\n");
            script.toFile().setExecutable(true);
            Path written = dir.resolve("arrived.txt");
            start("http: off\nlisteners:\n  - port: " + dicomPort + "\n"
                    + "routes:\n  - name: research\n    store: {folder: store, layout: "
                    + "'{PatientID}/{StudyInstanceUID}/{SeriesNumber}/{SOPInstanceUID}.dcm'}\n"
                    + "    completion: {quiet-period: 1s}\n"
                    + "    notify:\n"
                    + "      - webhook: {url: 'http://127.0.0.1:" + http.getAddress().getPort() + "/hook'}\n"
                    + "      - command: {run: ['" + script + "', '{folder}', '#c', '" + written + "']}\n");
            new TestStudy("P7", "2.25.7000", 2, 10, 512).write(dir.resolve("out"));

            send("FERRY", dir.resolve("out"));
            Await.until("the webhook called", () -> bodies.size() == 1);
            Await.until("the command's file", () -> Files.exists(written) && Files.size(written) > 0);

            assertThat(bodies.get(0)).contains("2.25.7000").contains("\"objects\":20");
            assertThat(Files.readString(written).strip()).isEqualTo(dir.resolve("store").resolve("P7")
                    .resolve("2.25.7000") + " FERRY");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aRestartDuringTheQuietPeriodSendsExactlyOneMail() throws Exception {
        startSmtp();
        String yaml = "http: off\nlisteners:\n  - port: " + dicomPort + "\n" + smtpYaml()
                + "routes:\n  - name: mri\n    store: store\n    completion: {quiet-period: 2s}\n"
                + "    notify:\n      - email: [lab@example.org]\n";
        start(yaml);
        TestStudy.of("P2", "2.25.2000", 30).write(dir.resolve("out"));
        send("FERRY", dir.resolve("out"));

        service.close();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        start(yaml);
        List<MimeMessage> mails = awaitMails(1);
        Thread.sleep(3000);

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(GreenMailUtil.getBody(mails.get(0))).contains("for 30 files (total number of files received: 30)");
    }

    @Test
    void aKillDuringTheQuietPeriodThenARestartSendsExactlyOneMailCountingEveryObject() throws Exception {
        startSmtp();
        Path config = dir.resolve("ferry.yaml");
        Files.createDirectories(dir.resolve("data")); // a data directory the file names must exist
        Files.writeString(config, "data-directory: data\nhttp: off\nlisteners:\n  - port: " + dicomPort + "\n" + smtpYaml()
                + "routes:\n  - name: mri\n    store: store\n    completion: {quiet-period: 3s}\n"
                + "    notify:\n      - email: [lab@example.org]\n");
        TestStudy.of("P8", "2.25.8000", 200).write(dir.resolve("out"));

        Process ferry = FerryProcess.run(dir, dir.resolve("ferry-1.log"), "--config", config.toString());
        ToolRun sent = send("FERRY", dir.resolve("out"));
        ferry.destroyForcibly(); // SIGKILL, in the quiet period
        assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        Process restarted = FerryProcess.run(dir, dir.resolve("ferry-2.log"), "--config", config.toString());
        try {
            List<MimeMessage> mails = awaitMails(1);
            Thread.sleep(4000); // another quiet period: still one mail

            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(GreenMailUtil.getBody(mails.get(0))).as(() -> "storescu: " + sent.describe()
                    + "\nFerry's warnings:\n" + warningsOrNone())
                    .contains("for 200 files (total number of files received: 200)");
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLateArrivalBringsOneFollowUpWithOnlyWhatIsNew() throws Exception {
        startSmtp();
        start("http: off\nlisteners:\n  - port: " + dicomPort + "\n" + smtpYaml()
                + "routes:\n  - name: mri\n    store: store\n    completion: {quiet-period: 1s}\n"
                + "    notify:\n      - email: [lab@example.org]\n");
        TestStudy study = new TestStudy("P3", "2.25.3000", 2, 5, 512);
        List<Path> files = study.write(dir.resolve("all"));
        Path first = Files.createDirectories(dir.resolve("first"));
        Path late = Files.createDirectories(dir.resolve("late"));
        for (int i = 0; i < files.size(); i++) {
            Files.copy(files.get(i), (i < 7 ? first : late).resolve(files.get(i).getFileName()));
        }

        send("FERRY", first);
        awaitMails(1);
        send("FERRY", late);
        List<MimeMessage> mails = awaitMails(2);

        assertThat(GreenMailUtil.getBody(mails.get(0))).contains("for 7 files (total number of files received: 7)");
        assertThat(mails.get(1).getSubject()).contains("follow-up");
        assertThat(GreenMailUtil.getBody(mails.get(1))).contains("for 3 files (total number of files received: 10)");
    }

    @Test
    void twoStudiesSentAtOnceOnParallelAssociationsGetTwoCorrectMails() throws Exception {
        startSmtp();
        start("http: off\nlisteners:\n  - port: " + dicomPort + "\n" + smtpYaml()
                + "routes:\n  - name: mri\n    store: store\n    completion: {quiet-period: 1s}\n"
                + "    notify:\n      - email: [lab@example.org]\n");
        TestStudy.of("P4", "2.25.4000", 40).write(dir.resolve("a"));
        TestStudy.of("P5", "2.25.5000", 25).write(dir.resolve("b"));

        Thread other = new Thread(() -> send("FERRY", dir.resolve("b")));
        other.start();
        send("FERRY", dir.resolve("a"));
        other.join();
        List<MimeMessage> mails = awaitMails(2);

        List<String> bodies = mails.stream().map(GreenMailUtil::getBody).toList();
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("2.25.4000").contains("for 40 files"));
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("2.25.5000").contains("for 25 files"));
    }

    @Test
    void aMailServerThatIsDownIsRetriedUntilItIsBackAndReceivingGoesOn() throws Exception {
        start("http: off\nlisteners:\n  - port: " + dicomPort + "\n" + smtpYaml()
                + "routes:\n  - name: mri\n    store: store\n    completion: {quiet-period: 1s}\n"
                + "    notify:\n      - email: [lab@example.org]\n");
        TestStudy.of("P6", "2.25.6000", 50).write(dir.resolve("out"));

        send("FERRY", dir.resolve("out"));
        Await.until("all 50 stored while the mail server is down",
                () -> RouterEndToEndTest.files(dir.resolve("store")).size() == 50);
        Await.until("a failed attempt in the status", () -> service.status().contains("(1 retrying)"));
        assertThat(service.status()).contains("last notification error: e-mail to lab@example.org");
        startSmtp();
        List<MimeMessage> mails = awaitMails(1);

        assertThat(GreenMailUtil.getBody(mails.get(0))).contains("for 50 files");
        Await.until("recorded as sent", () -> service.status().contains("0 pending (0 retrying), 1 sent"));
    }
}
