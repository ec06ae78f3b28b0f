package ferry.router.cli;

import java.io.IOException;
import java.net.UnknownHostException;

/** Words for why a peer could not be reached, where Java's own message is a bare host name or too terse. */
final class ConnectionProblem {
    private ConnectionProblem() {
    }

    /** {@code e}'s message, said in full for the cases Java says in one word. */
    static String describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage() + " (no such name in DNS or /etc/hosts)";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
