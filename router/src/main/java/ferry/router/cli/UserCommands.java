package ferry.router.cli;

import ferry.router.web.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry user hash}: makes the BCrypt hash of a password for the {@code users:} of the configuration
 * (docs/web.md). The password is asked twice at the terminal without echo, or read from the first line of standard
 * input with {@code --stdin} (for scripts); it is never an argument, which other users could see in the process list.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Users of the web server (docs/web.md).",
        subcommands = {UserCommands.Hash.class})
public final class UserCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code ferry user hash [--name NAME --role ROLE] [--stdin]}. */
    @Command(name = "hash", mixinStandardHelpOptions = true,
            description = {"Print the BCrypt hash of a password, for password-hash under users: (docs/web.md).",
                "The password is asked twice without echo; --stdin reads it from the first line of standard input."})
    static final class Hash implements Callable<Integer> {
        @Option(names = "--stdin", description = "Read the password from the first line of standard input.")
        boolean stdin;
        @Option(names = "--name", paramLabel = "NAME", description = "Print a whole users: entry for this user.")
        String name;
        @Option(names = "--role", paramLabel = "ROLE", description = "viewer or admin, with --name (default: viewer).")
        String role = "viewer";
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!role.equals("viewer") && !role.equals("admin")) {
                err.println("ferry user hash: --role is viewer or admin, not '" + role + "'");
                return 2;
            }
            String password;
            if (stdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? "" : line;
            } else {
                Console console = System.console();
                if (console == null) {
                    err.println("ferry user hash: no terminal to ask the password at; give it on standard input with"
                            + " --stdin");
                    return 2;
                }
                char[] first = console.readPassword("Password: ");
                char[] again = console.readPassword("The same again: ");
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    err.println("ferry user hash: the two passwords differ");
                    return 1;
                }
                password = new String(first);
                Arrays.fill(first, ' ');
                Arrays.fill(again, ' ');
            }
            String hash;
            try {
                hash = PasswordHash.of(password);
            } catch (IllegalArgumentException e) {
                err.println("ferry user hash: " + e.getMessage());
                return 1;
            }
            if (name == null) {
                out.println(hash);
            } else {
                out.println("users:");
                out.println("  - name: " + name);
                out.println("    role: " + role);
                out.println("    password-hash: \"" + hash + "\"");
            }
            return 0;
        }
    }
}
