package ferry.router.forward;

import java.util.Objects;

/**
 * What one delivery attempt came to.
 *
 * @param result what happened
 * @param detail the destination's answer or the error, for the journal and {@code ferry queue} (a DIMSE status with
 *               its comment, an HTTP status with the start of the body, an exception's message)
 */
public record Delivery(Result result, String detail) {
    /** The kinds of outcome; the queue acts on them. */
    public enum Result {
        /** The destination has the object now. */
        DELIVERED,
        /** The destination had it already (a duplicate): as good as delivered. */
        ALREADY_THERE,
        /** Refused, and trying again cannot help: the job fails at once, with this reason. */
        REJECTED,
        /** Did not work this time: the job is retried later. */
        FAILED
    }

    public Delivery {
        Objects.requireNonNull(result, "result");
        detail = Objects.requireNonNullElse(detail, "");
    }

    /** True for DELIVERED and ALREADY_THERE. */
    public boolean done() {
        return result == Result.DELIVERED || result == Result.ALREADY_THERE;
    }

    public static Delivery delivered(String detail) {
        return new Delivery(Result.DELIVERED, detail);
    }

    public static Delivery alreadyThere(String detail) {
        return new Delivery(Result.ALREADY_THERE, detail);
    }

    public static Delivery rejected(String detail) {
        return new Delivery(Result.REJECTED, detail);
    }

    public static Delivery failed(String detail) {
        return new Delivery(Result.FAILED, detail);
    }
}
