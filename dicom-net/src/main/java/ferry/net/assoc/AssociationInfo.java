package ferry.net.assoc;

import ferry.net.pdu.UserInformation;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * What both sides agreed on for one association: who called whom from where, the accepted presentation
 * contexts, and how large the P-DATA PDUs each side receives may be.
 *
 * @param callingAeTitle    the requestor's AE title
 * @param calledAeTitle     the acceptor's AE title
 * @param peer              the remote socket address
 * @param contexts          the accepted presentation contexts
 * @param sendMaxPduLength  the largest PDU the peer receives (0: no limit)
 * @param peerUserInformation the peer's user information item (implementation, windows, identity)
 * @param requestor         true on the side that requested the association
 */
public record AssociationInfo(String callingAeTitle, String calledAeTitle, InetSocketAddress peer,
                              List<PresentationContext> contexts, long sendMaxPduLength,
                              UserInformation peerUserInformation, boolean requestor) {
    public AssociationInfo {
        contexts = List.copyOf(contexts);
    }

    /** The peer as {@code host:port} ({@code [v6]:port}), as written in messages: {@link #hostAndPort}. */
    public String peerAddress() {
        return hostAndPort(peer);
    }

    /**
     * {@code address} as {@code host:port}, the address as given or numeric ({@code [v6]:port} in brackets), never
     * {@link InetSocketAddress#toString()}'s {@code name/127.0.0.1:port} or {@code /127.0.0.1:port}.
     */
    public static String hostAndPort(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The accepted context with this id. */
    public Optional<PresentationContext> context(int id) {
        // A loop, not a stream with a capturing lambda: this runs for every message, and in a cold JVM each
        // capturing lambda is made through method handles that need compiling first.
        for (PresentationContext pc : contexts) {
            if (pc.id() == id) {
                return Optional.of(pc);
            }
        }
        return Optional.empty();
    }

    /** The first accepted context for an abstract syntax in one of the given transfer syntaxes (in order). */
    public Optional<PresentationContext> contextFor(String abstractSyntax, List<String> transferSyntaxes) {
        for (String transferSyntax : transferSyntaxes) {
            for (PresentationContext pc : contexts) {
                if (pc.abstractSyntax().equals(abstractSyntax) && pc.transferSyntax().equals(transferSyntax)) {
                    return Optional.of(pc);
                }
            }
        }
        return Optional.empty();
    }

    /** Every accepted context for an abstract syntax. */
    public List<PresentationContext> contextsFor(String abstractSyntax) {
        return contexts.stream().filter(pc -> pc.abstractSyntax().equals(abstractSyntax)).toList();
    }
}
