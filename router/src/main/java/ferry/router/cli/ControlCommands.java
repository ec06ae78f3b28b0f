package ferry.router.cli;

import ferry.router.config.ConfigException;
import ferry.router.config.FerryConfig;
import ferry.router.run.ControlChannel;
import ferry.router.run.InstanceLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry status}, {@code stop} and {@code reload}: commands to the Ferry running on a data directory. */
final class ControlCommands {
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

    /** The running Ferry's control address, if Ferry runs on {@code data}. */
    static Optional<ControlChannel.Address> running(Path data) {
        if (!InstanceLock.held(data)) {
            return Optional.empty();
        }
        return ControlChannel.find(data);
    }

    /** {@code ferry status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show what the running Ferry is doing: pid, uptime, listeners, active associations, "
                + "objects and bytes per route, unrouted, queues, free disk.",
                "Exit code 0 when Ferry runs, 3 when it does not (as LSB init scripts do)."})
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path data = dataDirectory(config, spec.commandLine().getErr(), "status");
            if (data == null) {
                return 1;
            }
            Optional<ControlChannel.Address> address = running(data);
            if (address.isEmpty()) {
                out.println("Ferry is not running (data directory " + data.toAbsolutePath() + ")");
                return 3;
            }
            out.print(ControlChannel.send(address.get(), "status"));
            return 0;
        }
    }

    /** {@code ferry stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop the running Ferry: running associations finish, queued work is flushed, then it "
                + "exits. Does nothing when Ferry is not running."})
    static final class Stop implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Path data = dataDirectory(config, spec.commandLine().getErr(), "stop");
            if (data == null) {
                return 1;
            }
            Optional<ControlChannel.Address> address = running(data);
            if (address.isEmpty()) {
                out.println("Ferry is not running (data directory " + data.toAbsolutePath() + ")");
                return 0;
            }
            out.println("stopping Ferry (pid " + address.get().pid() + "): letting running associations finish ...");
            out.flush();
            try {
                ControlChannel.send(address.get(), "stop");
            } catch (IOException e) {
                // it may exit before it answers; waiting for the process below tells
            }
            Optional<ProcessHandle> process = ProcessHandle.of(address.get().pid());
            if (process.isPresent()) {
                process.get().onExit().join();
            }
            while (InstanceLock.held(data)) {
                Thread.sleep(50);
            }
            out.println("stopped");
            return 0;
        }
    }

    /** {@code ferry reload}. */
    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = {"Make the running Ferry read its configuration file again (like SIGHUP). Routes and "
                + "listeners change without dropping associations; a file with errors changes nothing."})
    static final class Reload implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path data = dataDirectory(config, spec.commandLine().getErr(), "reload");
            if (data == null) {
                return 1;
            }
            Optional<ControlChannel.Address> address = running(data);
            if (address.isEmpty()) {
                spec.commandLine().getErr().println("ferry reload: Ferry is not running (data directory "
                        + data.toAbsolutePath() + ")");
                return 1;
            }
            String answer = ControlChannel.send(address.get(), "reload");
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
    static final class Queue implements Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..*", paramLabel = "retry|purge [DEST|JOB]...",
                description = "What to do with failed jobs; nothing to just show the queue.")
        List<String> action = List.of();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!action.isEmpty() && !Set.of("retry", "purge").contains(action.get(0))) {
                err.println("ferry queue: '" + action.get(0) + "' is not retry or purge");
                return 2;
            }
            Path data = dataDirectory(config, err, "queue");
            if (data == null) {
                return 1;
            }
            Optional<ControlChannel.Address> address = running(data);
            if (address.isEmpty()) {
                err.println("ferry queue: Ferry is not running (data directory " + data.toAbsolutePath() + ")");
                return 1;
            }
            String answer = ControlChannel.send(address.get(), action.isEmpty() ? "queue"
                    : "queue " + String.join(" ", action));
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
