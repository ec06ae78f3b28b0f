package ferry.net.assoc;

import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.pdu.PresentationContextRq;
import java.util.List;

/**
 * What a requestor proposes and how it connects.
 *
 * @param callingAeTitle our AE title
 * @param calledAeTitle  the peer's AE title
 * @param host           the peer's host name or address
 * @param port           the peer's port
 * @param contexts       the presentation contexts to propose (odd ids, at most 128)
 * @param maxPduLength   the largest P-DATA PDU we receive
 * @param window         the asynchronous operations window to propose, or {@code null} for none (one at a time)
 * @param timeouts       time limits
 * @param tls            TLS, or {@code null} for a plain TCP connection
 */
public record RequestorSettings(String callingAeTitle, String calledAeTitle, String host, int port,
                                List<PresentationContextRq> contexts, long maxPduLength,
                                AsyncOperationsWindow window, Timeouts timeouts, Tls tls) {
    public RequestorSettings {
        contexts = List.copyOf(contexts);
        if (contexts.isEmpty() || contexts.size() > 128) {
            throw new IllegalArgumentException("1 to 128 presentation contexts must be proposed, not "
                    + contexts.size());
        }
    }
}
