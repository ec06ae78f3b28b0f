package ferry.router.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.core.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogOutputTest {
    private static final Logger LOG = LoggerFactory.getLogger("ferry.router.log.test");
    private static final String LINE = "x".repeat(200);

    @TempDir
    Path dir;

    @AfterEach
    void backToTheConsole() throws IOException {
        LogOutput.apply(LogSettings.defaults());
    }

    @Test
    void aFileIsRolledBySizeAndTheRolledFilesStayUnderTheTotalCap() throws Exception {
        Path file = dir.resolve("logs/ferry.log");
        long maxFile = 64 << 10;
        long total = 256 << 10;
        LogOutput.apply(new LogSettings(LogSettings.Level.INFO, Map.of(), file, false, false, maxFile, 30, total));

        for (int i = 0; i < 20_000; i++) { // about 5 MB of text, some 80 files' worth before compression
            LOG.info("line {} {}", i, LINE);
        }
        LOG.info("the last line");

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("the last line");
        assertThat(Files.size(file)).isLessThan(2 * maxFile);
        Await.until("rolled files compressed and the oldest deleted down to the cap", () -> {
            List<Path> rolled = rolled(file.getParent());
            return !rolled.isEmpty() && rolled.stream().allMatch(p -> p.toString().endsWith(".gz"))
                    && rolled.stream().mapToLong(LogOutputTest::size).sum() <= total;
        });
        assertThat(rolled(file.getParent())).allMatch(p -> p.getFileName().toString()
                .matches("ferry\\.log\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.gz"));
    }

    @Test
    void jsonLinesCarryTheLevelTheLoggerAndTheMessageWithItsArguments() throws Exception {
        Path file = dir.resolve("ferry.log");
        LogOutput.apply(new LogSettings(LogSettings.Level.INFO, Map.of(), file, false, true,
                LogSettings.DEFAULT_MAX_FILE_SIZE, 30, LogSettings.DEFAULT_TOTAL_SIZE));

        LOG.warn("stored {} objects", 42);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("loggerName").asText()).isEqualTo("ferry.router.log.test");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("stored 42 objects");
    }

    @Test
    void theLevelAndPerLoggerLevelsDecideWhatIsWrittenAndApplyingAgainReplacesThem() throws Exception {
        Path file = dir.resolve("ferry.log");
        Logger queue = LoggerFactory.getLogger("ferry.router.queue.Lane");
        LogOutput.apply(new LogSettings(LogSettings.Level.WARN, Map.of("ferry.router.queue",
                LogSettings.Level.DEBUG), file, false, false, LogSettings.DEFAULT_MAX_FILE_SIZE, 30,
                LogSettings.DEFAULT_TOTAL_SIZE));

        LOG.info("an info line of another logger");
        queue.debug("a debug line of the queue");
        LogOutput.apply(new LogSettings(LogSettings.Level.INFO, Map.of(), file, false, false,
                LogSettings.DEFAULT_MAX_FILE_SIZE, 30, LogSettings.DEFAULT_TOTAL_SIZE));
        queue.debug("a debug line after the reload");
        LOG.info("an info line after the reload");

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).contains("a debug line of the queue", "an info line after the reload")
                .doesNotContain("an info line of another logger", "a debug line after the reload");
    }

    @Test
    void aLogFolderThatCannotBeMadeIsRefusedAndTheLoggingInForceStays() throws Exception {
        Path file = dir.resolve("logs/ferry.log");
        LogOutput.apply(new LogSettings(LogSettings.Level.INFO, Map.of(), file, false, false,
                LogSettings.DEFAULT_MAX_FILE_SIZE, 30, LogSettings.DEFAULT_TOTAL_SIZE));
        Files.writeString(dir.resolve("not-a-folder"), "a file where the folder should be");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogOutput.apply(new LogSettings(
                LogSettings.Level.INFO, Map.of(), dir.resolve("not-a-folder/ferry.log"), false, false,
                LogSettings.DEFAULT_MAX_FILE_SIZE, 30, LogSettings.DEFAULT_TOTAL_SIZE)))
                .isInstanceOf(IOException.class);
        LOG.info("still logged where it was");

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("still logged where it was");
    }

    private static List<Path> rolled(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> !p.getFileName().toString().equals("ferry.log")).toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // deleted meanwhile
        }
    }

    @Test
    void theRecentLinesOfTheDashboardStayWhenTheSettingsChange() throws IOException {
        RecentLog recent = RecentLog.installed();

        LogOutput.apply(new LogSettings(LogSettings.Level.INFO, Map.of(), dir.resolve("ferry.log"), false, false,
                LogSettings.DEFAULT_MAX_FILE_SIZE, 30, LogSettings.DEFAULT_TOTAL_SIZE));
        long before = RecentLogTest.last(recent);
        LOG.info("after the reload");

        assertThat(RecentLog.installed()).isSameAs(recent);
        assertThat(recent.last(10, null, before)).extracting(RecentLog.Line::message)
                .containsExactly("after the reload");
    }
}
