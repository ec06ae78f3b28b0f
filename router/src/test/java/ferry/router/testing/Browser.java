package ferry.router.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for browser tests, driven by Selenium through Debian's {@code chromium-driver}: skips the test
 * (or fails it when peers are required) when {@code chromium} or {@code chromedriver} is not installed. Every
 * network request the pages make is recorded ({@link #requests()}), with the size of what it sent, so a test can
 * prove that a page uploaded nothing.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start()) {
 *     browser.driver().get(ferry.url() + "viewer/");
 *     browser.screenshot(Path.of("target/screenshots/viewer.png"));
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A request a page made: its method, URL, and how many bytes its body held (0 without a body, -1 for a body
     * Chromium did not show, which a test must count as content).
     */
    public record Request(String method, String url, long bodyBytes) {
    }

    private final ChromeDriver driver;
    private final List<Request> requests = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts Chromium, headless, 1280 × 900. */
    public static Browser start() {
        Path chromium = Peers.requireExecutable("chromium", "apt-get install chromium");
        Path chromedriver = Peers.requireExecutable("chromedriver", "apt-get install chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** The driver, to open pages and find elements. */
    public WebDriver driver() {
        return driver;
    }

    /** Waits up to 20 s until {@code condition} holds (is neither null nor false), and returns what it gave. */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
    }

    /** Runs {@code script} in the page and returns its result. */
    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Saves a PNG of the window to {@code file} (its folder is created). */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines the pages wrote to the console (errors included), since the last call. */
    public List<String> consoleLines() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** Every request the pages made since the browser started (or since {@link #forgetRequests()}). */
    public List<Request> requests() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if (!"Network.requestWillBeSent".equals(message.path("method").asText())) {
                    continue;
                }
                JsonNode request = message.path("params").path("request");
                requests.add(new Request(request.path("method").asText(), request.path("url").asText(),
                        bodyBytes(request)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(requests);
    }

    /** Forgets the requests recorded so far. */
    public void forgetRequests() {
        requests();
        requests.clear();
    }

    private static long bodyBytes(JsonNode request) {
        long bytes = 0;
        for (JsonNode entry : request.path("postDataEntries")) {
            bytes += entry.path("bytes").asText().length() * 3L / 4; // base64
        }
        if (bytes == 0 && request.has("postData")) {
            bytes = request.path("postData").asText().length();
        }
        if (bytes == 0 && request.path("hasPostData").asBoolean()) {
            bytes = -1; // a body Chromium did not show: count it as one of unknown size
        }
        return bytes;
    }

    /** Options as Chrome DevTools names them, for tests that need more (e.g. downloads). */
    public Map<String, Object> devTools(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
