package ferry.net.assoc;

import java.io.IOException;

/** The association ended by an A-ABORT, sent or received, or by the transport closing; says who and why. */
public final class AssociationAbortedException extends IOException {
    public AssociationAbortedException(String message) {
        super(message);
    }

    public AssociationAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
