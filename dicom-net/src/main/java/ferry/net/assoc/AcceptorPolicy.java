package ferry.net.assoc;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * What an acceptor agrees to, as data (PS3.8 §7.1.1): which called AE titles it serves, which callers it admits,
 * which abstract syntaxes and transfer syntaxes (in preference order) it accepts, how many associations it serves
 * at once, and the largest P-DATA PDU it receives.
 *
 * @param calledAeTitles         AE titles this acceptor answers to; empty answers to any
 * @param allowedCallers         callers admitted; empty admits anyone
 * @param abstractSyntaxes       SOP classes accepted; ignored for storage classes when {@code anyStorageClass}
 * @param anyStorageClass        accept every abstract syntax not in {@link #abstractSyntaxes()} as a storage class,
 *                               including unknown and private ones (storescp's promiscuous mode)
 * @param transferSyntaxes       transfer syntaxes accepted, the most preferred first
 * @param maxAssociations        concurrent associations served; more are rejected with "local limit exceeded"
 * @param maxPduLength           the largest P-DATA-TF PDU this acceptor receives (0: no limit)
 */
public record AcceptorPolicy(Set<String> calledAeTitles, List<CallerRule> allowedCallers,
                             Set<String> abstractSyntaxes, boolean anyStorageClass, List<String> transferSyntaxes,
                             int maxAssociations, long maxPduLength) {

    public AcceptorPolicy {
        calledAeTitles = Set.copyOf(calledAeTitles);
        allowedCallers = List.copyOf(allowedCallers);
        abstractSyntaxes = Set.copyOf(abstractSyntaxes);
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1");
        }
    }

    /** Whether this acceptor answers to {@code calledAeTitle}. */
    public boolean serves(String calledAeTitle) {
        return calledAeTitles.isEmpty() || calledAeTitles.contains(calledAeTitle);
    }

    /** Whether a caller is admitted. */
    public boolean admits(String callingAeTitle, InetAddress from) {
        return allowedCallers.isEmpty() || allowedCallers.stream().anyMatch(r -> r.allows(callingAeTitle, from));
    }
}
