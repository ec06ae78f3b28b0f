package ferry.net.service;

import ferry.net.assoc.AssociationAbortedException;
import java.io.IOException;
import java.util.List;

/**
 * {@link StoreScu#sendAll} stopped because its association ended (aborted by either side, released by the peer, or
 * the connection broke): the message says why, and the files are split into those in flight, whose requests were
 * sent or being sent without an answer (each may or may not be stored; the one that made the peer abort is among
 * them), and those not begun, which a new association can carry.
 */
public final class UnfinishedSendException extends IOException {
    private final transient List<StoreScu.FileToSend> unanswered;
    private final transient List<StoreScu.FileToSend> notBegun;

    UnfinishedSendException(AssociationAbortedException cause, List<StoreScu.FileToSend> unanswered,
                            List<StoreScu.FileToSend> notBegun) {
        super(cause.getMessage(), cause);
        this.unanswered = List.copyOf(unanswered);
        this.notBegun = List.copyOf(notBegun);
    }

    /** The files whose requests were sent, or being sent, without an answer, in the order they were sent. */
    public List<StoreScu.FileToSend> unanswered() {
        return unanswered;
    }

    /** The files not begun, in their order. */
    public List<StoreScu.FileToSend> notBegun() {
        return notBegun;
    }
}
