package ferry.router.retention;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {
    final ConfigProblems problems = new ConfigProblems();

    RetentionSettings read(String yaml) throws Exception {
        return RetentionSettings.parse(YamlSource.read(new StringReader(yaml), "test"), problems);
    }

    @Test
    void everyKeyIsReadAndOffKeepsForEver() throws Exception {
        RetentionSettings settings = read("{journal: 180d, forward-jobs: off, notifications: 30d, studies: 2d, "
                + "every: 30m}");

        assertThat(problems.all()).isEmpty();
        assertThat(settings).isEqualTo(new RetentionSettings(Duration.ofDays(180), null, Duration.ofDays(30),
                Duration.ofDays(2), Duration.ofMinutes(30)));
    }

    @Test
    void theDefaultsAreDocumented() throws Exception {
        assertThat(read("{}")).isEqualTo(RetentionSettings.defaults());
        assertThat(RetentionSettings.defaults()).isEqualTo(new RetentionSettings(Duration.ofDays(90),
                Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(90), Duration.ofHours(1)));
    }

    @Test
    void retentionsUnderADayAndRunsMoreOftenThanAMinuteAreRefused() throws Exception {
        read("""
                journal: 12h
                forward-jobs: 0
                every: 10s
                studies: soon
                """);

        assertThat(problems.all()).extracting(Object::toString).containsExactlyInAnyOrder(
                "line 1, journal: should be at least 1d, or off to keep for ever (housekeeping never deletes "
                        + "unfinished work, but what is deleted cannot be looked up any more)",
                "line 2, forward-jobs: should be at least 1d, or off to keep for ever (housekeeping never deletes "
                        + "unfinished work, but what is deleted cannot be looked up any more)",
                "line 3, every: should be at least 1m",
                "line 4, studies: expected a duration such as 16s, 500ms, 5m or 2h, found 'soon'");
    }
}
