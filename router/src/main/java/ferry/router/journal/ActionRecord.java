package ferry.router.journal;

import java.util.Objects;

/**
 * What one action of a route did to an object, e.g. {@code ("mri", "store", "placed", "/data/mri/…/1.dcm")} or
 * {@code ("mri", "store", "failed", "disk full")}.
 *
 * @param route  the route's name
 * @param action the action's kind, e.g. {@code store}, {@code forward}, {@code unrouted}
 * @param result what came of it, e.g. {@code placed}, {@code skipped}, {@code queued}, {@code failed}
 * @param detail the path placed, the reason of a failure, or null
 */
public record ActionRecord(String route, String action, String result, String detail) {

    /** The {@link #result} of an action that failed: it is carried out again. */
    public static final String FAILED = "failed";

    public ActionRecord {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
    }

    /** Whether the action failed (and is still to be done). */
    public boolean failed() {
        return FAILED.equals(result);
    }
}
