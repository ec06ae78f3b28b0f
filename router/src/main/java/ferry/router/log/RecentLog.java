package ferry.router.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The last {@value #LINES} lines of Ferry's log, kept in memory for the dashboard (docs/api.md, {@code GET /api/log}):
 * a Logback appender on the root logger, so it holds what the {@code log:} settings let through (INFO and above by
 * default), whatever the file and console say. {@link LogOutput} keeps it across reloads. Lines are cut at
 * {@value #MAX_MESSAGE} characters; an exception adds its type and message, not its stack. Logging threads take its
 * lock only to put a line in the ring.
 */
public final class RecentLog extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** The appender's name in Logback. */
    public static final String NAME = "ferry-recent";
    /** Lines kept. */
    public static final int LINES = 500;
    static final int MAX_MESSAGE = 2000;

    /**
     * A line of the log.
     *
     * @param sequence its number since the start (the next line's is larger)
     * @param at       when it was logged
     * @param level    {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG} or {@code TRACE}
     * @param logger   the logger's short name ({@code EventLog})
     * @param thread   the thread that logged it
     * @param message  the message, with the exception's type and message when there was one
     */
    public record Line(long sequence, Instant at, String level, String logger, String thread, String message) {
    }

    private final Line[] ring = new Line[LINES];
    private long next;

    private RecentLog() {
        setName(NAME);
    }

    /** The appender on the root logger, added the first time. */
    public static synchronized RecentLog installed() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(NAME) instanceof RecentLog recent) {
            return recent;
        }
        RecentLog recent = new RecentLog();
        recent.setContext(context);
        recent.start();
        root.addAppender(recent);
        return recent;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = Objects.toString(event.getFormattedMessage(), "");
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message = message + " — " + thrown.getClassName() + (thrown.getMessage() == null ? ""
                    : ": " + thrown.getMessage());
        }
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        String logger = event.getLoggerName();
        logger = logger.substring(logger.lastIndexOf('.') + 1);
        synchronized (ring) {
            ring[(int) (next % LINES)] = new Line(next, Instant.ofEpochMilli(event.getTimeStamp()),
                    event.getLevel().toString(), logger, event.getThreadName(), message);
            next++;
        }
    }

    /**
     * The last {@code limit} lines at {@code least} or above, with a sequence larger than {@code after}, the oldest
     * first.
     */
    public List<Line> last(int limit, String least, long after) {
        Level threshold = least == null ? Level.ALL : level(least);
        List<Line> found = new ArrayList<>();
        synchronized (ring) {
            for (long sequence = next - 1; sequence >= Math.max(0, next - LINES) && sequence > after
                    && found.size() < limit; sequence--) {
                Line line = ring[(int) (sequence % LINES)];
                if (Level.toLevel(line.level()).isGreaterOrEqual(threshold)) {
                    found.add(line);
                }
            }
        }
        Collections.reverse(found);
        return found;
    }

    private static Level level(String text) {
        Level level = Level.toLevel(text.toUpperCase(Locale.ROOT), null);
        if (level == null || level == Level.ALL || level == Level.OFF) {
            throw new IllegalArgumentException("level must be error, warn, info, debug or trace, not '" + text + "'");
        }
        return level;
    }
}
