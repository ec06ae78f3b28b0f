package ferry.router.web.viewer;

import ferry.router.testing.Browser;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The tag viewer in a {@link Browser}, as a user works it: open files, pick one, expand, search, read values. */
final class ViewerPage {
    private final Browser browser;

    ViewerPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens {@code url} and waits until the page's scripts have run. */
    ViewerPage load(String url) {
        browser.driver().get(url);
        browser.waitFor(d -> "true".equals(browser.script("return document.body.dataset.ready")));
        return this;
    }

    /** Chooses files (DICOM or zip) with the "Choose files" input. */
    void choose(Path... files) {
        int before = fileNames().size();
        browser.driver().findElement(By.id("files")).sendKeys(
                Stream.of(files).map(Path::toString).collect(Collectors.joining("\n")));
        awaitListed(before);
    }

    /** Chooses a folder with the "Choose a folder" input. */
    void chooseFolder(Path folder) {
        int before = fileNames().size();
        browser.driver().findElement(By.id("folder")).sendKeys(folder.toString());
        awaitListed(before);
    }

    private void awaitListed(int before) {
        browser.waitFor(d -> fileNames().size() > before
                && "false".equals(d.findElement(By.id("file-list")).getAttribute("aria-busy")));
    }

    /** The names in the file list, as shown (a skipped file's reason included). */
    @SuppressWarnings("unchecked")
    List<String> fileNames() {
        // one call for the whole list, which may hold hundreds
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('#file-list li button'),"
                + " b => b.innerText.trim())");
    }

    /** Selects the file whose listed path is {@code path} and waits until its tags are shown. */
    void select(String path) {
        WebElement button = (WebElement) browser.script("return Array.from(document.querySelectorAll("
                + "'#file-list li button')).find(b => b.innerText.trim() === arguments[0])", path);
        if (button == null) {
            throw new AssertionError(path + " is not listed: " + fileNames());
        }
        button.click();
        browser.waitFor(d -> path.equals(browser.script("return document.body.dataset.loaded")));
    }

    /**
     * The value shown for the element at {@code path} (hex tags and item indexes, {@code 300A00B0/0/300A00C2}),
     * expanding the sequences on the way as a user clicks them open.
     */
    String value(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i += 2) {
            openSequence(String.join("/", List.of(parts).subList(0, i + 1)));
        }
        // a long value shows its start and a "show all" button, clicked here as a user does
        browser.waitFor(d -> browser.script("const e = document.querySelector(`[data-path='${arguments[0]}']`);"
                + "if (!e) return false; const more = e.querySelector(':scope > .row .more, :scope > summary > .row"
                + " .more'); if (more) more.click(); return true;", path));
        return browser.waitFor(d -> (String) browser.script("const e = document.querySelector(`[data-path='${arguments[0]}']`);"
                + "if (!e) return null;"
                + "const row = e.querySelector(':scope > .row, :scope > summary > .row');"
                + "return row.querySelector('.value').textContent;", path));
    }

    /** Opens the sequence (or encapsulated pixel data) at {@code path} with a click, as a user does. */
    void openSequence(String path) {
        WebElement details = browser.driver().findElement(By.cssSelector("[data-path='" + path + "']"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.cssSelector(":scope > summary .tag")).click();
        }
        browser.waitFor(d -> details.getAttribute("open") != null);
    }

    /** The visible text of the element at {@code path}. */
    String text(String path) {
        return browser.driver().findElement(By.cssSelector("[data-path='" + path + "']")).getText();
    }

    /** The text of the row of {@code path} (tag, name, keyword, VR, length, value). */
    String row(String path) {
        return browser.driver().findElement(By.cssSelector("[data-path='" + path + "'] .row")).getText();
    }

    /** The error shown for the file, or "". */
    String error() {
        return browser.driver().findElement(By.id("file-error")).getText();
    }

    /** What the file's facts say (size, encoding, notes). */
    String facts() {
        return browser.driver().findElement(By.id("file-facts")).getText();
    }

    /** Types {@code text} into the search box and returns the paths of the rows that match. */
    List<String> search(String text) {
        WebElement search = browser.driver().findElement(By.id("search"));
        search.clear();
        search.sendKeys(text);
        browser.waitFor(d -> d.findElement(By.id("status")).getText().contains("match \"" + text + "\""));
        @SuppressWarnings("unchecked")
        List<String> paths = (List<String>) browser.script("return Array.from(document.querySelectorAll("
                + "'.row.match')).map(r => r.closest('[data-path]').dataset.path)");
        return paths;
    }
}
