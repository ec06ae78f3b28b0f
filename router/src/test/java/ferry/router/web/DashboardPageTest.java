package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.testing.Await;
import ferry.core.testing.ToolRun;
import ferry.net.assoc.Association;
import ferry.net.assoc.PresentationContext;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.net.pdu.PresentationContextRq;
import ferry.router.testing.Browser;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.TestStudy;
import ferry.router.testing.WebClient;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard and the login page in a real Chromium (docs/web.md, "The dashboard"), against a Ferry running in
 * this JVM that receives from dcmtk's storescu: a study seen arriving, counted down and completed with its
 * notification; a failed forward job and a failed notification retried from the page by an admin once what failed
 * works again; a viewer who sees no Retry button and whose retry the server refuses; logging out. No page writes to
 * the console (a Content-Security-Policy violation would). Screenshots go to {@code target/screenshots/}.
 */
class DashboardPageTest {
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    Path dir;

    @AutoClose
    WebFerry ferry;

    @Test
    void showsAStudyArrivingWhileStorescuSendsItsCountdownAndThenItCompleteWithItsNotification() throws Exception {
        ferry = WebFerry.start(dir, """
                destinations:
                  pacs: {folder: {folder: pacs}}
                routes:
                  - name: research
                    when: {called: FERRY}
                    store: {folder: store}
                    forward: [pacs]
                    completion: {quiet-period: 8s}
                    notify:
                      - command: {run: [/bin/true]}
                """);
        TestStudy study = new TestStudy("P-DASH", "2.25.81000", 1, 20, 4096);
        Path out = dir.resolve("out");
        study.write(out);
        Files.delete(out.resolve("s01_i00001.dcm")); // sent over the association held open below

        try (Browser browser = Browser.start(); Association held = associate("HOLDER")) {
            browser.driver().get(ferry.url());
            store(held, study.object(1, 1));
            CompletableFuture<ToolRun> sending = CompletableFuture.supplyAsync(() -> Dcmtk.send("SCANNER", "FERRY",
                    ferry.dicomPort, out));

            WebElement association = browser.waitFor(d -> first(d, "tr.association[data-calling='HOLDER']"));
            assertThat(association.getText()).contains("HOLDER → FERRY (" + ferry.dicomPort + ")")
                    .contains("127.0.0.1:");
            WebElement arriving = browser.waitFor(d -> first(d, "tr.study[data-study='2.25.81000']"
                    + "[data-state='awaiting']"));
            assertThat(arriving.getText()).contains("Test Patient", "P-DASH", "Brain research", "research")
                    .containsPattern("complete in \\d+ s");
            assertThat(sending.get().exitCode()).isZero();
            browser.waitFor(d -> text(d, "tr.study[data-study='2.25.81000'] td.num").startsWith("20") ? true
                    : null);
            browser.waitFor(d -> text(d, "#objects-this-hour b").equals("20") ? true : null);
            browser.driver().manage().window().setSize(new Dimension(1280, 1500));
            browser.screenshot(SCREENSHOTS.resolve("dashboard.png"));
            held.release();

            WebElement complete = browser.waitFor(d -> first(d, "tr.study[data-study='2.25.81000']"
                    + "[data-state='complete']"));
            assertThat(complete.getText()).contains("sent");
            assertThat(browser.waitFor(d -> first(d, "tr.notification[data-state='sent']")).getText())
                    .contains("2.25.81000", "research");
            browser.waitFor(d -> first(d, "tr.association") == null ? true : null); // released
            browser.waitFor(d -> text(d, "tr.destination[data-destination='pacs']").startsWith("pacs 0 0 0 ") ? true
                    : null); // all 20 forwarded
            browser.waitFor(d -> text(d, "#log").contains("association SCANNER@127.0.0.1") ? true : null);
            assertThat(browser.consoleLines()).isEmpty();
        }
    }

