package ferry.router.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code ferry} top command: the entry point of the {@code ./ferry} launcher.
 *
 * <p>It does nothing by itself; every action is a subcommand, and all subcommands are listed in
 * the {@link Command#subcommands()} of this class.
 */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Ferry, a fast DICOM router: receive, sort, rewrite and forward DICOM images.",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        subcommands = {
            HelpCommand.class,
            DumpCommand.class,
            MakeCommand.class,
            ParseBenchCommand.class,
            EchoCommand.class,
            SendCommand.class,
            ReceiveCommand.class,
            FindCommand.class,
            ExportTagsCommand.class,
            IndexCommand.class,
            ReplicateCommand.class,
            RunCommand.class,
            StartCommand.class,
            ControlCommands.StopCommand.class,
            ControlCommands.StatusCommand.class,
            ControlCommands.ReloadCommand.class,
            ControlCommands.QueueCommand.class,
            CheckCommand.class,
            BackupCommands.Backup.class,
            BackupCommands.Restore.class,
            PruneCommand.class,
            UserCommands.class,
            ViewerCommand.class,
        },
        footer = {"", "Run 'ferry help COMMAND' for the options of a command."})
public final class FerryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Runs {@code ferry} with {@code args} and exits the JVM with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = utf8(System.out);
        PrintWriter err = utf8(System.err);
        int code = execute(DumpCommand.wholeValuesWhenPiped(args, System.console() != null), out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs {@code ferry} with {@code args}, printing to {@code out} and {@code err}, and returns the exit code.
     * A plain {@code dump} or {@code send} (see {@link DumpCommand#parsePlain}, {@link SendCommand#parsePlain}) runs
     * without picocli, whose model of all the commands takes longer to build than dumping a small folder;
     * everything else goes through {@link #newCommandLine()}.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        String name = args.length == 0 ? "" : args[0];
        List<String> rest = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
        try {
            if (name.equals("dump")) {
                Optional<DumpCommand> dump = DumpCommand.parsePlain(rest);
                if (dump.isPresent()) {
                    return dump.get().dump(out, err);
                }
            } else if (name.equals("send")) {
                Optional<SendCommand> send = SendCommand.parsePlain(rest);
                if (send.isPresent()) {
                    return send.get().send(out, err);
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return failed(name, e, CommandLine.ExitCode.SOFTWARE);
        }
        CommandLine commandLine = newCommandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /**
     * The configured command line. Exit codes: 0 success, 1 a command failed, 2 a usage error
     * (picocli's {@link CommandLine.ExitCode}).
     */
    static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new FerryCommand());
        // Command output is UTF-8 whatever the platform default, and buffered: dump writes a line per element.
        commandLine.setOut(utf8(System.out));
        commandLine.setErr(utf8(System.err));
        commandLine.setParameterExceptionHandler(BadValue.handler(commandLine.getParameterExceptionHandler()));
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) ->
                failed(failed.getCommandName(), e, failed.getCommandSpec().exitCodeOnExecutionException()));
        return commandLine;
    }

    /** Logs that {@code command} failed with {@code e} and returns {@code exitCode}. */
    private static int failed(String command, Exception e, int exitCode) {
        // The logger is created here, not in a static field: starting Logback costs short commands
        // such as `ferry dump` a noticeable part of their run time.
        Logger log = LoggerFactory.getLogger(FerryCommand.class);
        log.error("ferry {} failed: {}", command, e.toString(), e);
        return exitCode;
    }

    private static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16),
                true);
    }

    @Override
    public void run() {
        throw Usage.missingCommand(spec);
    }

    /**
     * Picocli's exceptions, made outside this class: verifying a class that throws one loads picocli, which a plain
     * {@code dump} or {@code send} never uses, and its Java 5 class files are found by opening jar after jar and
     * cannot be kept in the class-data archive. For the same reason no public method here names a picocli type
     * (the Java launcher resolves them all when it looks for {@code main}).
     */
    private static final class Usage {
        static RuntimeException missingCommand(CommandSpec spec) {
            return new ParameterException(spec.commandLine(), "Missing a command");
        }
    }
}
