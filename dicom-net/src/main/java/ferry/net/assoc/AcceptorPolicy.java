package ferry.net.assoc;

import ferry.core.tag.UidEntry;
import ferry.core.tag.UidRegistry;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an acceptor agrees to, as data (PS3.8 §7.1.1): which called AE titles it serves, which callers it admits,
 * which abstract syntaxes and transfer syntaxes (in preference order) it accepts, how many associations it serves
 * at once, and the largest P-DATA PDU it receives.
 *
 * @param calledAeTitles         AE titles this acceptor answers to; empty answers to any
 * @param allowedCallers         callers admitted; empty admits anyone
 * @param abstractSyntaxes       SOP classes accepted besides storage classes (Verification, C-FIND information
 *                               models): what the association's SCP serves
 * @param anyStorageClass        also accept every abstract syntax that may be a storage SOP class (PS3.4 Annex B):
 *                               every registered one, and unknown and private UIDs (storescp's promiscuous mode),
 *                               but no registered SOP class of another service (Query/Retrieve FIND, MOVE and GET,
 *                               Worklist, Storage Commitment, MPPS, Print, ...) and no registered UID of another kind
 * @param transferSyntaxes       transfer syntaxes accepted, the most preferred first;
 *                               {@link Negotiation#ANY_TRANSFER_SYNTAX} accepts the first one proposed that Ferry reads
 * @param maxAssociations        concurrent associations served; more are rejected with "local limit exceeded"
 * @param maxPduLength           the largest P-DATA-TF PDU this acceptor receives (0: no limit)
 * @param storageScpRole         grant a requestor that asks for it the SCP role of the storage SOP classes accepted
 *                               (SCP/SCU Role Selection, PS3.7 §D.3.3.4): it then receives C-STORE sub-operations
 *                               of a C-GET on its own association (PS3.4 C.4.3); otherwise it keeps only the SCU role
 */
public record AcceptorPolicy(Set<String> calledAeTitles, List<CallerRule> allowedCallers,
                             Set<String> abstractSyntaxes, boolean anyStorageClass, List<String> transferSyntaxes,
                             int maxAssociations, long maxPduLength, boolean storageScpRole) {

    /** A policy granting no SCP role to requestors. */
    public AcceptorPolicy(Set<String> calledAeTitles, List<CallerRule> allowedCallers, Set<String> abstractSyntaxes,
                          boolean anyStorageClass, List<String> transferSyntaxes, int maxAssociations,
                          long maxPduLength) {
        this(calledAeTitles, allowedCallers, abstractSyntaxes, anyStorageClass, transferSyntaxes, maxAssociations,
                maxPduLength, false);
    }

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

    /** Whether this acceptor accepts presentation contexts for {@code abstractSyntax}. */
    public boolean accepts(String abstractSyntax) {
        return abstractSyntaxes.contains(abstractSyntax) || anyStorageClass && mayBeStorageClass(abstractSyntax);
    }

    /**
     * Whether a requestor asking for the SCP role of {@code abstractSyntax} gets it: the policy grants it, and the
     * abstract syntax is accepted and may be a storage SOP class.
     */
    public boolean grantsScpRole(String abstractSyntax) {
        return storageScpRole && accepts(abstractSyntax) && mayBeStorageClass(abstractSyntax);
    }

    /**
     * True for a registered storage SOP class (its name says Storage, and it is not Storage Commitment) or an
     * unnamed registered SOP class (two retired ones), and for any UID the registry does not know.
     */
    private static boolean mayBeStorageClass(String uid) {
        Optional<UidEntry> entry = UidRegistry.lookup(uid);
        if (entry.isEmpty()) {
            return true;
        }
        String keyword = entry.get().keyword();
        return entry.get().type().equals("SOP Class")
                && (keyword.isEmpty() || keyword.contains("Storage") && !keyword.startsWith("StorageCommitment"));
    }

    /** Whether a caller is admitted. */
    public boolean admits(String callingAeTitle, InetAddress from) {
        return allowedCallers.isEmpty() || allowedCallers.stream().anyMatch(r -> r.allows(callingAeTitle, from));
    }
}
