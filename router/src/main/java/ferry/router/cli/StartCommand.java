package ferry.router.cli;

import ferry.router.config.FerryConfig;
import ferry.router.config.yaml.ConfigException;
import ferry.router.run.FerryService;
import ferry.router.run.InstanceState;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ferry start}: Ferry as a daemon. It starts {@code ferry run} as a new session (detached from the
 * terminal) logging to {@code ferry.log} in the data directory (or the configuration's {@code log.file}), rolled by
 * Ferry itself, with anything else it prints appended to {@code ferry.out}; waits until it answers, and exits. When
 * Ferry already runs for the configuration (on the data directory it recorded for the file, or on the file's) it
 * says so and exits 0, so a cron job may call it every few minutes (seed 000). A data directory the file names must
 * exist; only the default one is made.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start Ferry in the background (log in DATA/ferry.log or log.file, pid in DATA/ferry.pid).",
            "Does nothing, successfully, when Ferry already runs on the same data directory."})
public final class StartCommand implements Callable<Integer> {
    /** How long {@code start} waits for the new process to answer. */
    private static final long WAIT_MILLIS = 120_000;

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (config.file() != null) {
            Optional<InstanceState> recorded = InstanceState.recorded(config.file());
            if (recorded.isPresent()) {
                return alreadyRuns(recorded.get(), out);
            }
        }
        FerryConfig loaded;
        try {
            loaded = config.load();
        } catch (ConfigException | IOException e) {
            err.println("ferry start: " + e.getMessage());
            return 1;
        }
        Path data;
        try {
            data = FerryService.dataDirectory(loaded);
        } catch (IOException e) {
            err.println("ferry start: " + e.getMessage());
            return 1;
        }
        InstanceState state = InstanceState.at(data);
        if (!(state instanceof InstanceState.NotRunning)) {
            return alreadyRuns(state, out);
        }
        Path log = loaded.logFile();
        Path console = loaded.consoleFile();
        ProcessBuilder builder = new ProcessBuilder(command(log))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            err.println("ferry start: cannot start Ferry with its output in " + console.toAbsolutePath() + ": "
                    + e.getMessage());
            return 1;
        }
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            state = InstanceState.at(data);
            if (state instanceof InstanceState.Answering running) {
                out.println("Ferry started (pid " + running.address().pid() + "), log: " + log.toAbsolutePath());
                return 0;
            }
            if (!process.isAlive()) {
                if (!(InstanceState.at(data) instanceof InstanceState.NotRunning)) {
                    out.println("Ferry already runs (started by someone else just now)");
                    return 0;
                }
                err.println("ferry start: Ferry exited at once with code " + process.exitValue() + "; the end of "
                        + console.toAbsolutePath() + ":");
                tail(console, 15).forEach(line -> err.println("  " + line));
                if (Files.exists(log)) {
                    err.println("and of " + log.toAbsolutePath() + ":");
                    tail(log, 15).forEach(line -> err.println("  " + line));
                }
                return 1;
            }
            Thread.sleep(50);
        }
        err.println("ferry start: no answer after " + WAIT_MILLIS / 1000 + " s; see " + log.toAbsolutePath());
        return 1;
    }

    /** Says that Ferry runs already (a success: cron may call {@code start} every few minutes). */
    private int alreadyRuns(InstanceState state, PrintWriter out) {
        if (state instanceof InstanceState.Answering running) {
            out.println("Ferry already runs (pid " + running.address().pid() + ", data directory "
                    + state.dataDirectory() + ")");
            out.print(ControlCommands.movedNote(config, state.dataDirectory()));
        } else if (state instanceof InstanceState.Unreachable silent) {
            out.println(ControlCommands.unreachable(silent));
        }
        return 0;
    }

    /**
     * {@code [setsid] [env --default-signal=HUP] java <our JVM options> -cp <our class path>
     * ferry.router.cli.FerryCommand run [--config F] --log-file LOG}: SIGHUP reloads the daemon even when
     * {@code ferry start} ran with hang-ups ignored (cron, nohup).
     */
    private List<String> command(Path log) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(Signals.hangUpRestored());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-XX:TieredStopAtLevel")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FerryCommand.class.getName());
        command.add("run");
        Path file = config.file();
        if (file != null) {
            command.add("--config");
            command.add(file.toAbsolutePath().toString());
        }
        command.add("--log-file");
        command.add(log.toAbsolutePath().toString());
        return command;
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read the log: " + e.getMessage() + ")");
        }
    }
}
