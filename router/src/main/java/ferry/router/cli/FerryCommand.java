package ferry.router.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
        versionProvider = FerryVersion.class,
        description = "Ferry, a fast DICOM router: receive, sort, rewrite and forward DICOM images.",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        subcommands = {
            HelpCommand.class,
            DumpCommand.class,
            ParseBenchCommand.class,
            EchoCommand.class,
            SendCommand.class,
            ReceiveCommand.class,
            FindCommand.class,
            RunCommand.class,
            StartCommand.class,
            ControlCommands.Stop.class,
            ControlCommands.Status.class,
            ControlCommands.Reload.class,
            CheckCommand.class,
        },
        footer = {"", "Run 'ferry help COMMAND' for the options of a command."})
public final class FerryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Runs {@code ferry} with {@code args} and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The configured command line. Exit codes: 0 success, 1 a command failed, 2 a usage error
     * (picocli's {@link CommandLine.ExitCode}).
     */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new FerryCommand());
        // Command output is UTF-8 whatever the platform default, and buffered: dump writes a line per element.
        commandLine.setOut(utf8(System.out));
        commandLine.setErr(utf8(System.err));
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            // The logger is created here, not in a static field: starting Logback costs short commands
            // such as `ferry dump` a noticeable part of their run time.
            Logger log = LoggerFactory.getLogger(FerryCommand.class);
            log.error("ferry {} failed: {}", failed.getCommandName(), e.toString(), e);
            return failed.getCommandSpec().exitCodeOnExecutionException();
        });
        return commandLine;
    }

    private static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16),
                true);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command");
    }
}
