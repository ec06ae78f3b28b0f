package ferry.router.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RecentLogTest {
    private static final Logger LOG = LoggerFactory.getLogger("ferry.router.log.RecentLogTest");

    @Test
    void keepsTheLastLinesWithTheirLevelLoggerAndMessageTheOldestFirst() {
        RecentLog recent = RecentLog.installed();
        long before = last(recent);

        LOG.info("first {}", 1);
        LOG.warn("second", new IllegalStateException("broken"));
        LOG.debug("not logged at the INFO level");

        List<RecentLog.Line> lines = recent.last(10, null, before);
        assertThat(lines).extracting(RecentLog.Line::message)
                .containsExactly("first 1", "second — java.lang.IllegalStateException: broken");
        assertThat(lines).extracting(RecentLog.Line::level).containsExactly("INFO", "WARN");
        assertThat(lines).extracting(RecentLog.Line::logger).containsOnly("RecentLogTest");
        assertThat(lines.get(1).sequence()).isEqualTo(lines.get(0).sequence() + 1);
        assertThat(recent.last(10, "warn", before)).extracting(RecentLog.Line::message)
                .containsExactly("second — java.lang.IllegalStateException: broken");
        assertThat(recent.last(1, null, before)).extracting(RecentLog.Line::message)
                .containsExactly("second — java.lang.IllegalStateException: broken");
        assertThatThrownBy(() -> recent.last(10, "loud", before)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void holdsAtMostItsLinesAndCutsLongOnes() {
        RecentLog recent = RecentLog.installed();
        for (int i = 0; i < RecentLog.LINES + 20; i++) {
            LOG.info("line {}", i);
        }
        LOG.info("y".repeat(RecentLog.MAX_MESSAGE + 10));

        List<RecentLog.Line> lines = recent.last(RecentLog.LINES + 100, null, -1);

        assertThat(lines).hasSize(RecentLog.LINES);
        assertThat(lines.get(0).message()).isEqualTo("line 21");
        assertThat(lines.get(lines.size() - 1).message()).hasSize(RecentLog.MAX_MESSAGE + 1).endsWith("…");
    }

    static long last(RecentLog recent) {
        List<RecentLog.Line> lines = recent.last(1, null, -1);
        return lines.isEmpty() ? -1 : lines.get(0).sequence();
    }
}
