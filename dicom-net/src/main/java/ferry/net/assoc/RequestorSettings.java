package ferry.net.assoc;

import ferry.net.pdu.AsyncOperationsWindow;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.RoleSelection;
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
 * @param roleSelections the SCP/SCU role selections to propose (PS3.7 §D.3.3.4), e.g. the SCP role of the storage
 *                       SOP classes a C-GET brings back; empty for the default roles (we are the SCU)
 */
public record RequestorSettings(String callingAeTitle, String calledAeTitle, String host, int port,
                                List<PresentationContextRq> contexts, long maxPduLength,
                                AsyncOperationsWindow window, Timeouts timeouts, Tls tls,
                                List<RoleSelection> roleSelections) {
    public RequestorSettings {
        contexts = List.copyOf(contexts);
        if (contexts.isEmpty() || contexts.size() > 128) {
            throw new IllegalArgumentException("1 to 128 presentation contexts must be proposed, not "
                    + contexts.size());
        }
        roleSelections = List.copyOf(roleSelections);
    }

    /** Settings that propose no role selection: we take the SCU role of every context, the default. */
    public RequestorSettings(String callingAeTitle, String calledAeTitle, String host, int port,
                             List<PresentationContextRq> contexts, long maxPduLength, AsyncOperationsWindow window,
                             Timeouts timeouts, Tls tls) {
        this(callingAeTitle, calledAeTitle, host, port, contexts, maxPduLength, window, timeouts, tls, List.of());
    }
}
