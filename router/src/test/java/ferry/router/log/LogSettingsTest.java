package ferry.router.log;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSettingsTest {
    private static final Path BASE = Path.of("/etc/ferry");
    final ConfigProblems problems = new ConfigProblems();

    LogSettings read(String yaml) throws Exception {
        return LogSettings.parse(YamlSource.read(new StringReader(yaml), "test"), problems, BASE);
    }

    @Test
    void everyKeyIsReadAndARelativeFileResolvesBesideTheConfiguration() throws Exception {
        LogSettings log = read("{level: warn, loggers: {ferry.router.queue: debug}, file: logs/ferry.log, "
                + "console: true, json: true, max-file-size: 10MB, max-age: 7d, total-size: 200MB}");

        assertThat(problems.all()).isEmpty();
        assertThat(log).isEqualTo(new LogSettings(LogSettings.Level.WARN,
                Map.of("ferry.router.queue", LogSettings.Level.DEBUG), Path.of("/etc/ferry/logs/ferry.log"), true,
                true, 10L << 20, 7, 200L << 20));
    }

    @Test
    void withoutAFileFerryLogsInfoToTheConsoleAndWithOneOnlyToTheFile() throws Exception {
        LogSettings none = read("{}");
        LogSettings file = read("{file: /var/log/ferry/ferry.log}");

        assertThat(problems.all()).isEmpty();
        assertThat(none).isEqualTo(LogSettings.defaults());
        assertThat(none.console()).isTrue();
        assertThat(none.level()).isEqualTo(LogSettings.Level.INFO);
        assertThat(file.console()).isFalse();
        assertThat(file.maxFileSize()).isEqualTo(50L << 20);
        assertThat(file.maxDays()).isEqualTo(30);
        assertThat(file.totalSize()).isEqualTo(1L << 30);
    }

    @Test
    void aFerryStartedAsADaemonLogsToItsFileAndNotToTheConsole() {
        LogSettings daemon = LogSettings.defaults().toFile(Path.of("/data/ferry.log"));

        assertThat(daemon.file()).isEqualTo(Path.of("/data/ferry.log"));
        assertThat(daemon.console()).isFalse();
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        read("""
                level: loud
                max-file-size: 1KB
                max-age: 2h
                total-size: 512
                file: ''
                colour: true
                """);

        assertThat(problems.all()).extracting(Object::toString).containsExactlyInAnyOrder(
                "line 1, level: expected one of error, warn, info, debug, trace, found 'loud'",
                "line 2, max-file-size: should be at least 64KB",
                "line 3, max-age: should be at least 1d (files roll daily)",
                "line 4, total-size: should be at least max-file-size",
                "line 5, file: a log file needs a name; leave the key out to log to the console",
                "line 6, colour: unknown setting 'colour'");
    }
}
