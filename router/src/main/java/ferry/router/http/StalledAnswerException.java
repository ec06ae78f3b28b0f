package ferry.router.http;

import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** An answer whose body stopped coming, or came at under about 1 KB/s, for the time limit, after its headers came. */
public final class StalledAnswerException extends HttpTimeoutException {
    StalledAnswerException(Duration timeout) {
        super("the answer stopped coming (or came at under 1 KB/s) for " + timeout.toSeconds() + " s");
    }
}
