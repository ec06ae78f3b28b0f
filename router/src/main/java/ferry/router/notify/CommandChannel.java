package ferry.router.notify;

import ferry.router.config.yaml.ChannelSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program, without a shell: each argument is a template filled from the report, and becomes exactly one
 * argument whatever the values hold. The program also finds the report in {@code FERRY_*} environment variables;
 * of Ferry's own environment it gets only {@link ChannelSettings#INHERITED_VARIABLES} (search path, home, user,
 * locale, time zone, temporary directory), never a secret such as a password or signing key Ferry was given.
 * Its output (stdout and stderr together) is logged line by line; exit code 0 is delivered, any other a temporary
 * failure showing the last lines. A program that outlives its time limit is stopped with the processes it started
 * (SIGTERM, then SIGKILL after {@link #KILL_GRACE}): a temporary failure naming the limit.
 */
public final class CommandChannel implements NotificationChannel {
    /** How long stopped processes get to exit before they are killed. */
    static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(CommandChannel.class);
    private static final int TAIL_LINES = 20;
    private static final int LONGEST_LINE = 2000;
    /** How long output is still read after the program exited (a child it left behind may keep the pipe open). */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private final NotifyConfig.Command config;
    private final Function<String, String> ferryEnvironment;

    /**
     * @param ferryEnvironment looks up a variable of Ferry's environment, {@code System::getenv} in Ferry; only the
     *                         {@link ChannelSettings#INHERITED_VARIABLES} are looked up
     */
    public CommandChannel(NotifyConfig.Command config, Function<String, String> ferryEnvironment) {
        this.config = config;
        this.ferryEnvironment = ferryEnvironment;
    }

    @Override
    public String kind() {
        return "command";
    }

    @Override
    public String describe() {
        return "command " + config.run().get(0);
    }

    @Override
    public CompletionReport.Level on() {
        return config.on();
    }

    @Override
    public void deliver(CompletionReport report) throws NotificationException {
        List<String> argv = config.run().stream().map(argument -> argument.render(report, true)).toList();
        if (argv.get(0).isBlank()) {
            throw new NotificationException(describe() + ": the program's name came out empty", true);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        if (config.directory() != null) {
            builder.directory(config.directory().toFile());
        }
        Map<String, String> variables = builder.environment();
        variables.clear();
        for (String name : ChannelSettings.INHERITED_VARIABLES) {
            String value = ferryEnvironment.apply(name);
            if (value != null) {
                variables.put(name, value);
            }
        }
        variables.putAll(environment(report));
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new NotificationException(describe() + ": cannot run " + argv.get(0) + ": " + e.getMessage(),
                    false, e);
        }
        Output output = new Output(process.getInputStream(), describe());
        Thread reader = new Thread(output, "notify-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(config.timeLimit().toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                reader.join(OUTPUT_GRACE.toMillis());
                throw new NotificationException(describe() + ": did not finish within its time limit of "
                        + ReportText.duration(config.timeLimit()) + "; stopped it and what it started"
                        + output.tail(), false);
            }
            reader.join(OUTPUT_GRACE.toMillis());
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new NotificationException(describe() + ": interrupted; stopped it", false, e);
        }
        int code = process.exitValue();
        if (code != 0) {
            throw new NotificationException(describe() + ": exited with code " + code + output.tail(), false);
        }
    }

    /** The report's variables in the program's environment. */
    static Map<String, String> environment(CompletionReport report) {
        return Map.ofEntries(
                Map.entry("FERRY_STUDY_UID", report.studyInstanceUid()),
                Map.entry("FERRY_SERIES_UID", Objects.requireNonNullElse(report.seriesInstanceUid(), "")),
                Map.entry("FERRY_ROUTE", report.route()),
                Map.entry("FERRY_FOLDER", report.folders().isEmpty() ? "" : report.folders().get(0)),
                Map.entry("FERRY_OBJECTS", Long.toString(report.objects())),
                Map.entry("FERRY_TOTAL", Long.toString(report.totalObjects())),
                Map.entry("FERRY_OUTCOME", report.outcome().name()),
                Map.entry("FERRY_CALLING_AE", report.callingAeTitle()),
                Map.entry("FERRY_CALLED_AE", report.calledAeTitle()),
                Map.entry("FERRY_PEER", report.peerAddress()),
                Map.entry("FERRY_ROUND", Integer.toString(report.round())));
    }

    /** Stops the process and its descendants: SIGTERM, and SIGKILL to what is left after the grace period. */
    private static void stop(Process process) {
        List<ProcessHandle> tree = process.descendants().toList(); // before the parent goes and they are re-parented
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).thenCombine(process.onExit(), (a, b) -> b)
                    .get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("processes left after SIGTERM, killing them", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** Reads the program's output: logs each line and keeps the last ones for a failure's reason. */
    private static final class Output implements Runnable {
        private final InputStream stream;
        private final String description;
        private final Deque<String> last = new ArrayDeque<>();

        Output(InputStream stream, String description) {
            this.stream = stream;
            this.description = description;
        }

        @Override
        public void run() {
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = reader.read()) >= 0) {
                    if (c == '\n' || line.length() >= LONGEST_LINE) {
                        line(line);
                    }
                    if (c != '\n') {
                        line.append((char) c);
                    }
                }
                if (line.length() > 0) {
                    line(line);
                }
            } catch (IOException e) {
                LOG.debug("{}: output no longer readable", description, e);
            }
        }

        private void line(StringBuilder line) {
            int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
            String text = line.substring(0, end);
            line.setLength(0);
            LOG.info("{}: {}", description, text);
            synchronized (last) {
                last.addLast(text);
                if (last.size() > TAIL_LINES) {
                    last.removeFirst();
                }
            }
        }

        /** The last lines, as the end of a failure message; empty when there was no output. */
        String tail() {
            synchronized (last) {
                return last.isEmpty() ? "" : "; last output:\n" + String.join("\n", last);
            }
        }
    }
}
