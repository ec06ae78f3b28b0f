package ferry.router.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link LogSettings} in force in Logback, replacing what {@code logback.xml} set up. A reload that leaves the
 * file's settings as they were keeps the file appender as it is and loses no line; one that changes them stops the
 * old file appender before the new one opens the file (Logback lets one appender at a time write a file), so lines
 * logged in that moment go to the console only, when it is on. Rolled files are named
 * {@code ferry.log.2026-12-06.0.gz} beside the file (compressed in the background) and deleted when older than the
 * settings' days or past their total size. The {@link RecentLog} stays as it is.
 */
public final class LogOutput {
    /** The names of the appenders this class makes: {@code ferry-file}, {@code ferry-console}. */
    private static final String NAME_PREFIX = "ferry-";
    /** Text lines: the time with the date (a file covers days), level, thread, logger, message. */
    static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";
    /** The console keeps logback.xml's short lines (a terminal or the journal adds the date itself). */
    static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    /** The file appender in force and the settings it was made with, or null. */
    private static FileOutput fileOutput;

    private record FileOutput(Appender<ILoggingEvent> appender, Path file, boolean json, long maxFileSize, int maxDays,
                              long totalSize) {
        static FileOutput of(Appender<ILoggingEvent> appender, LogSettings settings) {
            return new FileOutput(appender, settings.file(), settings.json(), settings.maxFileSize(),
                    settings.maxDays(), settings.totalSize());
        }

        boolean sameFileAs(LogSettings settings) {
            return of(appender, settings).equals(this);
        }
    }

    private LogOutput() {
    }

    /**
     * Applies {@code settings} to the process's logging. Throws when the log file's folder cannot be made; the
     * logging in force then stays as it was.
     */
    public static synchronized void apply(LogSettings settings) throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> added = new ArrayList<>();
        Appender<ILoggingEvent> kept = null;
        if (settings.file() != null) {
            if (fileOutput != null && fileOutput.sameFileAs(settings)) {
                kept = fileOutput.appender();
            } else {
                Path parent = settings.file().toAbsolutePath().getParent();
                Files.createDirectories(parent);
                if (!Files.isWritable(parent)) {
                    throw new IOException("cannot write the log folder " + parent);
                }
                if (fileOutput != null) {
                    fileOutput.appender().stop(); // frees the file for the new appender
                }
                Appender<ILoggingEvent> appender = file(context, settings);
                fileOutput = FileOutput.of(appender, settings);
                added.add(appender);
            }
        }
        if (settings.console()) {
            added.add(console(context, settings));
        }
        List<Appender<ILoggingEvent>> old = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(old::add);
        added.forEach(root::addAppender);
        for (Appender<ILoggingEvent> appender : old) {
            if (appender != kept && !RecentLog.NAME.equals(appender.getName())) {
                root.detachAppender(appender);
                appender.stop();
            }
        }
        if (settings.file() == null) {
            fileOutput = null;
        }
        root.setLevel(level(settings.level()));
        Set<String> named = new HashSet<>(settings.loggers().keySet());
        for (Logger logger : context.getLoggerList()) {
            if (logger != root && !named.contains(logger.getName())) {
                logger.setLevel(null); // inherits again: a reload that drops a logger's level takes it back
            }
        }
        QUIET.forEach(name -> {
            if (!named.contains(name)) {
                context.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN);
            }
        });
        settings.loggers().forEach((name, level) -> context.getLogger(name).setLevel(level(level)));
    }

    /**
     * Libraries whose INFO lines say nothing an administrator needs (the web server's start-up chatter): WARN and
     * above only, unless {@code log.loggers} names them.
     */
    static final List<String> QUIET = List.of("org.eclipse.jetty", "io.javalin");

    private static Appender<ILoggingEvent> file(LoggerContext context, LogSettings settings) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(NAME_PREFIX + "file");
        String file = settings.file().toAbsolutePath().toString();
        appender.setFile(file);
        appender.setAppend(true);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(new FileSize(settings.maxFileSize()));
        policy.setMaxHistory(settings.maxDays());
        policy.setTotalSizeCap(new FileSize(settings.totalSize()));
        policy.setCleanHistoryOnStart(true);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, settings.json(), FILE_PATTERN));
        appender.start();
        return appender;
    }

    private static Appender<ILoggingEvent> console(LoggerContext context, LogSettings settings) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(NAME_PREFIX + "console");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, settings.json(), CONSOLE_PATTERN));
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json, String pattern) {
        if (json) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setWithMessage(false); // the message with its arguments filled in, not the template
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    private static ch.qos.logback.classic.Level level(LogSettings.Level level) {
        return ch.qos.logback.classic.Level.toLevel(level.name());
    }
}
