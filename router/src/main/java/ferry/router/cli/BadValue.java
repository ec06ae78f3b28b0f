package ferry.router.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A command line whose syntax is right but one of whose values is not (a date in the wrong format, a key the
 * dictionary does not know): reported as one line naming the value and what it should be, then where the help is,
 * without the command's whole usage, which would bury the one line that matters. Exit code 2, as for any usage error.
 */
final class BadValue extends ParameterException {
    private static final long serialVersionUID = 1L;

    BadValue(CommandLine commandLine, String message) {
        super(commandLine, message);
    }

    /** Handles a {@link BadValue} so; hands every other parse problem to {@code fallback} (message and usage). */
    static CommandLine.IParameterExceptionHandler handler(CommandLine.IParameterExceptionHandler fallback) {
        return (problem, arguments) -> {
            if (!(problem instanceof BadValue)) {
                return fallback.handleParseException(problem, arguments);
            }
            CommandLine command = problem.getCommandLine();
            command.getErr().println("ferry " + command.getCommandName() + ": " + problem.getMessage());
            command.getErr().println("Run 'ferry help " + command.getCommandName() + "' for its options.");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        };
    }
}
