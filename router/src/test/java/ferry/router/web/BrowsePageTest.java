package ferry.router.web;

import static ferry.router.web.DashboardPageTest.first;
import static ferry.router.web.DashboardPageTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.data.DataSet;
import ferry.core.data.Sequence;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.router.testing.Browser;
import ferry.router.testing.Dcmtk;
import ferry.router.testing.TestStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The index browser in a real Chromium (docs/web.md, "Studies"): a study found by patient, date and modality, its
 * series and instances, and an instance's header as a tree whose sequences open to their items, with the values
 * that were sent.
 */
@Tag("database")
class BrowsePageTest {
    @TempDir
    Path dir;

    @AutoClose
    WebFerry ferry;

    @Test
    void findsAStudyByPatientDateAndModalityAndShowsAnInstancesTagsWithASequenceExpanded() throws Exception {
        ferry = WebFerry.start(dir, WebFerry.users() + """
                routes:
                  - name: research
                    when: {called: FERRY}
                    store: {folder: store}
                """);
        TestStudy study = new TestStudy("P-BROWSE", "2.25.84000", 2, 2, 512);
        Path out = dir.resolve("out");
        study.write(out);
        DataSet referring = study.object(1, 1);
        Sequence references = referring.newSequence(Tags.ReferencedImageSequence);
        for (int i = 1; i <= 2; i++) {
            DataSet item = references.addItem();
            item.setString(Tags.ReferencedSOPClassUID, Vr.UI, TestStudy.MR);
            item.setString(Tags.ReferencedSOPInstanceUID, Vr.UI, "2.25.84000.2." + i);
            DataSet purpose = item.newSequence(Tags.PurposeOfReferenceCodeSequence).addItem();
            purpose.setString(Tags.CodeValue, Vr.SH, "121311");
            purpose.setString(Tags.CodingSchemeDesignator, Vr.SH, "DCM");
            purpose.setString(Tags.CodeMeaning, Vr.LO, "Localizer <b>" + i + "</b>");
        }
        DicomWriter.writeFile(out.resolve("s01_i00001.dcm"), new DataSet(), referring,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        TestStudy.of("P-OTHER", "2.25.84100", 1).write(dir.resolve("other"));
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, out).exitCode()).isZero();
        assertThat(Dcmtk.send("SCANNER", "FERRY", ferry.dicomPort, dir.resolve("other")).exitCode()).isZero();
        Await.until("5 instances indexed", () -> ferry.viewer().get("/api/index/instances?PatientID=P-*").json()
                .path("matches").size() == 5);

        try (Browser browser = Browser.start()) {
            browser.driver().manage().window().setSize(new Dimension(1280, 1000));
            browser.driver().get(ferry.url() + "ui/browse.html");
            DashboardPageTest.logIn(browser, WebFerry.VIEWER, WebFerry.VIEWER_PASSWORD);
            browser.waitFor(d -> d.findElements(By.cssSelector("tr.study")).size() == 2 ? true : null);

            search(browser, "P-BROWSE", "Test", "CT");
            browser.waitFor(d -> text(d, "#results").contains("No study in the index matches.") ? true : null);
            search(browser, "P-BROWSE", "Test", "mr");
            WebElement found = browser.waitFor(d -> d.findElements(By.cssSelector("tr.study")).size() == 1
                    ? first(d, "tr.study[data-study='2.25.84000']") : null);
            assertThat(found.getText()).contains("Test Patient", "P-BROWSE", "2026-11-22", "Brain research", "MR",
                    "2", "4");
            browser.screenshot(DashboardPageTest.SCREENSHOTS.resolve("browse.png"));

            found.click();
            browser.waitFor(d -> first(d, "tr.series[data-series='2.25.84000.1']")).click();
            browser.waitFor(d -> first(d, "tr.instance[data-instance='2.25.84000.1.1']")).click();
            WebElement sequence = browser.waitFor(d -> first(d, "#tags li.sequence[data-tag='00081140']"));
            WebElement firstReference = sequence.findElement(By.cssSelector("li[data-tag='00081155'] .value"));
            assertThat(firstReference.isDisplayed()).as("a sequence is closed until opened").isFalse();
            assertThat(text(browser.driver(), "#tags li[data-tag='00100020']")).isEqualTo("(0010,0020) Patient ID LO "
                    + "P-BROWSE");
            assertThat(text(browser.driver(), "#tags li[data-tag='00100010'] .value")).isEqualTo("Test^Patient");

            sequence.findElement(By.tagName("summary")).click();
            assertThat(firstReference.isDisplayed()).isTrue();
            assertThat(firstReference.getText()).isEqualTo("2.25.84000.2.1");
            assertThat(sequence.findElement(By.tagName("summary")).getText())
                    .isEqualTo("(0008,1140) Referenced Image Sequence SQ 2 items");
            WebElement purpose = sequence.findElement(By.cssSelector("li.sequence[data-tag='0040A170']"));
            purpose.findElement(By.tagName("summary")).click();
            assertThat(purpose.findElement(By.cssSelector("li[data-tag='00080104'] .value")).getText())
                    .as("a value that looks like HTML is shown as text").isEqualTo("Localizer <b>1</b>");
            browser.screenshot(DashboardPageTest.SCREENSHOTS.resolve("browse-tags.png"));
            assertThat(browser.driver().getCurrentUrl()).contains("#", "instance=2.25.84000.1.1");

            browser.driver().navigate().back();
            browser.waitFor(d -> first(d, "tr.instance[data-instance='2.25.84000.1.2']"));
            assertThat(DashboardPageTest.errors(browser)).isEmpty();
        }
    }

    private static void search(Browser browser, String patientId, String name, String modality) {
        for (String[] field : new String[][] {{"patient-id", patientId}, {"patient-name", name},
            {"modality", modality}}) {
            WebElement input = browser.driver().findElement(By.id(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
        browser.script("document.getElementById('date-from').value = '2026-11-01';"
                + "document.getElementById('date-to').value = '2026-11-30';");
        browser.driver().findElement(By.id("find")).click();
    }
}
