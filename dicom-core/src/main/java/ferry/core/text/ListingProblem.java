package ferry.core.text;

/**
 * Something wrong in a text listing, at a line.
 *
 * @param line    the line number, from 1
 * @param kind    how bad it is
 * @param message what is wrong and, where it helps, how to put it right
 */
public record ListingProblem(int line, Kind kind, String message) {

    /** How bad a problem is. */
    public enum Kind {
        /** The listing cannot be read as meant: a syntax error, a value its VR cannot hold, an unknown name. */
        ERROR,
        /**
         * A value (or VR) that breaks a rule of the standard but can be written as listed: an error unless the
         * listing is read leniently, when it is a {@link #WARNING} instead.
         */
        BROKEN_RULE,
        /** Written, but worth knowing. */
        WARNING
    }

    /** Whether the listing must not be written because of this problem. */
    public boolean error() {
        return kind != Kind.WARNING;
    }

    /** {@code line 12: message}, or {@code line 12: warning: message}. */
    @Override
    public String toString() {
        return "line " + line + ": " + (error() ? "" : "warning: ") + message;
    }
}
