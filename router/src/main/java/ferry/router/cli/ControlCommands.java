package ferry.router.cli;

import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.run.ControlChannel;
import ferry.router.run.InstanceRecord;
import ferry.router.run.InstanceState;
import ferry.router.web.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry status}, {@code stop} and {@code reload}: commands to the Ferry running for a configuration, found
 * through the data directory it recorded at its start ({@link InstanceRecord}), else the one the file names.
 */
final class ControlCommands {
    /**
     * How long {@code ferry stop} waits for Ferry to exit: running associations get 60 s, queued store actions 60 s
     * more, then the journal closes.
     */
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);
    /** How long {@code ferry reload} waits for the answer (new listeners are opened before it). */
    static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(60);

    /** {@code ferry status}'s exit code when Ferry runs but cannot be asked (LSB: status unknown). */
    static final int STATUS_UNKNOWN = 4;

    private ControlCommands() {
    }

    /** The data directory of the configuration given, or null after printing why there is none. */
    static Path dataDirectory(ConfigOption config, PrintWriter err, String command) {
        try {
            FerryConfig loaded = config.load();
            return loaded.dataDirectory();
        } catch (ConfigException | IOException e) {
            err.println("ferry " + command + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * The Ferry the configuration given leads to: the one running on the data directory recorded for its file
     * (even when the file names another one now, or cannot be read), else whatever runs on the file's data
     * directory; null after printing why neither can be told.
     */
    static InstanceState find(ConfigOption config, PrintWriter err, String command) {
        if (config.file() != null) {
            Optional<InstanceState> recorded = InstanceState.recorded(config.file());
            if (recorded.isPresent()) {
                return recorded.get();
            }
        }
        Path data = dataDirectory(config, err, command);
        return data == null ? null : InstanceState.at(data);
    }

    /** What to say of a Ferry that holds its data directory's lock but cannot be asked. */
    static String unreachable(InstanceState.Unreachable state) {
        return "Ferry runs on data directory " + state.dataDirectory() + (state.pid().isEmpty() ? ""
                : " (pid " + state.pid() + ")") + " but cannot be reached: " + state.why();
    }

    /**
     * A line saying that the configuration file now names another data directory than the one Ferry runs on, or
     * an empty string.
     */
    static String movedNote(ConfigOption config, Path running) {
        if (config.file() == null) {
            return "";
        }
        try {
            Path named = config.load().dataDirectory().toAbsolutePath().normalize();
            if (named.equals(running) || Files.exists(named) && Files.isSameFile(named, running)) {
                return "";
            }
            return "note: " + config.file() + " now names data directory " + named + "; Ferry keeps using " + running
                    + " until it is restarted (ferry stop, then ferry start)\n";
        } catch (ConfigException | IOException e) {
            return "";
        }
    }

    /** {@code ferry status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show what the running Ferry is doing: pid, uptime, listeners, active associations, "
                + "objects and bytes per route, unrouted, the forward queue per destination, studies awaiting "
                + "completion, store actions, free disk.",
                "Exit code 0 when Ferry runs, 3 when it does not (as LSB init scripts do), 4 when it runs but "
                + "cannot be asked."})
    static final class StatusCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print the status as JSON (the data of GET /api/status, docs/api.md).")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            InstanceState state = find(config, err, "status");
            if (state == null) {
                return 1;
            }
            if (state instanceof InstanceState.NotRunning) {
                out.println(json ? "{\"running\": false, \"dataDirectory\": " + quoted(state.dataDirectory())
                        + "}" : "Ferry is not running (data directory " + state.dataDirectory() + ")");
                return 3;
            }
            if (state instanceof InstanceState.Unreachable silent) {
                err.println("ferry status: " + unreachable(silent));
                return STATUS_UNKNOWN;
            }
            ControlChannel.Address address = ((InstanceState.Answering) state).address();
            try {
                out.print(ControlChannel.send(address, json ? "status json" : "status", ControlChannel.ANSWER_TIMEOUT));
            } catch (IOException e) {
                err.println("ferry status: Ferry runs (pid " + address.pid() + ", data directory "
                        + state.dataDirectory() + ") but does not answer: " + e.getMessage());
                return STATUS_UNKNOWN;
            }
            if (!json) {
                out.print(movedNote(config, state.dataDirectory()));
            } else if (!movedNote(config, state.dataDirectory()).isEmpty()) {
                err.print(movedNote(config, state.dataDirectory()));
            }
            return 0;
        }
    }

    /** {@code path} as a JSON string. */
    static String quoted(Path path) {
        return Json.text(path.toString()).strip();
    }

    /** {@code ferry stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop the running Ferry: running associations finish, queued work is flushed, then it "
                + "exits. Does nothing when Ferry is not running; exit code 1 when it runs but cannot be asked."})
    static final class StopCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Option(names = "--wait", paramLabel = "SECONDS", description = {"How long to wait for Ferry to exit (default:"
            + " 180); then exit code 1, naming the pid to kill."})
        long waitSeconds = STOP_TIMEOUT.toSeconds();

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            InstanceState state = find(config, err, "stop");
            if (state == null) {
                return 1;
            }
            if (state instanceof InstanceState.NotRunning) {
                out.println("Ferry is not running (data directory " + state.dataDirectory() + ")");
                return 0;
            }
            if (state instanceof InstanceState.Unreachable silent) {
                err.println("ferry stop: " + unreachable(silent) + (silent.pid().isEmpty() ? ""
                        : "; to stop it anyway: kill -TERM " + silent.pid()));
                return 1;
            }
            ControlChannel.Address address = ((InstanceState.Answering) state).address();
            out.println("stopping Ferry (pid " + address.pid() + "): letting running associations finish ...");
            out.flush();
            Duration wait = Duration.ofSeconds(Math.max(1, waitSeconds));
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                ControlChannel.send(address, "stop", wait);
            } catch (IOException e) {
                // it may exit before it answers; waiting for the process below tells
            }
            Optional<ProcessHandle> process = ProcessHandle.of(address.pid());
            try {
                if (process.isPresent()) {
                    process.get().onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                while (!(InstanceState.at(state.dataDirectory()) instanceof InstanceState.NotRunning)) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException();
                    }
                    Thread.sleep(50);
                }
            } catch (TimeoutException | ExecutionException e) {
                err.println("ferry stop: Ferry (pid " + address.pid() + ") has not stopped within "
                        + wait.toSeconds() + " s (it does not answer, or is stopped with SIGSTOP); to stop it"
                        + " anyway: kill -TERM " + address.pid());
                return 1;
            }
            out.println("stopped");
            return 0;
        }
    }

    /** {@code ferry reload}. */
    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = {"Make the running Ferry read its configuration file again (like SIGHUP). Routes and "
                + "listeners change without dropping associations; a file with errors changes nothing (Ferry logs "
                + "the problems too); data-directory, durability and min-free-disk change only at a restart."})
    static final class ReloadCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            InstanceState state = find(config, err, "reload");
            if (state == null) {
                return 1;
            }
            if (state instanceof InstanceState.NotRunning) {
                err.println("ferry reload: Ferry is not running (data directory " + state.dataDirectory() + ")");
                return 1;
            }
            if (state instanceof InstanceState.Unreachable silent) {
                err.println("ferry reload: " + unreachable(silent));
                return 1;
            }
            ControlChannel.Address address = ((InstanceState.Answering) state).address();
            String answer;
            try {
                answer = ControlChannel.send(address, "reload", RELOAD_TIMEOUT);
            } catch (IOException e) {
                err.println("ferry reload: Ferry runs (pid " + address.pid() + ") but does not answer: "
                        + e.getMessage());
                return 1;
            }
            out.print(answer);
            return answer.startsWith("reloaded") ? 0 : 1;
        }
    }

    /** {@code ferry queue [retry|purge [DEST|JOB]...]}. */
    @Command(name = "queue", mixinStandardHelpOptions = true,
            description = {"Show the forwarding queue of the running Ferry: per destination the jobs pending, in "
                + "flight and failed, the oldest one's age, the circuit breaker and the last error, then the failed "
                + "jobs and those waiting for a retry, by id.",
                "'queue retry [DEST|JOB]...' puts failed jobs back and tries jobs waiting for a retry now (all, "
                + "destinations', or jobs by id; 'DEST JOB...' jobs of that destination); 'queue purge "
                + "[DEST|JOB]...' removes failed jobs and the files nothing else needs.",
                "An argument that names no destination and no job it could act on changes nothing and exits 1."})
    static final class QueueCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..*", paramLabel = "retry|purge [DEST|JOB]...",
                description = "What to do with failed jobs; nothing to just show the queue.")
        List<String> action = List.of();
        @Option(names = "--json", description = "Print the queue as JSON (the data of GET /api/queue, docs/api.md).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!action.isEmpty() && !Set.of("retry", "purge").contains(action.get(0))) {
                err.println("ferry queue: '" + action.get(0) + "' is not retry or purge");
                return 2;
            }
            if (json && !action.isEmpty()) {
                err.println("ferry queue: --json shows the queue; it does not go with " + action.get(0));
                return 2;
            }
            InstanceState state = find(config, err, "queue");
            if (state == null) {
                return 1;
            }
            if (!(state instanceof InstanceState.Answering running)) {
                err.println("ferry queue: " + (state instanceof InstanceState.Unreachable silent ? unreachable(silent)
                        : "Ferry is not running (data directory " + state.dataDirectory() + ")"));
                return 1;
            }
            String answer = ControlChannel.send(running.address(), action.isEmpty() ? (json ? "queue json" : "queue")
                    : "queue " + String.join(" ", action), ControlChannel.ANSWER_TIMEOUT);
            if (answer.startsWith(ControlChannel.ERROR)) {
                err.print("ferry queue" + (action.isEmpty() ? "" : " " + action.get(0)) + ": "
                        + answer.substring(ControlChannel.ERROR.length()));
                return 1;
            }
            out.print(answer);
            return 0;
        }
    }
}
