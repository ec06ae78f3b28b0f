package ferry.router.testing;

import ferry.router.cli.FerryCommand;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One {@code ferry} command run in this JVM through the entry point the launcher uses ({@link FerryCommand#execute}),
 * with what it printed.
 *
 * @param exitCode its exit code
 * @param out      what it printed on standard output
 * @param err      what it printed on standard error
 */
public record FerryRun(int exitCode, String out, String err) {

    /** Runs {@code ferry ARGS...}. */
    public static FerryRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FerryCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new FerryRun(code, out.toString(), err.toString());
    }
}