    @Test
    void anAdminLogsInAndRetriesAFailedForwardJobAndAFailedNotificationFromTheDashboard() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + failingRoute());
        Files.writeString(dir.resolve("blocked"), "a file where the destination's folder would be");
        List<Path> sent = TestStudy.of("P-RETRY", "2.25.82000", 1).write(dir.resolve("out"));
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, dir.resolve("out")).exitCode()).isZero();
        long job = failedJob(ferry.admin());
        long notification = failedNotification(ferry.admin());

        try (Browser browser = Browser.start()) {
            browser.driver().get(ferry.url());
            browser.waitFor(d -> d.getCurrentUrl().contains("/ui/login.html?next=") ? true : null);
            browser.screenshot(SCREENSHOTS.resolve("login.png"));
            logIn(browser, WebFerry.ADMIN, WebFerry.ADMIN_PASSWORD);

            WebElement failure = browser.waitFor(d -> first(d, "tr.failure[data-job='" + job + "']"));
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(ferry.url());
            assertThat(text(browser.driver(), "#user")).isEqualTo("ada (admin)");
            assertThat(failure.getText()).contains("flaky", "failed", "2.25.82000.1.1");
            assertThat(text(browser.driver(), "tr.destination[data-destination='flaky']")).startsWith("flaky 0 0 1 ");
            browser.driver().manage().window().setSize(new Dimension(1280, 1300));
            browser.screenshot(SCREENSHOTS.resolve("dashboard-failures.png"));
            Files.delete(dir.resolve("blocked"));
            browser.driver().findElement(By.id("retry-job-" + job)).click();

            browser.waitFor(d -> text(d, "#flash").contains("1 failed job(s) queued again") ? true : null);
            browser.waitFor(d -> first(d, "tr.failure") == null ? true : null);
            Await.until("the job delivered", () -> RestApiTest.files(dir.resolve("blocked/flaky")).size() == 1);
            assertThat(RestApiTest.dataSet(RestApiTest.files(dir.resolve("blocked/flaky")).get(0)))
                    .isEqualTo(RestApiTest.dataSet(sent.get(0)));

            assertThat(text(browser.driver(), "tr.notification[data-notification='" + notification + "']"))
                    .contains("failed", "exited with code 1");
            Files.writeString(dir.resolve("flag"), "");
            browser.driver().findElement(By.id("retry-notification-" + notification)).click();
            browser.waitFor(d -> first(d, "tr.notification[data-notification='" + notification + "']"
                    + "[data-state='sent']"));
            assertThat(first(browser.driver(), "#retry-notification-" + notification)).isNull();
            assertThat(errors(browser)).isEmpty();
        }
    }

    @Test
    void aViewerSeesTheFailuresButNoRetryButtonTheServerRefusesItsRetryAndLogsOut() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + failingRoute() + """
                  - name: archive
                    when: {called: OTHER}
                    store: {folder: stuck/archive}
                """);
        Files.writeString(dir.resolve("blocked"), "a file where the destination's folder would be");
        Files.writeString(dir.resolve("stuck"), "a file where the store folder would be");
        TestStudy.of("P-STUCK", "2.25.83100", 1).write(dir.resolve("stuck-out"));
        assertThat(Dcmtk.send("SCANNER", "OTHER", ferry.dicomPort, dir.resolve("stuck-out")).exitCode()).isZero();
        TestStudy.of("P-VIEW", "2.25.83000", 1).write(dir.resolve("out"));
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, dir.resolve("out")).exitCode()).isZero();
        long job = failedJob(ferry.admin());
        failedNotification(ferry.admin());

        try (Browser browser = Browser.start()) {
            browser.driver().get(ferry.url() + "ui/login.html");
            logIn(browser, WebFerry.VIEWER, "not the password");
            String said = browser.waitFor(d -> text(d, "#flash").isEmpty() ? null : text(d, "#flash"));
            assertThat(said).isEqualTo("wrong user name or password");
            browser.driver().findElement(By.id("password")).clear();
            logIn(browser, WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD);

            browser.waitFor(d -> first(d, "tr.failure[data-job='" + job + "']"));
            browser.waitFor(d -> first(d, "tr.notification[data-state='failed']"));
            assertThat(browser.waitFor(d -> first(d, "tr.store-failure")).getText())
                    .contains("2.25.83100.1.1", "archive", dir.resolve("stuck/archive").toString());
            assertThat(text(browser.driver(), "#user")).isEqualTo("vic (viewer)");
            assertThat(browser.driver().findElements(By.cssSelector("button.action"))).as("no admin buttons")
                    .isEmpty();
            Object refused = ((JavascriptExecutor) browser.driver()).executeAsyncScript("const done = arguments[0];"
                    + "Ferry.post('/api/queue/retry', {jobs: [" + job + "]}).then(() => done('done'),"
                    + " (e) => done(e.message));");
            assertThat((String) refused).isEqualTo("vic is a viewer; this needs an admin");
            assertThat(ferry.admin().get("/api/queue/flaky/jobs?state=failed").json()).hasSize(1);

            browser.driver().findElement(By.id("logout")).click();
            browser.waitFor(d -> d.getCurrentUrl().endsWith("/ui/login.html") ? true : null);
            browser.driver().get(ferry.url());
            browser.waitFor(d -> d.getCurrentUrl().contains("/ui/login.html?next=") ? true : null);
            assertThat(errors(browser)).as("but the 401s and the 403 asked for").isEmpty();
        }
    }

    /**
     * A route that forwards to {@code flaky}, a folder under {@code blocked}: down while that is a file; and notifies
     * by a command that fails until the file {@code flag} exists.
     */
    private String failingRoute() {
        return """
                queue: {attempts: 1}
                notifications: {give-up-after: 0s}
                destinations:
                  flaky: {folder: {folder: blocked/flaky}}
                routes:
                  - name: research
                    when: {called: FERRY}
                    store: {folder: store}
                    forward: [flaky]
                    completion: {quiet-period: 1s}
                    notify:
                      - command: {run: [/bin/sh, -c, "test -f FLAG"]}
                """.replace("FLAG", dir.resolve("flag").toString());
    }

    private long failedNotification(WebClient admin) throws InterruptedException {
        Await.until("a failed notification", () -> admin.get("/api/notifications?state=failed").json().size() == 1);
        return admin.get("/api/notifications?state=failed").json().get(0).path("id").asLong();
    }

    private long failedJob(WebClient admin) throws InterruptedException {
        Await.until("a failed job of flaky", () -> admin.get("/api/queue/flaky/jobs?state=failed").json().size()
                == 1);
        return admin.get("/api/queue/flaky/jobs?state=failed").json().get(0).path("id").asLong();
    }

    static void logIn(Browser browser, String user, String password) {
        WebDriver driver = browser.waitFor(d -> first(d, "#login") == null ? null : d);
        WebElement name = driver.findElement(By.id("username"));
        name.clear();
        name.sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
    }

    /** The console lines but those of the answers a test asked for (401 before logging in, 403 for a viewer). */
    static List<String> errors(Browser browser) {
        return browser.consoleLines().stream().filter(line -> !line.contains("status of 401 (Unauthorized)")
                && !line.contains("status of 403 (Forbidden)")).toList();
    }

    static WebElement first(WebDriver driver, String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0);
    }

    static String text(WebDriver driver, String css) {
        WebElement element = first(driver, css);
        return element == null ? "" : element.getText();
    }

    private Association associate(String callingAe) throws Exception {
        String explicit = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        return Requestor.connect(new RequestorSettings(callingAe, "FERRY", "127.0.0.1", ferry.dicomPort,
                List.of(new PresentationContextRq(1, TestStudy.MR, List.of(explicit))), 0, null, Timeouts.DEFAULT,
                null));
    }

    private static void store(Association association, DataSet object) throws Exception {
        PresentationContext context = association.info().contextsFor(TestStudy.MR).get(0);
        try (OutputStream out = association.sendWithDataSet(context, new CStoreRq(association.nextMessageId(),
                TestStudy.MR, object.getString(Tags.SOPInstanceUID), Priority.MEDIUM))) {
            DicomWriter.writeDataSet(out, object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        association.receive();
    }
}
