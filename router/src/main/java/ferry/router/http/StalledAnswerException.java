package ferry.router.http;

import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** An answer whose body stopped coming for the time limit, after its headers came. */
public final class StalledAnswerException extends HttpTimeoutException {
    StalledAnswerException(Duration timeout) {
        super("the answer stopped coming for " + timeout.toSeconds() + " s");
    }
}
